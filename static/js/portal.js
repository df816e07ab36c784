// Shared behaviour without inline scripts (the CSP forbids them).
// Select elements marked data-autosubmit submit their form on change (filters, language).
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.matches && el.matches("select[data-autosubmit]") && el.form) {
    el.form.requestSubmit ? el.form.requestSubmit() : el.form.submit();
  }
});

// Sign-out: answers a council member made offline and not yet sent would be deleted with the rest
// of what this browser keeps (Clear-Site-Data on the sign-out response): ask first. Then tell the
// service worker to drop its copies at once.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-signout]")) { return; }
  var waiting = 0;
  for (var i = 0; i < localStorage.length; i++) {
    var key = localStorage.key(i);
    if (key && key.indexOf("ocop-offline:") === 0) {
      try { waiting += Object.keys(JSON.parse(localStorage.getItem(key)).pending || {}).length; } catch (error) { waiting += 1; }
    }
  }
  if (waiting && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    navigator.serviceWorker.controller.postMessage({ type: "clear" });
  }
});
