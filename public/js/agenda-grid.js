// Drag and drop on the agenda builder, for mouse users: dropping a session on a free slot sends the same Move form
// its Move link opens (day, start, room), so the server checks it exactly as it checks a typed move.
const table = document.querySelector('.agenda-grid');

if (table instanceof HTMLElement && table.dataset.csrf) {
  const { csrf, event } = table.dataset;
  const SESSION_ID = /^[0-9a-f-]{36}$/;
  let dragged = '';

  for (const card of table.querySelectorAll('.grid-session[data-session]')) {
    card.setAttribute('draggable', 'true');
    card.addEventListener('dragstart', (e) => {
      dragged = card.getAttribute('data-session') ?? '';
      e.dataTransfer?.setData('text/plain', dragged);
      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
    });
  }

  const freeCell = (target) => (target instanceof Element ? target.closest('.agenda-grid__free') : null);
  table.addEventListener('dragover', (e) => {
    const cell = freeCell(e.target);
    if (!cell || !dragged) return;
    e.preventDefault();
    cell.classList.add('is-drop-target');
  });
  table.addEventListener('dragleave', (e) => freeCell(e.target)?.classList.remove('is-drop-target'));
  table.addEventListener('drop', (e) => {
    const cell = freeCell(e.target);
    if (!cell || !SESSION_ID.test(dragged)) return;
    e.preventDefault();
    const [day, start] = (cell.getAttribute('data-starts') ?? '').split('T');
    const form = document.createElement('form');
    form.method = 'post';
    form.action = `/admin/events/${event}/agenda/${dragged}/move`;
    for (const [name, value] of Object.entries({ _csrf: csrf, day, start, roomId: cell.getAttribute('data-room') ?? '' })) {
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = name;
      input.value = value ?? '';
      form.append(input);
    }
    document.body.append(form);
    form.submit();
  });
}
