// "Copy link" beside a read-only link field: the button is in the page hidden,
// and shown only here, so without JavaScript there is no button that does nothing.
(function () {
  "use strict";
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var field = document.querySelector(button.dataset.copy);
    var status = document.getElementById(button.dataset.copyStatus);
    if (!field || !status) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      function fallback() {
        field.focus();
        field.select();
        status.textContent = "The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.";
      }
      if (!navigator.clipboard) {
        fallback();
        return;
      }
      navigator.clipboard.writeText(field.value).then(function () {
        status.textContent = "Link copied.";
      }, fallback);
    });
  });
})();
