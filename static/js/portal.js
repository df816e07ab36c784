// Shared behaviour without inline scripts (the CSP forbids them).
// Select elements marked data-autosubmit submit their form on change (filters, language).
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("select[data-autosubmit]") && el.form) {
    el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
  }
});
