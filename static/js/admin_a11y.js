// The admin's two-box tag picker (SelectFilter2.js) draws its search icons as spans
// carrying an aria-label but no role, which ARIA does not allow. It draws them on the
// window's load event; this runs just after and names them as the images they are.
(function () {
  "use strict";
  function nameIcons() {
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  window.addEventListener("load", function () {
    window.setTimeout(nameIcons, 0);
  });
})();
