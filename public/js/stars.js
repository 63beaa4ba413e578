// Stars sessions into a personal agenda kept in this browser (localStorage, per event), and keeps the personal agenda
// page in step: it shows this browser's stars (as ?s=…) or, once an address is confirmed, syncs them with the server.
// Progressive enhancement: without this script the agenda reads as before and the personal agenda page still works.
// Stored per event: { starred: [ids], add: [ids], remove: [ids] }; add/remove are the changes not yet synced, so an
// un-star on one device is not undone by the stale copy of another.

const PREFIX = 'forum-desk:stars:';
const STAR_PATH = 'M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z';

const list = (value) => (Array.isArray(value) ? value.filter((id) => typeof id === 'string') : []);
const empty = () => ({ starred: [], add: [], remove: [] });

function load(event) {
  try {
    const raw = localStorage.getItem(PREFIX + event);
    if (!raw) return null;
    const value = JSON.parse(raw);
    return { starred: list(value.starred), add: list(value.add), remove: list(value.remove) };
  } catch {
    return null;
  }
}

function save(event, state) {
  try {
    localStorage.setItem(PREFIX + event, JSON.stringify(state));
  } catch {
    // Storage full or refused (private mode): the star shows until the page is left.
  }
}

function setStar(state, id, on) {
  const without = (ids) => ids.filter((other) => other !== id);
  if (on) {
    if (!state.starred.includes(id)) state.starred.push(id);
    state.add = [...without(state.add), id];
    state.remove = without(state.remove);
  } else {
    state.starred = without(state.starred);
    state.remove = [...without(state.remove), id];
    state.add = without(state.add);
  }
}

const sameSet = (a, b) => a.length === b.length && a.every((id) => b.includes(id));
const split = (text) => (text ? text.split(',').filter(Boolean) : []);

/** The card's title as read aloud: without the "cancelled" badge or the "English only" marker. */
function titleOf(card) {
  if (card.dataset.sessionTitle) return card.dataset.sessionTitle;
  const heading = card.querySelector('.session-card__title, h1');
  if (!heading) return '';
  const copy = heading.cloneNode(true);
  for (const extra of copy.querySelectorAll('.badge, .lang-marker')) extra.remove();
  return copy.textContent.trim();
}

/**
 * When the card says the session is, as it shows it: its times, after the day's heading in the by-day list (whose
 * cards show no date). Two sessions of one title ("Coffee break") then get Star buttons of different names.
 */
function whenOf(card) {
  const times = card.querySelector('.session-card__time, .grid-session__time');
  if (!times) return '';
  const text = times.textContent.replace(/\s+/g, ' ').trim();
  const day = card.querySelector('.session-card__day') ? '' : card.closest('.agenda-day')?.querySelector('h2')?.textContent.trim();
  return day ? `${day} ${text}` : text;
}

function starIcon() {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', STAR_PATH);
  svg.append(path);
  return svg;
}

/** Points the "My agenda" link at this browser's stars, so the page opens with them without a redirect. */
function linkMyAgenda(config, starred) {
  const link = config.querySelector('a');
  if (!link) return;
  const url = new URL(link.href);
  if (starred.length > 0) url.searchParams.set('s', starred.join(','));
  else url.searchParams.delete('s');
  link.href = url.pathname + url.search;
}

/** A "Star" toggle on every session card (and on a session page's [data-star-session] element). */
function enhanceCards(config) {
  const event = config.dataset.event;
  const state = load(event) ?? empty();
  linkMyAgenda(config, state.starred);
  for (const card of document.querySelectorAll('li.session-card[data-session-id], [data-star-session]')) {
    const id = card.dataset.sessionId ?? card.dataset.starSession;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'star-toggle';
    button.dataset.starFor = id;
    button.setAttribute('aria-pressed', String(state.starred.includes(id)));
    // The visible word starts the accessible name, so speech users can say what they see.
    const when = whenOf(card);
    const named = when ? config.dataset.starNamedAt.replace('{when}', when) : config.dataset.starNamed;
    button.setAttribute('aria-label', named.replace('{title}', titleOf(card)));
    const label = document.createElement('span');
    label.textContent = config.dataset.star;
    button.append(starIcon(), label);
    button.addEventListener('click', () => {
      const on = button.getAttribute('aria-pressed') !== 'true';
      const now = load(event) ?? empty();
      setStar(now, id, on);
      save(event, now);
      linkMyAgenda(config, now.starred);
      button.setAttribute('aria-pressed', String(on));
      if (isBound(event)) push(config, event);
    });
    card.append(button);
  }
  // A confirmed browser sends what it starred meanwhile (offline, say), and now and then shows its other devices' stars:
  // not on every page it opens, which would cost the server two requests a page at a conference's busiest moments.
  const pending = state.add.length > 0 || state.remove.length > 0;
  if (isBound(event) && (pending || Date.now() - lastPull(event) > PULL_EVERY_MS)) push(config, event);
}

/**
 * Whether this browser confirmed an address for the event (set by the personal agenda page, which knows), kept as
 * the time of its last pull of the server's stars.
 */
const BOUND = 'forum-desk:bound:';
const PULL_EVERY_MS = 10 * 60 * 1000;
function isBound(event) {
  try {
    return localStorage.getItem(BOUND + event) !== null;
  } catch {
    return false;
  }
}
function lastPull(event) {
  try {
    return Number(localStorage.getItem(BOUND + event)) || 0;
  } catch {
    return 0;
  }
}
function setBound(event, bound) {
  try {
    if (bound) localStorage.setItem(BOUND + event, String(Date.now()));
    else localStorage.removeItem(BOUND + event);
  } catch {
    // Storage refused: the stars reach the server when the personal agenda page is opened.
  }
}

