// Move focus to the error summary or a flash message, so screen readers announce it first.
document.addEventListener("DOMContentLoaded", function () {
  var target = document.querySelector("[data-autofocus]") || document.getElementById("flash");
  if (target && document.activeElement === document.body) { target.focus(); }
});
