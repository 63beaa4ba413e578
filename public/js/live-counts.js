// Live check-in counts: every panel with data-counts-url (the door page, the event's page) asks for its numbers
// every few seconds and on a 'forum-desk:counts' event, and writes them into its cells, so organisers see the doors
// fill without reloading. Without JavaScript the numbers are those of the last load.
(function () {
  'use strict';
  var panels = Array.prototype.slice.call(document.querySelectorAll('[data-counts-url]'));
  if (panels.length === 0) return;

  /** 08:20 in the event's zone, as every time on these pages is (a door's phone may be set to another zone). */
  function clockTime(instant, zone) {
    var options = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    try {
      return instant.toLocaleTimeString(document.documentElement.lang || undefined, zone ? Object.assign({ timeZone: zone }, options) : options);
    } catch (e) {
      // A zone this browser does not know: its own clock rather than nothing.
      return instant.toLocaleTimeString(document.documentElement.lang || undefined, options);
    }
  }

  // When the numbers could not be fetched, a line says since when they are stale; the next answer clears it.
  var lastFresh = new Date();
  function stale(panel, on) {
    var line = panel.querySelector('[data-counts-stale]');
    if (!line) return;
    if (!on) { line.hidden = true; return; }
    var said = line.getAttribute('data-counts-stale').replace('{time}', clockTime(lastFresh, line.getAttribute('data-zone'))).replace('{zone}', line.getAttribute('data-zone-name') || '');
    // Written only when it changes: a status line rewritten every few seconds is read out again each time.
    if (line.textContent !== said) line.textContent = said;
    line.hidden = false;
  }

  function refresh(panel) {
    fetch(panel.getAttribute('data-counts-url'), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { if (!r.ok) throw new Error('HTTP ' + r.status); return r.json(); })
      .then(function (data) {
        data.categories.forEach(function (c) {
          var row = panel.querySelector('[data-category="' + c.categoryId + '"]');
          if (!row) return;
          row.querySelector('[data-count="checkedIn"]').textContent = String(c.checkedIn);
          row.querySelector('[data-count="expected"]').textContent = String(c.expected);
        });
        panel.querySelector('[data-count-total="checkedIn"]').textContent = String(data.total.checkedIn);
        panel.querySelector('[data-count-total="expected"]').textContent = String(data.total.expected);
        lastFresh = new Date();
        stale(panel, false);
      })
      .catch(function () { stale(panel, true); });
  }
  function refreshAll() { panels.forEach(refresh); }
  setInterval(refreshAll, 4000);
  document.addEventListener('forum-desk:counts', refreshAll);
})();
