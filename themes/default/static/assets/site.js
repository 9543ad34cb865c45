/* playbook default theme: the menu on small screens, the table of contents
   that follows the reader, the colour scheme switch and the remembered
   language. Loaded deferred on every page; the page works without it. */
(function () {
  "use strict";
  var root = document.documentElement;
  var store = {
    get: function (key) {
      try { return localStorage.getItem(key); } catch (e) { return null; }
    },
    set: function (key, value) {
      try { localStorage.setItem(key, value); } catch (e) { /* private mode */ }
    }
  };

  // The menu: without this script the navigation stays in the page.
  var button = document.querySelector(".menu-button");
  if (button) {
    root.classList.add("has-menu");
    button.hidden = false;
    var setOpen = function (open) {
      root.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    };
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && root.classList.contains("menu-open")) {
        setOpen(false);
        button.focus();
      }
    });
  }

  // The table of contents marks the section being read.
  var toc = document.getElementById("pb-toc");
  if (toc) {
    var links = Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']"));
    var targets = links.map(function (a) {
      return document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    });
    var current = null;
    var mark = function () {
      var at = -1;
      for (var i = 0; i < targets.length; i++) {
        if (targets[i] && targets[i].getBoundingClientRect().top < 96) at = i;
      }
      // At the bottom of the page the last sections cannot reach the top.
      if (window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2) {
        at = targets.length - 1;
      }
      var link = at < 0 ? null : links[at];
      if (link === current) return;
      if (current) current.removeAttribute("aria-current");
      if (link) link.setAttribute("aria-current", "true");
      current = link;
    };
    var queued = false;
    window.addEventListener("scroll", function () {
      if (queued) return;
      queued = true;
      requestAnimationFrame(function () { queued = false; mark(); });
    }, { passive: true });
    mark();
  }

  // Light, dark or the system's choice, remembered; the page's head sets
  // the remembered one before it is drawn.
  var scheme = document.querySelector(".scheme-button");
  if (scheme) {
    var order = ["system", "light", "dark"];
    var show = function (choice) {
      scheme.textContent = scheme.getAttribute("data-label") + ": " +
        scheme.getAttribute("data-" + choice);
      scheme.setAttribute("data-choice", choice);
    };
    show(store.get("playbook-scheme") || "system");
    scheme.hidden = false;
    scheme.addEventListener("click", function () {
      var next = order[(order.indexOf(scheme.getAttribute("data-choice")) + 1) % order.length];
      if (next === "system") {
        root.removeAttribute("data-scheme");
      } else {
        root.setAttribute("data-scheme", next);
      }
      store.set("playbook-scheme", next);
      show(next);
    });
  }

  // A language the reader picks is the one the site's root opens next time.
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest(".languages a[hreflang]");
    if (a) store.set("playbook-language", a.getAttribute("hreflang"));
  });
})();
