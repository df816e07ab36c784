// Scorecard autosave: htmx posts each answer on change. When the connection drops, keep the
// form marked as unsaved and post it again once the browser is back online, so nothing the
// member chose or typed is lost.
(function () {
  var pending = new Set();
  document.body.addEventListener("htmx:sendError", function (event) {
    var form = event.target.closest("form.scorecard-criterion");
    if (!form) { return; }
    pending.add(form);
    var status = form.querySelector("[aria-live]");
    if (status && status.dataset.offline) { status.textContent = status.dataset.offline; }
  });
  window.addEventListener("online", function () {
    pending.forEach(function (form) { htmx.trigger(form, "change"); });
    pending.clear();
  });
})();
