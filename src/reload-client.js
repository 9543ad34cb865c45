// The reload client of `playbook serve`, added to every served page (never
// to `build` output). On "reload", or when a "pages" message lists this
// page, it reloads the page, keeping the scroll position; when the page is
// gone (a slug changed), it goes to the language's home. The endpoint comes
// from the script tag's `data-endpoint`, set by the server from its route.
(function () {
  var endpoint = document.currentScript.dataset.endpoint;
  var key = "playbook-scroll:" + location.pathname;
  var y = sessionStorage.getItem(key);
  if (y !== null) {
    sessionStorage.removeItem(key);
    addEventListener("load", function () { scrollTo(0, +y); });
  }
  function here() {
    var p = decodeURIComponent(location.pathname).replace(/^\//, "");
    return p === "" || p.charAt(p.length - 1) === "/" ? p + "index.html" : p;
  }
  function go() {
    fetch(location.pathname, { method: "HEAD", cache: "no-store" }).then(function (r) {
      sessionStorage.setItem(key, String(scrollY));
      if (r.status === 404) {
        var lang = location.pathname.split("/")[1];
        location.href = lang ? "/" + lang + "/" : "/";
      } else {
        location.reload();
      }
    }, function () { setTimeout(go, 300); });
  }
  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var ws = new WebSocket(scheme + location.host + endpoint);
    ws.onopen = function () { document.documentElement.dataset.playbookLive = "1"; };
    ws.onmessage = function (e) {
      var m = String(e.data).split("\n");
      if (m[0] === "reload" || (m[0] === "pages" && m.indexOf(here()) > 0)) { go(); }
    };
    ws.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
