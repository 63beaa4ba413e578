// The registration form's questions for some categories only (data-categories: their ids) show only once one of
// those categories is chosen, and stay out of sight for the others. Before any choice every question shows. Without
// this script all of them show, each saying whom it is for; answers to a question the chosen category is not asked
// are ignored by the server either way.
const form = document.querySelector('form.registration-form');
const fields = form ? [...form.querySelectorAll('[data-categories]')] : [];
if (form && fields.length > 0) {
  const update = () => {
    const chosen = form.querySelector('input[name="categoryId"]:checked')?.value;
    for (const field of fields) field.hidden = chosen !== undefined && !field.dataset.categories.split(' ').includes(chosen);
    // A section left with no question to show goes too.
    for (const section of form.querySelectorAll('fieldset.questions-section')) {
      section.hidden = [...section.querySelectorAll('.field[id^="field-q_"]')].every((field) => field.hidden);
    }
  };
  form.addEventListener('change', (event) => {
    if (event.target instanceof HTMLInputElement && event.target.name === 'categoryId') update();
  });
  update();
}
