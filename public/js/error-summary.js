// Moves the focus to a form's error summary when the page comes back with errors, so keyboard and screen-reader
// users start where the problems are listed (each linked to its field). Without this script the summary is
// still announced (role="alert") and is the first thing in the page's content.
const summary = document.querySelector('.error-summary');
if (summary && !document.activeElement?.closest('form, .error-summary')) summary.focus();
