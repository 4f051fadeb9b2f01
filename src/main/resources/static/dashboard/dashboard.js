// Doorway dashboard: keeps the live board's elapsed times counting, reloads the board, and prints
// the OWG agenda. Everything works without it (the board then reloads with the page).
(function () {
  'use strict';

  function duration(seconds) {
    var s = Math.round(Math.abs(seconds));
    var sign = seconds < 0 ? '\u2212' : '';
    if (s < 60) { return sign + s + ' s'; }
    if (s < 3600) { return sign + Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s'; }
    return sign + Math.floor(s / 3600) + ' h ' + String(Math.floor((s % 3600) / 60)).padStart(2, '0') + ' min';
  }

  // The server's clock may differ from this device's: count from the offset the board was drawn with.
  var skew = 0;
  function measureSkew() {
    var body = document.getElementById('board-body');
    var now = body ? parseInt(body.getAttribute('data-now'), 10) : NaN;
    if (!isNaN(now)) { skew = Date.now() - now; }
  }

  function tick() {
    document.querySelectorAll('td[data-since]').forEach(function (cell) {
      var since = parseInt(cell.getAttribute('data-since'), 10);
      if (!isNaN(since)) { cell.textContent = duration((Date.now() - skew - since) / 1000); }
    });
  }

  function reload(board) {
    var url = board.getAttribute('data-url');
    fetch(url, { credentials: 'same-origin', headers: { 'X-Requested-With': 'fetch' } })
      .then(function (response) {
        if (!response.ok || response.redirected) { throw new Error('board not reloaded'); }
        return response.text();
      })
      .then(function (html) {
        var body = document.getElementById('board-body');
        var holder = document.createElement('div');
        holder.innerHTML = html;
        var fresh = holder.querySelector('#board-body');
        if (body && fresh) {
          body.replaceWith(fresh);
          board.setAttribute('data-loaded', String(Date.now()));
          measureSkew();
          tick();
        }
      })
      .catch(function () { /* keep what is shown; the next reload tries again */ });
  }

  document.addEventListener('DOMContentLoaded', function () {
    document.documentElement.classList.add('js');
    measureSkew();
    var board = document.getElementById('board');
    if (board) {
      setInterval(tick, 1000);
      var every = parseInt(board.getAttribute('data-refresh'), 10);
      if (every > 0) { setInterval(function () { reload(board); }, every * 1000); }
    }
    // The correction form starts from the moment's recorded time, in the site's zone.
    var moment = document.getElementById('moment');
    var at = document.getElementById('at');
    if (moment && at) {
      var fill = function () {
        var option = moment.options[moment.selectedIndex];
        at.value = option ? (option.getAttribute('data-value') || '') : '';
      };
      moment.addEventListener('change', fill);
      fill();
    }
    document.querySelectorAll('[data-print]').forEach(function (button) {
      button.addEventListener('click', function () { window.print(); });
    });
  });
})();
