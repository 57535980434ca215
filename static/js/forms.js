// Two small behaviours for every form on the site.
(function () {
  "use strict";

  // After a form is sent back with errors, move focus to its error summary, so
  // that keyboard and screen-reader users start from the list of what to fix
  // (each entry links to its field) instead of at the top of the page.
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

  // A double click on a POST button must not send the form twice (two
  // facilitated sessions, two rounds). The buttons are not disabled: the one
  // clicked carries the form's action (Next / Back / Finish) in its value, and
  // a disabled button is left out of what is sent. If no new page arrives
  // (the network failed), the form can be sent again after a few seconds.
  var RESEND_AFTER_MS = 5000;
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.method || form.method.toLowerCase() !== "post") {
      return;
    }
    if (form.dataset.sentAt && Date.now() - Number(form.dataset.sentAt) < RESEND_AFTER_MS) {
      event.preventDefault();
      return;
    }
    form.dataset.sentAt = String(Date.now());
  });
  // Coming back with the browser's Back button restores the page as it was left.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent-at]").forEach(function (form) {
      delete form.dataset.sentAt;
    });
  });
})();
