// Search over the notes of this page's language, loaded on first use with
// the language's index (search-index.js, built by playbook). A query word
// is folded as the index folds words, then matched to the index's stems:
// through the word forms it lists, through the longest prefix of the word
// that is a stem ("pricing" -> "price"), and, for the word being typed, to
// every stem that starts with it.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var index = window.playbookSearchIndex;
  if (!box || !list || !status || !index) return;
  var german = (box.getAttribute("data-lang") || "").split(/[-_]/)[0] === "de";
  var root = box.getAttribute("data-root") || "";
  var stems = Object.keys(index.terms);
  var LIMIT = 10;

  function fold(word) {
    var out = word.normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/[ßẞ]/g, "ss").toLowerCase();
    if (german) out = out.replace(/ae/g, "a").replace(/oe/g, "o").replace(/ue/g, "u");
    return out;
  }

  function words(text) {
    return text.match(/[\p{L}\p{N}]+/gu) || [];
  }

  // The stems a query word stands for, each with how sure the match is.
  function candidates(word, typing) {
    var folded = fold(word);
    var found = {};
    var form = index.forms[folded];
    if (form) found[form] = 1;
    if (index.terms[folded]) found[folded] = 1;
    for (var end = folded.length - 1; end >= 3 && !Object.keys(found).length; end--) {
      if (index.terms[folded.slice(0, end)]) found[folded.slice(0, end)] = 0.8;
    }
    if (typing && folded.length >= 2) {
      for (var i = 0; i < stems.length; i++) {
        if (stems[i].length > folded.length && stems[i].lastIndexOf(folded, 0) === 0 && !found[stems[i]]) {
          found[stems[i]] = 0.6;
        }
      }
    }
    return found;
  }

  // Notes matching every word of the query, best first.
  function search(query) {
    var tokens = words(query);
    var totals = null;
    var matched = [];
    tokens.forEach(function (token, i) {
      var typing = i === tokens.length - 1 && !/\s$/.test(query);
      var found = candidates(token, typing);
      var keys = Object.keys(found);
      if (!keys.length) {
        totals = {};
        return;
      }
      matched = matched.concat(keys);
      var scores = {};
      keys.forEach(function (stem) {
        index.terms[stem].forEach(function (posting) {
          var doc = Math.floor(posting / 64);
          var score = (posting % 64) * found[stem];
          scores[doc] = Math.max(scores[doc] || 0, score);
        });
      });
      if (totals === null) {
        totals = scores;
      } else {
        var next = {};
        Object.keys(totals).forEach(function (doc) {
          if (doc in scores) next[doc] = totals[doc] + scores[doc];
        });
        totals = next;
      }
    });
    var ranked = Object.keys(totals || {}).map(Number);
    ranked.sort(function (a, b) { return totals[b] - totals[a] || a - b; });
    return { docs: ranked, stems: matched, tokens: tokens.map(fold) };
  }

  // Text with the words that match the query in <mark>.
  function highlighted(text, found) {
    var out = document.createDocumentFragment();
    var last = 0;
    var pattern = /[\p{L}\p{N}]+/gu;
    var m;
    while ((m = pattern.exec(text))) {
      var folded = fold(m[0]);
      var hit = found.stems.some(function (s) { return folded.lastIndexOf(s, 0) === 0; }) ||
        found.tokens.some(function (t) { return t.length > 1 && folded.lastIndexOf(t, 0) === 0; });
      if (!hit) continue;
      out.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = m[0];
      out.appendChild(mark);
      last = m.index + m[0].length;
    }
    out.appendChild(document.createTextNode(text.slice(last)));
    return out;
  }

  function say(count) {
    var key = count === 0 ? "data-none" : count === 1 ? "data-one" : "data-many";
    status.textContent = (box.getAttribute(key) || "").replace("{count}", String(count));
  }

  function show() {
    var query = box.value;
    list.textContent = "";
    if (!query.trim()) {
      list.hidden = true;
      status.textContent = "";
      return;
    }
    var found = search(query);
    found.docs.slice(0, LIMIT).forEach(function (number) {
      var doc = index.docs[number];
      var item = document.createElement("li");
      var link = document.createElement("a");
      // Per segment, as the pages encode links: `encodeURI` would leave a
      // `#` or `?` in a note's name to start a fragment or a query.
      link.href = root + doc[1].split("/").map(encodeURIComponent).join("/") + "index.html";
      link.appendChild(highlighted(doc[0], found));
      item.appendChild(link);
      if (doc[2]) {
        var serves = document.createElement("span");
        serves.className = "search-serves";
        serves.textContent = (box.getAttribute("data-serves") || "") + " ";
        var strategy = document.createElement("span");
        // A strategy missing in this language is titled in another one.
        if (doc[4]) strategy.lang = doc[4];
        strategy.textContent = doc[2];
        serves.appendChild(strategy);
        item.appendChild(serves);
      }
      if (doc[3]) {
        var excerpt = document.createElement("p");
        excerpt.appendChild(highlighted(doc[3], found));
        item.appendChild(excerpt);
      }
      list.appendChild(item);
    });
    list.hidden = false;
    say(found.docs.length);
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  function close() {
    box.value = "";
    show();
  }

  box.addEventListener("input", show);
  box.addEventListener("keydown", function (event) {
    var all = links();
    if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[0].focus();
    } else if (event.key === "Enter" && all.length) {
      event.preventDefault();
      all[0].click();
    } else if (event.key === "Escape") {
      close();
    }
  });
  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < all.length - 1) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at > 0) all[at - 1].focus(); else box.focus();
    } else if (event.key === "Escape") {
      close();
      box.focus();
    }
  });
  window.playbookSearch = search;
  show();
})();
