/*
 * Search-box suggestions (headlines, topics, countries) from /api/autocomplete.
 *
 * Progressive enhancement: any <div class="autocomplete" data-autocomplete-url>
 * wrapping a text input gets the ARIA 1.2 combobox pattern (input with
 * role="combobox", a listbox of options, aria-activedescendant for the
 * highlighted one). Without JavaScript the form is an ordinary search form.
 * Keys: Down/Up move, Enter opens the highlighted suggestion (or submits the
 * form when none is highlighted), Escape closes the list.
 */
(function () {
  "use strict";

  if (window.newsarchiveAutocomplete) {
    return; // the script may be included by more than one template
  }
  window.newsarchiveAutocomplete = true;

  var DELAY = 150;
  var KIND_LABELS = { headline: "Article", topic: "Topic", country: "Country" };
  var counter = 0;

  function setup(wrapper) {
    var input = wrapper.querySelector("input");
    var url = wrapper.getAttribute("data-autocomplete-url");
    if (!input || !url || wrapper.getAttribute("data-autocomplete-ready")) {
      return;
    }
    wrapper.setAttribute("data-autocomplete-ready", "1");
    counter += 1;
    var listId = "autocomplete-list-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "autocomplete__list";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggestions");
    list.hidden = true;
    wrapper.appendChild(list);

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    var timer = null;
    var latest = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll('[role="option"]');
      for (var i = 0; i < options.length; i += 1) {
        options[i].setAttribute("aria-selected", i === index ? "true" : "false");
      }
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(index) {
      if (items[index]) {
        window.location.href = items[index].url;
      }
    }

    function render(suggestions) {
      items = suggestions;
      list.textContent = "";
      suggestions.forEach(function (item, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.className = "autocomplete__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        var kind = document.createElement("span");
        kind.className = "autocomplete__kind";
        kind.textContent = KIND_LABELS[item.kind] || item.kind;
        var label = document.createElement("span");
        label.textContent = item.label; // text, never HTML
        option.appendChild(kind);
        option.appendChild(label);
        // mousedown, not click: it fires before the input loses focus.
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          go(index);
        });
        list.appendChild(option);
      });
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = suggestions.length + " suggestions; use the arrow keys to choose.";
      } else {
        close();
        status.textContent = "";
      }
      active = -1;
    }

    function fetchSuggestions() {
      var text = input.value.trim();
      if (text.length < 2) {
        render([]);
        return;
      }
      var request = (latest += 1);
      fetch(url + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (request === latest) {
            render(data.suggestions || []);
          }
        })
        .catch(function () {
          render([]); // suggestions are optional; the form still submits
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length > 0;
      if (event.key === "ArrowDown") {
        if (!open) {
          fetchSuggestions();
          return;
        }
        event.preventDefault();
        highlight(active + 1 < items.length ? active + 1 : 0);
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active > 0 ? active - 1 : items.length - 1);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        go(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  function init() {
    var wrappers = document.querySelectorAll(".autocomplete[data-autocomplete-url]");
    for (var i = 0; i < wrappers.length; i += 1) {
      setup(wrappers[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
