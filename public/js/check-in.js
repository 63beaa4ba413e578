// Check-in page: remembers the door on this device, looks up each code scanned (check-in-camera.js) or typed, shows
// the card (drawn by check-in-card.js) and admits with one tap; a search card's Check in and every Undo go the same
// way, answered in place. Admissions made while the network is down are kept and sent when it is back (each with its
// own id, so a resend counts once), and the search says it needs the network instead of leaving the page; the counts
// refresh through live-counts.js. Without JavaScript the page still works through its search and its forms.
(function () {
  'use strict';
  var root = document.querySelector('[data-check-in]');
  if (!root) return;
  var eventId = root.getAttribute('data-event-id');
  var session = root.getAttribute('data-session') || '';
  var door = root.getAttribute('data-door') || '';
  var draw = window.forumDeskDoorCards(root);
  var text = draw.text;
  var DOOR_KEY = 'fd-check-in-door:' + eventId;
  var QUEUE_KEY = 'fd-check-in-queue:' + eventId;
  var CONFLICT_KEY = 'fd-check-in-conflicts:' + eventId;
  var csrf = root.getAttribute('data-csrf') || '';

  // — The door, remembered on this device —
  var doorInput = document.getElementById('field-door');
  try {
    if (door) localStorage.setItem(DOOR_KEY, door);
    else if (doorInput && !doorInput.value && localStorage.getItem(DOOR_KEY)) doorInput.value = localStorage.getItem(DOOR_KEY);
  } catch (e) { /* storage may be off: the address keeps the door */ }

  // — Live counts: kept by /static/js/live-counts.js, asked for again at once after an admission or an undo —
  function refreshCounts() { document.dispatchEvent(new Event('forum-desk:counts')); }

  var scanner = root.querySelector('[data-scanner]');
  if (!scanner) return;
  scanner.hidden = false;
  var status = scanner.querySelector('[data-status]');
  var resultBox = scanner.querySelector('[data-scan-result]');
  var manualInput = scanner.querySelector('[data-manual] input');

  var el = draw.el;
  var notice = draw.notice;

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      // Not followed: a sign-in that ended sends the request to the sign-in page, which is no answer.
      redirect: 'manual',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
  }

  // — Where an answer is shown: under the code field for a scanned or typed code; for a card of the search, in its
  // place, so the door stays where staff were looking. `say` is for what did not work. —
  var scanSlot = {
    put: function (node) { resultBox.textContent = ''; if (node) resultBox.appendChild(node); },
    say: function (message) { status.textContent = message; },
  };
  function inPlace(node) {
    var current = node;
    return {
      put: function (next) {
        var shown = next || el('div');
        current.replaceWith(shown);
        current = shown;
        // The button pressed went with the card: the focus goes to what took its place, which is read out.
        if (next) { shown.tabIndex = -1; shown.focus(); }
      },
      say: function (message) {
        var line = current.querySelector('[data-said]');
        if (!line) { line = el('p', 'ticket-card__said'); line.setAttribute('data-said', ''); line.setAttribute('role', 'alert'); current.appendChild(line); }
        line.textContent = message;
      },
    };
  }

  // — A person's card: Check in and Undo answer in the card's slot —
  function showCard(card, ticket, slot) {
    var shown = draw.card(card, ticket, {
      undo: function (className, label) { return undoButton(className, label, card.checkIn.id, card.person, slot); },
    });
    var confirm = shown.confirm;
    if (confirm) {
      confirm.addEventListener('click', function () {
        confirm.disabled = true;
        admit(ticket ? { ticket: ticket } : { registrationId: card.person.registrationId }, card.person, slot, confirm);
      });
      // A barcode scanner types the next code and Enter wherever the focus is: typing on the button goes to the code
      // field instead, so that Enter looks the next ticket up rather than admitting this person.
      confirm.addEventListener('keydown', function (event) {
        if (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey) { manualInput.value = ''; manualInput.focus(); }
      });
    }
    slot.put(shown.article);
    // A code typed or sent by a scanner keeps the focus in its field, ready for the next one; a camera scan moves it
    // to the button.
    if (confirm && slot === scanSlot && document.activeElement !== manualInput) confirm.focus();
  }

  function undoButton(className, label, checkInId, person, slot) {
    var button = el('button', className, label);
    button.type = 'button';
    button.addEventListener('click', function () { undo(root.getAttribute('data-undo-base') + checkInId + '/undo', person, slot, button); });
    return button;
  }

  /** Takes a check-in back; offline, says that this needs the network (an undo is not kept for later). */
  function undo(url, person, slot, button) {
    button.disabled = true;
    function failed(message) { button.disabled = false; slot.say(message); }
    post(url, { door: door, session: session }).then(
      function (r) {
        if (r.ok) { status.textContent = ''; slot.put(notice('', text('undone'), person)); refreshCounts(); return; }
        var kind = trouble(r);
        if (kind !== 'failed') return failed(text(kind === 'offline' ? 'undo-offline' : 'signed-out'));
        return r.json().then(function (body) { failed((body && body.detail) || text('failed')); }, function () { failed(text('failed')); });
      },
      function () { failed(text('undo-offline')); }
    );
  }

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) { var r = (Math.random() * 16) | 0; return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16); });
  }

  /** Scans kept while offline that this page shows in a slot, by scan id: their answer replaces it once sent. */
  var shownWaiting = {};

  /**
   * Admits the person on a card (`presented`: { ticket } or { registrationId }, and the scan id of a server-rendered
   * card; `person`: whose name the notice repeats, so staff see whom they let in) and shows the answer in `slot`.
   */
  function admit(presented, person, slot, button) {
    var scan = { clientId: presented.clientId || newClientId(), door: door, session: session };
    if (presented.ticket) scan.ticket = presented.ticket; else scan.registrationId = presented.registrationId;
    send(scan).then(function (outcome) {
      if (outcome.kind === 'offline') {
        enqueue(scan);
        status.textContent = text('queued');
        var kept = notice('warning', person.name, null, text('queued-person'));
        slot.put(kept);
        shownWaiting[scan.clientId] = { slot: slot, shown: kept, person: person, ticket: presented.ticket };
        return;
      }
      if (showAnswer(outcome, person, slot, presented.ticket)) { status.textContent = ''; return; }
      button.disabled = false;
      slot.say(outcome.kind === 'signed-out' ? text('signed-out') : (outcome.body && outcome.body.detail) || text('failed'));
    });
  }

  /** An admission (its notice, said once: the status line stays empty) or a refusal (the card that says why). */
  function showAnswer(outcome, person, slot, ticket) {
    if (outcome.kind === 'refused') { showCard(outcome.body.card, ticket, slot); return true; }
    if (outcome.kind !== 'admitted') return false;
    var c = outcome.body.checkIn;
    var done = notice('success', text('admitted'), person, c.atText + ' · ' + c.door);
    done.appendChild(undoButton('button button--secondary button--small', text('undo'), c.id, person, slot));
    slot.put(done);
    refreshCounts();
    return true;
  }

  /**
   * What an answer that is not the card or the admission means. Only a network that is down, or a server that says it
   * is briefly unavailable, is "offline": the scan is kept and sent later. A sign-in that ended (the page's request
   * is sent to the sign-in page, or refused) is said as such, and anything else as a failure: a scan kept then would
   * tell staff someone was let in who never will be.
   */
  function trouble(r) {
    if (r.type === 'opaqueredirect' || r.status === 401 || r.status === 403) return 'signed-out';
    if (r.status === 502 || r.status === 503 || r.status === 504) return 'offline';
    return 'failed';
  }

  /** One scan to the server: admitted, refused (with the card), offline (keep it), signed-out (keep it) or failed. */
  function send(scan) {
    return post(root.getAttribute('data-action-url'), scan)
      .then(function (r) {
        return r.json().then(function (body) {
          if (r.status === 200) return { kind: 'admitted', body: body };
          if (r.status === 409 && body.card) return { kind: 'refused', body: body };
          return { kind: trouble(r), body: body };
        }, function () { return { kind: trouble(r), body: null }; });
      })
      .catch(function () { return { kind: 'offline', body: null }; });
  }

  // — Scans kept while offline —
  function load(key) { try { return JSON.parse(localStorage.getItem(key) || '[]'); } catch (e) { return []; } }
  function save(key, list) { try { localStorage.setItem(key, JSON.stringify(list)); } catch (e) { /* full or off */ } }
  function enqueue(scan) { var q = load(QUEUE_KEY); q.push(scan); save(QUEUE_KEY, q); renderQueue(); }

  function renderQueue() {
    var box = scanner.querySelector('[data-queue]');
    var queue = load(QUEUE_KEY);
    var conflicts = load(CONFLICT_KEY);
    box.hidden = queue.length === 0 && conflicts.length === 0;
    scanner.querySelector('[data-queue-count]').textContent = text('queue').replace('{count}', String(queue.length));
    var list = scanner.querySelector('[data-conflicts]');
    list.textContent = '';
    conflicts.forEach(function (c) { list.appendChild(el('li', '', c)); });
    // The refused scans are listed until staff have read them and clear the list (it is kept on this device).
    list.previousElementSibling.hidden = conflicts.length === 0;
    scanner.querySelector('[data-clear-conflicts]').parentElement.hidden = conflicts.length === 0;
  }
  scanner.querySelector('[data-clear-conflicts]').addEventListener('click', function () {
    save(CONFLICT_KEY, []);
    renderQueue();
    // The button is gone with its list: the focus goes back to the ticket field, where the next scan lands.
    manualInput.focus();
  });

  var flushing = false;
  function flush() {
    var queue = load(QUEUE_KEY);
    if (flushing || queue.length === 0) return;
    flushing = true;
    var scan = queue[0];
    send(scan).then(function (outcome) {
      flushing = false;
      if (outcome.kind === 'offline') return;
      // Kept until staff sign in again: the scans were made by someone allowed to, and are still to be checked.
      if (outcome.kind === 'signed-out') { status.textContent = text('signed-out-queue'); return; }
      save(QUEUE_KEY, load(QUEUE_KEY).filter(function (s) { return s.clientId !== scan.clientId; }));
      if (outcome.kind !== 'admitted') {
        var card = outcome.body && outcome.body.card;
        var who = card && card.person ? card.person.name : (scan.ticket || text('unknown'));
        var why = card ? card.warnings.map(function (w) { return w.text; }).join(text('sentence')) : (outcome.body && outcome.body.detail) || text('failed');
        var conflicts = load(CONFLICT_KEY);
        conflicts.push(who + text('colon') + why);
        save(CONFLICT_KEY, conflicts);
      }
      // A card's "not sent yet" still on screen: the answer takes its place.
      var waiting = shownWaiting[scan.clientId];
      delete shownWaiting[scan.clientId];
      if (waiting && waiting.shown.isConnected) showAnswer(outcome, waiting.person, waiting.slot, waiting.ticket);
      renderQueue();
      refreshCounts();
      // The last kept scan is sent: the line that said the network was down says it is back.
      if (load(QUEUE_KEY).length === 0 && status.textContent === text('queued')) status.textContent = text('sent');
      flush();
    });
  }
  window.addEventListener('online', flush);
  setInterval(flush, 10000);
  renderQueue();
  flush();

  // — A code, scanned or typed: look it up, show the card; offline, keep it as a check-in to send later. Every code
  // goes through, the same one again too (typed again after an Undo); the camera leaves out its own repeats. —
  function onCode(raw) {
    var code = String(raw).replace(/[\s-]+/g, '').toUpperCase();
    if (navigator.vibrate) navigator.vibrate(60);
    // In the page's language (a door opened with ?lang=zh-CN says its warnings in Chinese too).
    var url = root.getAttribute('data-lookup-url') + '?ticket=' + encodeURIComponent(code) + (session ? '&session=' + encodeURIComponent(session) : '') + '&door=' + encodeURIComponent(door) + '&lang=' + encodeURIComponent(document.documentElement.lang || '');
    // Not followed: a sign-in that ended sends the lookup to the sign-in page, which is no card.
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', redirect: 'manual' })
      .then(
        function (r) {
          if (r.ok) return r.json().then(function (card) { status.textContent = ''; showCard(card, code, scanSlot); });
          var kind = trouble(r);
          if (kind === 'offline') return keep();
          resultBox.textContent = '';
          if (kind === 'signed-out') { status.textContent = text('signed-out'); return; }
          return r.json().then(
            function (body) { status.textContent = (body && body.detail) || text('failed'); },
            function () { status.textContent = text('failed'); }
          );
        },
        // No network: the door cannot see the card, so the scan is kept as a check-in and checked when sent.
        keep
      );
    function keep() {
      enqueue({ clientId: newClientId(), ticket: code, door: door, session: session });
      status.textContent = text('queued');
    }
  }

  // — A code typed, or sent by a barcode scanner that acts as a keyboard (it types the code and Enter) —
  var manual = scanner.querySelector('[data-manual]');
  manual.addEventListener('submit', function (event) {
    event.preventDefault();
    if (manualInput.value.trim()) onCode(manualInput.value);
    manualInput.value = '';
  });
  // A QR code read by the camera (check-in-camera.js).
  root.addEventListener('forum-desk:code', function (event) { onCode(event.detail.code); });

  // — The page's own forms: a search card's Check in, an Undo — sent as the scanner's are, answered in place, so a
  // network that is down keeps the door page (and the admission, for later) instead of the browser's error page —
  root.addEventListener('submit', function (event) {
    var form = event.target;
    var admitting = form.hasAttribute('data-admit');
    if (!admitting && !form.hasAttribute('data-undo')) return;
    event.preventDefault();
    var person = { name: form.getAttribute('data-name'), nameZh: form.getAttribute('data-name-zh') || null };
    var button = form.querySelector('button');
    var slot = inPlace(form.closest('article, .notice'));
    if (!admitting) return undo(form.action, person, slot, button);
    button.disabled = true;
    admit({ registrationId: form.elements.registrationId.value, clientId: form.elements.clientId ? form.elements.clientId.value : '' }, person, slot, button);
  });

  // — The search needs the server: without a network it stays on the door page and says so —
  var search = root.querySelector('[data-search]');
  var searchSaid = root.querySelector('[data-search-offline]');
  var countsUrl = root.querySelector('[data-counts-url]').getAttribute('data-counts-url');
  if (search) search.addEventListener('submit', function (event) {
    event.preventDefault();
    searchSaid.textContent = '';
    // A small question first (the counts): a network that is down fails it at once, where the form would leave the
    // page for the browser's error page. Any answer at all means the server is there: the search goes as a form.
    fetch(countsUrl, { headers: { accept: 'application/json' }, credentials: 'same-origin', redirect: 'manual', cache: 'no-store' })
      .then(function (r) { if (trouble(r) === 'offline') throw new Error('HTTP ' + r.status); search.submit(); })
      .catch(function () { searchSaid.textContent = text('search-offline'); });
  });

})();