let pushing = false;
let pushAgain = false;

/**
 * Sends this browser's star changes to its confirmed personal agenda (and so to its calendar feed) from an agenda or
 * session page, one request at a time; changes made while one is on its way go in the next. Offline, they wait.
 */
async function push(config, event) {
  if (pushing) {
    pushAgain = true;
    return;
  }
  pushing = true;
  try {
    const target = await fetch(`/events/${encodeURIComponent(event)}/my-agenda/sync`, { credentials: 'same-origin', headers: { accept: 'application/json' } });
    // No confirmed agenda any more (the cookie ended): the stars stay in this browser.
    if (target.status === 404) return setBound(event, false);
    if (!target.ok) return;
    const { url, csrf } = await target.json();
    const sent = load(event) ?? empty();
    const ids = await sync(event, url, csrf, sent);
    // Changes made while the request was on its way are kept for the next one; the rest is the server's.
    const now = load(event) ?? empty();
    const add = now.add.filter((id) => !sent.add.includes(id));
    const remove = now.remove.filter((id) => !sent.remove.includes(id));
    const starred = [...new Set([...ids.filter((id) => !remove.includes(id)), ...add])];
    save(event, { starred, add, remove });
    setBound(event, true);
    linkMyAgenda(config, starred);
    for (const button of document.querySelectorAll('.star-toggle')) button.setAttribute('aria-pressed', String(starred.includes(button.dataset.starFor)));
  } catch {
    // Offline or refused: the changes stay pending, sent with the next star or by the personal agenda page.
  } finally {
    pushing = false;
    if (pushAgain) {
      pushAgain = false;
      push(config, event);
    }
  }
}

/** Sends the changes since the last sync; answers the server's stars (on the published agenda) after them. */
async function sync(event, url, csrf, state) {
  const send = (change) =>
    fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(change),
    });
  let res = await send({ add: state.add, remove: state.remove });
  // A starred session has left the agenda since: the changes are sent again for the sessions still on it (the public
  // API lists them), and only the gone ones are dropped.
  if (res.status === 422) {
    const listed = await fetch(`/api/events/${encodeURIComponent(event)}/sessions`, { headers: { accept: 'application/json' } })
      .then((r) => (r.ok ? r.json() : { sessions: [] }))
      .then((body) => new Set((body.sessions ?? []).map((s) => s.id)))
      .catch(() => new Set());
    res = await send({ add: state.add.filter((id) => listed.has(id)), remove: state.remove.filter((id) => listed.has(id)) });
    if (res.status === 422) res = await send({ add: [], remove: [] });
  }
  if (!res.ok) throw new Error(`stars sync: ${res.status}`);
  const body = await res.json();
  return list(body.sessionIds);
}

/**
 * The personal agenda page's own address with these stars. Built on the page's path (data-page), not on this
 * address: after the "keep my agenda" form this page is the POST's reply, at …/my-agenda/keep, which has no GET.
 */
function pageWith(root, ids) {
  const url = new URL(location.href);
  url.pathname = root.dataset.page;
  url.searchParams.delete('notice');
  if (ids.length > 0) url.searchParams.set('s', ids.join(','));
  else url.searchParams.delete('s');
  return url.pathname + url.search;
}

async function enhancePersonalAgenda(root) {
  const event = root.dataset.event;
  const bound = root.dataset.bound === 'true';
  const shown = split(root.dataset.shown);
  const state = load(event);

  for (const control of root.querySelectorAll('[data-unstar]')) {
    const id = control.dataset.unstar;
    control.addEventListener(control.tagName === 'FORM' ? 'submit' : 'click', (e) => {
      const now = load(event) ?? empty();
      setStar(now, id, false);
      save(event, now);
      // Without a confirmed address the link itself leads to the agenda without this session.
      if (!bound) return;
      e.preventDefault();
      sync(event, root.dataset.starsUrl, root.dataset.csrf, now)
        .then((ids) => save(event, { starred: ids, add: [], remove: [] }))
        .catch(() => {})
        .finally(() => location.replace(pageWith(root, [])));
    });
  }

  const keep = document.querySelector('[data-keep-form]');
  if (keep && state) keep.elements.namedItem('s').value = state.starred.join(',');

  setBound(event, bound);
  if (bound) {
    const now = state ?? empty();
    try {
      const ids = await sync(event, root.dataset.starsUrl, root.dataset.csrf, now);
      save(event, { starred: ids, add: [], remove: [] });
      // Stars from another device or from before the confirmation: show them (once; the next sync changes nothing).
      if (!sameSet(ids, shown) && !sessionStorage.getItem(PREFIX + 'reloaded')) {
        sessionStorage.setItem(PREFIX + 'reloaded', '1');
        location.replace(pageWith(root, []));
        return;
      }
    } catch {
      // Offline or the session ended: the page shows the server's stars as they were.
    }
    sessionStorage.removeItem(PREFIX + 'reloaded');
  } else if (state && root.dataset.formReply !== 'true') {
    // (The reply to the keep form shows the stars the form sent, the field error and the typed text: stay on it.)
    const asked = split(new URL(location.href).searchParams.get('s') ?? '');
    if (!sameSet(state.starred, asked)) location.replace(pageWith(root, state.starred));
  }
}

const config = document.getElementById('stars');
if (config) enhanceCards(config);
const personal = document.getElementById('my-agenda');
if (personal) enhancePersonalAgenda(personal);
