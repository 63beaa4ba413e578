// Progressive enhancement for the zone control of the public agenda pages: offers a one-click "Show in my time zone
// (…)" link, and remembers the reader's choice between their zone, the event's and another in localStorage (also
// when it is made on the time-zone page). Without this script the "Change time zone" and "event time" links work
// the same.
const STORE_KEY = 'forumDesk.timeZoneChoice';

function remember(choice) {
  try {
    localStorage.setItem(STORE_KEY, choice);
  } catch {
    // Private windows may refuse storage; the choice then lasts for this page only.
  }
}

function recalled() {
  try {
    return localStorage.getItem(STORE_KEY);
  } catch {
    return null;
  }
}

function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
  } catch {
    return '';
  }
}

/** The name this browser's Intl gives a zone: Chrome says 'Asia/Calcutta' for 'Asia/Kolkata'; '' when unknown. */
function resolvedZone(zone) {
  if (!zone) return '';
  try {
    return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return '';
  }
}

/** The zone's generic name in the page's language ("India Standard Time", "中欧时间"); its IANA name if Intl has none. */
function nameOf(zone) {
  try {
    const parts = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { timeZone: zone, timeZoneName: 'longGeneric' }).formatToParts(new Date());
    const name = parts.find((part) => part.type === 'timeZoneName')?.value;
    // Intl says "GMT+05:45" for a zone it has no name for: the zone's own name reads better then.
    if (name && !/^(GMT|UTC)[+-]/.test(name)) return name;
  } catch {
    // An old browser without longGeneric: the IANA name below.
  }
  return zone.replace(/_/g, ' ');
}

function withZone(zone) {
  const url = new URL(window.location.href);
  if (zone) url.searchParams.set('tz', zone);
  else url.searchParams.delete('tz');
  // The time grid's day is a date in the shown zone, which another zone may not have: open its first day instead.
  url.searchParams.delete('day');
  return url.pathname + url.search + url.hash;
}

const control = document.querySelector('.zone-control');
if (control) {
  const eventZone = control.dataset.eventZone;
  const viewerZone = control.dataset.viewerZone;
  // The server takes the spelling the browser reports (Chrome's Asia/Calcutta too) and shows the zone by its name now.
  const mine = browserZone();

  // A page asked for with a zone that the server did not take (one it does not know, or the event's own by another
  // name) offers nothing more: sending the reader there again would only bring the same page back, for ever.
  const askedAlready = new URL(window.location.href).searchParams.has('tz');
  if (!viewerZone && !askedAlready && mine && resolvedZone(mine) !== resolvedZone(eventZone)) {
    if (recalled() === 'mine') {
      // The reader asked for their own zone before: show it straight away.
      window.location.replace(withZone(mine));
    } else {
      // The notice keeps saying the zone the times are in (the event's); this link offers the reader's own.
      const link = document.createElement('a');
      link.href = withZone(mine);
      link.dataset.zoneChoice = 'mine';
      link.textContent = control.dataset.showMine.replace('{zone}', nameOf(mine));
      const line = document.createElement('p');
      line.className = 'zone-toggle';
      line.append(link);
      control.querySelector('.zone-control__change').after(line);
    }
  }

  control.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-zone-choice]');
    if (link) remember(link.dataset.zoneChoice);
  });
}

// The time-zone page: a city picked there is remembered as the reader's own zone when it is theirs, else as another
// (so the next visit is not moved to their own), and the event's as event time.
const picker = document.querySelector('[data-zone-picker]');
picker?.addEventListener('click', (event) => {
  const link = event.target.closest('.zone-list a');
  if (!link) return;
  const zone = new URL(link.href).searchParams.get('tz');
  const mine = resolvedZone(browserZone());
  remember(!zone ? 'event' : mine && resolvedZone(zone) === mine ? 'mine' : 'other');
});
