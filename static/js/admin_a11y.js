// Names for controls the admin's own scripts draw without one (see articles/admin_a11y.py).
// - The two-box tag picker (SelectFilter2.js) draws its search icons as spans carrying an
//   aria-label but no role, which ARIA does not allow: they are images.
// - The autocomplete widget (select2) hides the labelled <select> and draws a combobox,
//   a read-only text box and, for several values, a search field, none of them named.
// Both draw themselves by the window's load event; this runs just after.
(function () {
  "use strict";

  function nameOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    return select.getAttribute("aria-label") || (label && label.textContent.replace(/:\s*$/, "").trim()) || "";
  }

  function nameControls() {
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var name = nameOf(select);
      if (!container || !container.classList.contains("select2") || !name) {
        return;
      }
      container.querySelectorAll('[role="combobox"], [role="textbox"], .select2-search__field').forEach(function (el) {
        if (!el.getAttribute("aria-label")) {
          el.setAttribute("aria-label", name);
        }
      });
      // The "clear all" cross sits directly in the list of chosen values: one more item.
      container.querySelectorAll("ul > span.select2-selection__clear").forEach(function (el) {
        el.setAttribute("role", "listitem");
      });
    });
  }

  window.addEventListener("load", function () {
    window.setTimeout(function () {
      nameControls();
      document.documentElement.setAttribute("data-controls-named", "");
    }, 0);
  });
})();
