// Registration question form: shows only the fields the chosen kind of answer uses (choices for single and multiple
// choice, file types and size for uploads). Without JavaScript every field stays visible and the server ignores
// the ones the kind does not use.
(function () {
  'use strict';
  var kind = document.getElementById('field-kind');
  if (!kind) return;
  var parts = document.querySelectorAll('[data-for-kinds]');
  function update() {
    parts.forEach(function (part) {
      part.hidden = part.getAttribute('data-for-kinds').split(' ').indexOf(kind.value) === -1;
    });
  }
  kind.addEventListener('change', update);
  update();
})();
