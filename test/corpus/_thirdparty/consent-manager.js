/* Consent-manager stub shared by several sites (fictional vendor). Records the consent API; draws nothing itself. */
(function () {
  window.__cmp = window.__cmp || function (cmd, cb) { if (cmd === 'ping' && cb) cb({ cmpLoaded: true }); };
})();
