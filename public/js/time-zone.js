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

function withZone(zone) {
  const url = new URL(window.location.href);
  if (zone) url.searchParams.set('tz', zone);
  else url.searchParams.delete('tz');
  return url.pathname + url.search + url.hash;
}

const control = document.querySelector('.zone-control');
if (control) {
  const eventZone = control.dataset.eventZone;
  const viewerZone = control.dataset.viewerZone;
  const mine = browserZone();
  const select = control.querySelector('select[name="tz"]');
  const known = select && [...select.options].some((option) => option.value === mine);

  // The server also understands other spellings of a zone than the list's (Asia/Kolkata for Asia/Calcutta).
  if (!viewerZone && mine && mine !== eventZone) {
    if (recalled() === 'mine') {
      // The reader asked for their own zone before: show it straight away.
      window.location.replace(withZone(mine));
    } else {
      if (!known && select) {
        // The list holds the common zones; the reader's own joins it, so the form can send it too.
        const option = document.createElement('option');
        option.value = mine;
        option.textContent = mine;
        select.append(option);
      }
      if (select) select.value = mine;
      const link = document.createElement('a');
      link.href = withZone(mine);
      link.dataset.zoneChoice = 'mine';
      link.textContent = control.dataset.showMine.replace('{zone}', mine.replace(/_/g, ' '));
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
