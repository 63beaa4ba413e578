// Progressive enhancement for the zone control of the public agenda pages: preselects the browser's own zone in the
// zone form, offers a one-click "Show in my time zone (…)" link, and remembers the reader's choice between their
// zone and the event's in localStorage. Without this script the form and the "event time" link work the same.
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
  const reported = browserZone();
  const select = control.querySelector('select[name="tz"]');
  const options = select ? [...select.options].filter((option) => option.value) : [];
  // The list names zones as IANA does now (Asia/Kolkata); Chrome reports some by an older name (Asia/Calcutta), which
  // its Intl resolves both names to: the list's name is the one to show and send.
  const target = resolvedZone(reported);
  const listed = options.find((option) => option.value === reported) ?? (target ? options.find((option) => resolvedZone(option.value) === target) : undefined);
  const mine = listed ? listed.value : reported;
  const known = listed !== undefined;

  // A page asked for with a zone that the server did not take (one it does not know, or the event's own by another
  // name) offers nothing more: sending the reader there again would only bring the same page back, for ever.
  const askedAlready = new URL(window.location.href).searchParams.has('tz');
  // The server also understands other spellings of a zone than the list's, should one still reach it.
  if (!viewerZone && !askedAlready && mine && resolvedZone(mine) !== resolvedZone(eventZone)) {
    if (recalled() === 'mine') {
      // The reader asked for their own zone before: show it straight away.
      window.location.replace(withZone(mine));
    } else {
      if (!known && select) {
        // The list holds the common zones; the reader's own joins it, so the form can send it too.
        const option = document.createElement('option');
        option.value = mine;
        // Named as the link below names it, in the page's language: the browser may report an old spelling
        // (Asia/Katmandu, Europe/Kiev) that would make a poor city name.
        option.textContent = nameOf(mine);
        select.append(option);
      }
      // The list keeps showing the zone the times are in (the event's); the link below offers the reader's own.
      const link = document.createElement('a');
      link.href = withZone(mine);
      link.dataset.zoneChoice = 'mine';
      link.textContent = control.dataset.showMine.replace('{zone}', nameOf(mine));
      const line = document.createElement('p');
      line.className = 'zone-toggle';
      line.append(link);
      control.querySelector('.zone-notice').after(line);
    }
  }

  control.addEventListener('click', (event) => {
    const link = event.target.closest('a[data-zone-choice]');
    if (link) remember(link.dataset.zoneChoice);
  });
  select?.form.addEventListener('submit', () => {
    remember(select.value === '' ? 'event' : select.value === mine ? 'mine' : 'other');
  });
}
