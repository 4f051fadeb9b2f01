// Progressive enhancement only: the portal works fully without this file.
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  // After a refused submission, move focus to the error summary so it is read out first.
  var summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
  }

  // "Is anyone in danger right now?" Yes: say at once, out loud, to call 911.
  var live = document.getElementById('danger-live');
  if (live) {
    var radios = document.querySelectorAll('input[name="danger"]');
    for (var i = 0; i < radios.length; i++) {
      radios[i].addEventListener('change', function (event) {
        live.textContent = event.target.value === 'yes' ? live.getAttribute('data-message') : '';
      });
    }
  }

  // One tap sends once (a second one would be the same referral anyway).
  var form = document.getElementById('referral-form');
  if (form) {
    var sending = false;
    form.addEventListener('submit', function (event) {
      if (sending) {
        event.preventDefault();
        return;
      }
      sending = true;
      var button = form.querySelector('button[type="submit"]');
      if (button) {
        button.setAttribute('aria-disabled', 'true');
      }
    });
    // Coming back with the Back button: the form may be sent again.
    window.addEventListener('pageshow', function () {
      sending = false;
      var button = form.querySelector('button[type="submit"]');
      if (button) {
        button.removeAttribute('aria-disabled');
      }
    });
  }
}());
