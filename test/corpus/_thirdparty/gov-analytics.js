/* Shared web-analytics tag used by several agencies (fictional). Counts a page view; draws nothing. */
(function () {
  var q = window.__gaq = window.__gaq || [];
  q.push(['pageview', location.pathname, document.title.length, Date.now()]);
})();
