// Approvals page: "Tick all" / "Untick all" of a group tick its boxes in place, keeping the other group's ticks and
// the message typed. Without this script the links reload the page with the group ticked (or nothing ticked).
for (const link of document.querySelectorAll('a[data-tick-group]')) {
  link.addEventListener('click', (event) => {
    event.preventDefault();
    const on = link.dataset.tick === 'on';
    const group = document.querySelector(`[data-group="${CSS.escape(link.dataset.tickGroup)}"]`);
    for (const box of group?.querySelectorAll('input[type="checkbox"][name="ids"]') ?? []) box.checked = on;
    link.dataset.tick = on ? 'off' : 'on';
    link.textContent = on ? link.dataset.tickOffText : link.dataset.tickOnText;
  });
}
