// After a form is sent back with errors, move focus to its error summary, so
// that keyboard and screen-reader users start from the list of what to fix
// (each entry links to its field) instead of at the top of the page.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.querySelector("[data-autofocus]");
    if (summary) {
      summary.focus();
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
