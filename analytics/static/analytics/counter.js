/* Refreshes the "Thống kê truy cập" numbers (and an article's view count) of a
   page that may come from the page cache. Without JavaScript the numbers in the
   HTML are shown as they were when the page was rendered. */
(function () {
  "use strict";
  if (window.portalCounterLoaded) { return; }
  window.portalCounterLoaded = true;

  function vnNumber(value) {
    return String(Math.max(0, Math.floor(Number(value) || 0))).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function refresh() {
    var block = document.querySelector("[data-counter-url]");
    if (!block || !window.fetch) { return; }
    var url = block.getAttribute("data-counter-url");
    var article = document.querySelector("[data-article-views]");
    if (article) {
      url += "?a=" + encodeURIComponent(article.getAttribute("data-article-views"));
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var counter = data.counter || {};
        Array.prototype.forEach.call(block.querySelectorAll("[data-counter]"), function (node) {
          var name = node.getAttribute("data-counter");
          var line = node.parentNode;
          if (Object.prototype.hasOwnProperty.call(counter, name)) {
            node.textContent = vnNumber(counter[name]);
            if (line) { line.hidden = false; }
          } else if (line) {
            line.hidden = true;  /* staff hid this line since the page was cached */
          }
        });
        if (article && data.article) {
          var value = article.querySelector("[data-article-views-value]");
          if (value) { value.textContent = vnNumber(data.article.views); }
        }
      })
      .catch(function () { /* keep the numbers from the HTML */ });
  }

  /* Behind a front cache the page is counted by this request, once it is really
     shown (not while a browser prerenders it). */
  function count() {
    var beacon = document.querySelector("[data-count-url]");
    if (!beacon) { return; }
    var url = beacon.getAttribute("data-count-url") + "?p=" + encodeURIComponent(location.pathname);
    if (window.fetch) {
      fetch(url, { credentials: "same-origin", keepalive: true, cache: "no-store" })
        .catch(function () { /* not counted: nothing to show */ });
    } else {
      new Image().src = url;
    }
  }

  function start() {
    if (document.prerendering) {
      document.addEventListener("prerenderingchange", start, { once: true });
      return;
    }
    count();
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
