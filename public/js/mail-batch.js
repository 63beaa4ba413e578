// Bulk-send progress page: polls the batch's JSON every 2 s and updates the bar, the text and the counts in place.
// Without JavaScript the page still shows the numbers as of its loading (reload to refresh).
(function () {
  'use strict';
  var section = document.querySelector('[data-progress-url]');
  if (!section) return;
  var url = section.getAttribute('data-progress-url');
  var bar = document.getElementById('bulk-progress-bar');
  var text = document.getElementById('bulk-progress-text');
  var format = new Intl.NumberFormat(section.getAttribute('data-locale') || undefined);
  var sentTemplate = section.getAttribute('data-sent-template') || '{sent} / {total}';
  var INTERVAL_MS = 2000;

  function render(progress) {
    bar.max = progress.total;
    bar.value = progress.sent;
    var line = sentTemplate.replace('{sent}', format.format(progress.sent)).replace('{total}', format.format(progress.total));
    bar.textContent = line;
    var finished = progress.queued === 0 && progress.sending === 0;
    text.textContent = finished ? line + ' · ' + section.getAttribute('data-done-text') : line;
    ['queued', 'sending', 'sent', 'failed', 'cancelled'].forEach(function (status) {
      var cell = section.querySelector('[data-count="' + status + '"]');
      if (cell) cell.textContent = format.format(progress[status]);
    });
    return finished;
  }

  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (progress) {
        if (!render(progress)) setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () {
        text.textContent = section.getAttribute('data-error-text');
        setTimeout(poll, INTERVAL_MS * 5);
      });
  }

  setTimeout(poll, INTERVAL_MS);
})();
