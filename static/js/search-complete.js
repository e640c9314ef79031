/*
  Suggestions under a search box as the visitor types, as a combobox (WAI-ARIA 1.2 pattern
  "combobox with listbox popup"): arrow keys move through the suggestions, Enter opens the
  chosen record, Escape closes the list, a live region says how many there are.

  Progressive enhancement: every box marked `.search-complete[data-completions-url]` works
  as a plain form without this script; with it, the form is unchanged and Enter without a
  chosen suggestion still submits the search. Suggestions come as JSON from
  portal.views.search_completions and are written with textContent only (no HTML).
*/
(function () {
  "use strict";
  var MIN_LENGTH = 2;
  var DELAY_MS = 150;
  var counter = 0;

  function setUp(wrapper) {
    var input = wrapper.querySelector("input[type=search]");
    var url = wrapper.getAttribute("data-completions-url");
    if (!input || !url || !window.fetch) {
      return;
    }
    counter += 1;
    var listId = "search-suggestions-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-suggestions list-unstyled";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", wrapper.getAttribute("data-label") || "");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.appendChild(list);
    wrapper.appendChild(status);
    wrapper.classList.add("search-complete-ready");

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var timer = null;
    var latest = 0;
    var active = -1;

    function options() {
      return list.querySelectorAll("[role=option]");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var all = options();
      if (!all.length) {
        return;
      }
      active = (index + all.length) % all.length;
      for (var i = 0; i < all.length; i += 1) {
        all[i].setAttribute("aria-selected", i === active ? "true" : "false");
      }
      input.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function show(suggestions) {
      list.textContent = "";
      suggestions.forEach(function (suggestion, index) {
        var option = document.createElement("li");
        option.id = listId + "-" + index;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.setAttribute("data-url", suggestion.url);
        var title = document.createElement("span");
        title.className = "search-suggestion-title";
        title.textContent = suggestion.title;
        if (suggestion.lang && suggestion.lang !== document.documentElement.lang) {
          title.lang = suggestion.lang;
        }
        var kind = document.createElement("span");
        kind.className = "search-suggestion-kind";
        kind.textContent = suggestion.kind;
        option.appendChild(title);
        option.appendChild(kind);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the box until the page changes
          window.location.assign(suggestion.url);
        });
        list.appendChild(option);
      });
      var template = suggestions.length
        ? wrapper.getAttribute("data-count-text") || "{count}"
        : wrapper.getAttribute("data-none-text") || "";
      status.textContent = template.replace("{count}", String(suggestions.length));
      if (suggestions.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        active = -1;
      } else {
        close();
      }
    }

    function load() {
      var text = input.value.trim();
      if (text.length < MIN_LENGTH) {
        close();
        return;
      }
      var request = (latest += 1);
      window
        .fetch(url + "?q=" + encodeURIComponent(text), {
          headers: { Accept: "application/json" },
          credentials: "same-origin",
        })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (request === latest && document.activeElement === input) {
            show(data.suggestions || []);
          }
        })
        .catch(close); // without suggestions the form still searches
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(load, DELAY_MS);
    });
    input.addEventListener("keydown", function (event) {
      var open = !list.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (open) {
          highlight(active + 1);
        } else {
          load();
        }
      } else if (event.key === "ArrowUp" && open) {
        event.preventDefault();
        highlight(active - 1);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault();
        window.location.assign(options()[active].getAttribute("data-url"));
      }
    });
    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
  }

  document.querySelectorAll(".search-complete[data-completions-url]").forEach(setUp);
})();
