// The console's small behaviours, without inline handlers (the Content-Security-Policy allows scripts from the
// gateway only).

// Forms that act on dead letters ask first (data-confirm holds the question, in the page's language).
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    var question = form && form.getAttribute ? form.getAttribute('data-confirm') : null;
    var submitter = event.submitter;
    if (question && !(submitter && submitter.value === 'true' && submitter.name === 'dryRun') && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();

// A file input with data-max-bytes refuses a larger file before the form is sent (the service checks again): the
// browser shows data-too-large, in the page's language, as the field's message.
(function () {
  'use strict';
  document.addEventListener('change', function (event) {
    var input = event.target;
    if (!input || input.type !== 'file' || !input.hasAttribute('data-max-bytes')) {
      return;
    }
    var max = parseInt(input.getAttribute('data-max-bytes'), 10);
    var file = input.files && input.files[0];
    input.setCustomValidity(file && file.size > max ? input.getAttribute('data-too-large') : '');
    input.reportValidity();
  });
})();
