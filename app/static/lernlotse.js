// Optional enhancement: move focus to the error summary, so screen readers announce the problem.
// Every task on the site works without this file.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-focus-on-load]");
  if (summary) {
    summary.focus();
  }
});
