// Doorway's local SMS outbox: reloads when something new arrives; the page works without this.
(function () {
  'use strict';
  let seen = null;
  setInterval(async () => {
    try {
      const r = await fetch('/dev/outbox', {headers: {Accept: 'application/json'}});
      const n = JSON.stringify(await r.json());
      if (seen !== null && n !== seen && !document.activeElement.matches('input, select')) location.reload();
      seen = n;
    } catch (e) { /* offline: keep the page as it is */ }
  }, 1500);
})();
