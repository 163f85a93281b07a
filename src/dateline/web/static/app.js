// dateline reader: progressive enhancement only; every page works without this file.
// 1. "See more" loads the next page in place. 2. Times are also shown in the reader's time zone.
(function () {
  "use strict";

  function localTimes(root) {
    root.querySelectorAll("[data-reader-time]").forEach(function (el) {
      var d = new Date(el.getAttribute("data-reader-time"));
      if (isNaN(d.getTime()) || el.getAttribute("data-reader-time").length <= 10) { return; }
      var text = d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
      el.textContent = text + " your time";
      el.hidden = false;
    });
    root.querySelectorAll("time[data-local='yes']").forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      if (!isNaN(d.getTime())) { el.title = d.toLocaleString() + " (your time)"; }
    });
  }

  function seeMore(link) {
    link.addEventListener("click", function (event) {
      var list = document.querySelector("[data-list]");
      if (!list || !window.fetch || !window.DOMParser) { return; }
      event.preventDefault();
      link.setAttribute("aria-busy", "true");
      fetch(link.href, { headers: { "Accept": "text/html" } })
        .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
        .then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var items = doc.querySelectorAll("[data-list] > li");
          var first = null;
          items.forEach(function (li) {
            var node = document.importNode(li, true);
            list.appendChild(node);
            if (!first) { first = node; }
          });
          localTimes(list);
          var next = doc.querySelector("[data-more]");
          if (next) {
            link.href = next.getAttribute("href");
            link.removeAttribute("aria-busy");
          } else {
            link.parentNode.removeChild(link);
          }
          var focus = first && first.querySelector("a");
          if (focus) { focus.focus(); }
        })
        .catch(function () { window.location.href = link.href; });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    localTimes(document);
    document.querySelectorAll("[data-more]").forEach(seeMore);
  });
})();
