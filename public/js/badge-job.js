// Badge PDF progress page: polls the job's JSON every 2 s, moves the bar and shows the download link once the PDF is
// ready, without reloading. Without JavaScript the page reloads itself (meta refresh in <noscript>) instead.
(function () {
  'use strict';
  var section = document.querySelector('[data-progress-url]');
  if (!section) return;
  var url = section.getAttribute('data-progress-url');
  var bar = document.getElementById('job-progress-bar');
  var text = document.getElementById('job-progress-text');
  var download = document.getElementById('job-download');
  var link = document.getElementById('job-download-link');
  var template = section.getAttribute('data-done-template') || '{done} / {total}';
  var INTERVAL_MS = 2000;

  function render(job) {
    bar.max = job.total;
    bar.value = job.done;
    var line = template.replace('{done}', String(job.done)).replace('{total}', String(job.total));
    bar.textContent = line;
    if (job.status === 'done') {
      text.textContent = section.getAttribute('data-ready-text');
      link.href = job.downloadUrl;
      download.hidden = false;
      return true;
    }
    if (job.status === 'failed') {
      // The reason is worded on the server: show the page as it now stands.
      window.location.reload();
      return true;
    }
    text.textContent = line;
    return false;
  }

  function poll() {
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.json();
      })
      .then(function (job) {
        if (!render(job)) setTimeout(poll, INTERVAL_MS);
      })
      .catch(function () {
        text.textContent = section.getAttribute('data-error-text');
        setTimeout(poll, INTERVAL_MS * 5);
      });
  }

  if (section.getAttribute('data-finished') === 'true') return;
  setTimeout(poll, INTERVAL_MS);
})();
