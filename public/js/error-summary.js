// Moves the focus to a form's error summary when the page comes back with errors, so keyboard and screen-reader
// users start where the problems are listed (each linked to its field). Without this script the summary is
// still announced (role="alert") and is the first thing in the page's content.
const summary = document.querySelector('.error-summary');
if (summary && !document.activeElement?.closest('form, .error-summary')) summary.focus();

// A problem's link leads to its field's box; the control inside it takes the focus, so a checkbox or a select can be
// answered at once (a box itself cannot hold the focus, which would stay where the link was).
summary?.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[href^="#"]') : null;
  const target = link ? document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1))) : null;
  const control = target?.matches('input, select, textarea') ? target : target?.querySelector('input:not([type="hidden"]), select, textarea');
  if (!control) return;
  event.preventDefault();
  target.scrollIntoView({ block: 'center' });
  control.focus({ preventScroll: true });
});
