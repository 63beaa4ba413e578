// Check-in page: remembers the door on this device, scans ticket QR codes with the camera (BarcodeDetector where the
// browser has it, else jsQR loaded on demand), shows the card and admits with one tap, keeps scans made while the
// network is down and sends them when it is back (each with its own id, so a resend counts once); the counts
// refresh through live-counts.js. Without JavaScript the page still works through its search and its forms.
(function () {
  'use strict';
  var root = document.querySelector('[data-check-in]');
  if (!root) return;
  var eventId = root.getAttribute('data-event-id');
  var session = root.getAttribute('data-session') || '';
  var door = root.getAttribute('data-door') || '';
  var text = function (name) { return root.getAttribute('data-t-' + name) || ''; };
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

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function post(url, body) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(body),
    });
  }

  var otherEvent = function (card) { return card.warnings.some(function (w) { return w.code === 'other-event'; }); };

  // — The card of a scanned ticket —
  function showCard(card, ticket) {
    resultBox.textContent = '';
    var article = el('article', 'ticket-card ' + (card.admissible ? 'ticket-card--ok' : 'ticket-card--warn'));
    if (card.person) {
      var name = el('h3', 'ticket-card__name', card.person.name);
      if (card.person.nameZh) { name.appendChild(document.createTextNode(' ')); var zh = el('span', '', card.person.nameZh); zh.lang = 'zh-CN'; name.appendChild(zh); }
      article.appendChild(name);
      article.appendChild(el('p', 'ticket-card__meta', card.person.organisation));
      var meta = el('p', 'ticket-card__meta');
      meta.appendChild(el('span', 'badge badge--kind', card.person.category));
      meta.appendChild(document.createTextNode(' '));
      meta.appendChild(el('span', 'badge badge--status-' + card.person.status, card.person.statusText));
      article.appendChild(meta);
    } else {
      article.appendChild(el('h3', 'ticket-card__name', text(otherEvent(card) ? 'other-event' : 'unknown')));
      // What was read, so staff can see a typing mistake (the field is cleared for the next scan); a QR code full of
      // something else is cut short.
      if (ticket) article.appendChild(el('p', 'ticket-card__meta', text('code-read').replace('{code}', ticket.length > 40 ? ticket.slice(0, 40) + '…' : ticket)));
    }
    if (card.warnings.length) {
      var list = el('ul', 'ticket-card__warnings');
      card.warnings.forEach(function (w) {
        // As on the page's own cards: screen readers hear "Warning:" before each.
        var li = el('li', '');
        li.appendChild(el('span', 'visually-hidden', text('warning') + ' '));
        li.appendChild(document.createTextNode(w.text));
        li.setAttribute('data-warning', w.code);
        list.appendChild(li);
      });
      article.appendChild(list);
    }
    if (card.admissible) {
      var confirm = el('button', 'button button--large', text('confirm'));
      confirm.type = 'button';
      confirm.addEventListener('click', function () { confirm.disabled = true; admit(ticket, card.person.registrationId, card.person); });
      // A barcode scanner types the next code and Enter wherever the focus is: typing on the button goes to the code
      // field instead, so that Enter looks the next ticket up rather than admitting this person.
      confirm.addEventListener('keydown', function (event) {
        if (event.key.length === 1 && event.key !== ' ' && !event.ctrlKey && !event.metaKey && !event.altKey) { manualInput.value = ''; manualInput.focus(); }
      });
      article.appendChild(confirm);
      badgeLink(article, card);
      resultBox.appendChild(article);
      // A code typed or sent by a scanner keeps the focus in its field, ready for the next one; a camera scan moves it
      // to the button.
      if (document.activeElement !== manualInput) confirm.focus();
      return;
    }
    if (card.checkIn) article.appendChild(undoButton(card.checkIn.id));
    badgeLink(article, card);
    resultBox.appendChild(article);
  }

  /** The badge to reprint at the desk, for a confirmed person, when this staff member may print one. */
  function badgeLink(article, card) {
    var base = root.getAttribute('data-badge-base');
    if (!base || !card.person || card.person.status !== 'confirmed') return;
    var line = el('p', 'ticket-card__badge');
    var link = el('a', '', text('badge'));
    link.href = base + card.person.registrationId + '/badge';
    link.target = '_blank';
    link.rel = 'noopener';
    link.appendChild(el('span', 'visually-hidden', ' ' + card.person.name));
    line.appendChild(link);
    article.appendChild(line);
  }

  function undoButton(checkInId) {
    var undo = el('button', 'button button--secondary', text('undo'));
    undo.type = 'button';
    undo.addEventListener('click', function () {
      undo.disabled = true;
      post(root.getAttribute('data-undo-base') + checkInId + '/undo', { door: door, session: session })
        .then(function (r) { status.textContent = r.ok ? text('undone') : text('failed'); if (r.ok) resultBox.textContent = ''; refreshCounts(); })
        .catch(function () { undo.disabled = false; status.textContent = text('failed'); });
    });
    return undo;
  }

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return 'xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx'.replace(/[xy]/g, function (c) { var r = (Math.random() * 16) | 0; return (c === 'x' ? r : (r & 0x3) | 0x8).toString(16); });
  }

  /** Admits the person on the card (`person`: whose name the notice repeats, so staff see whom they let in). */
  function admit(ticket, registrationId, person) {
    var scan = { clientId: newClientId(), door: door, session: session };
    if (ticket) scan.ticket = ticket; else scan.registrationId = registrationId;
    send(scan).then(function (outcome) {
      if (outcome.kind === 'admitted') {
        resultBox.textContent = '';
        var done = el('div', 'notice notice--success');
        done.appendChild(el('p', 'notice__title', text('admitted')));
        if (person) {
          var who = el('p', 'notice__person', person.name);
          if (person.nameZh) { who.appendChild(document.createTextNode(' ')); var zh = el('span', '', person.nameZh); zh.lang = 'zh-CN'; who.appendChild(zh); }
          done.appendChild(who);
        }
        done.appendChild(el('p', '', outcome.body.checkIn.atText + ' · ' + outcome.body.checkIn.door));
        done.appendChild(undoButton(outcome.body.checkIn.id));
        resultBox.appendChild(done);
        status.textContent = text('admitted');
        refreshCounts();
      } else if (outcome.kind === 'refused') showCard(outcome.body.card, ticket);
      else if (outcome.kind === 'offline') { enqueue(scan); status.textContent = text('queued'); resultBox.textContent = ''; }
      else if (outcome.kind === 'signed-out') { status.textContent = text('signed-out'); resultBox.textContent = ''; }
      else status.textContent = (outcome.body && outcome.body.detail) || text('failed');
    });
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
        var why = card ? card.warnings.map(function (w) { return w.text; }).join(' ') : (outcome.body && outcome.body.detail) || text('failed');
        var conflicts = load(CONFLICT_KEY);
        conflicts.push(who + ': ' + why);
        save(CONFLICT_KEY, conflicts);
      }
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
    var url = root.getAttribute('data-lookup-url') + '?ticket=' + encodeURIComponent(code) + (session ? '&session=' + encodeURIComponent(session) : '') + '&lang=' + encodeURIComponent(document.documentElement.lang || '');
    // Not followed: a sign-in that ended sends the lookup to the sign-in page, which is no card.
    fetch(url, { headers: { accept: 'application/json' }, credentials: 'same-origin', redirect: 'manual' })
      .then(
        function (r) {
          if (r.ok) return r.json().then(function (card) { status.textContent = ''; showCard(card, code); });
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

})();
