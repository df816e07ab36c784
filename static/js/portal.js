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

// Forms that autosave (data-autosave: htmx posts each change; its answer carries the dossier's
// new version) and are saved for good with their button. A "Lưu" sent while an autosave is on its
// way would carry the version from before it, and the server would refuse it as another person's
// edit. So "Lưu" waits for the autosave's answer, then goes with the version it brought; an
// autosave that would start after "Lưu" (the last field's change) is not sent: "Lưu" carries it.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-autosave]")) { return; }
  form.dataset.saving = "1";
  if (form.classList.contains("htmx-request")) {
    event.preventDefault();
    form.addEventListener("htmx:afterRequest", function () { form.submit(); }, { once: true });
  }
});
document.addEventListener("htmx:beforeRequest", function (event) {
  var form = event.detail.elt;
  if (form && form.matches && form.matches("form[data-autosave]") && form.dataset.saving) { event.preventDefault(); }
});

// Dates and files the same way whatever the browser's language. A browser-native date field shows
// the browser's order (10/07/2022 reads 07/10/2022 in an English browser) and a file field says
// "Choose File": every date field becomes a dd/mm/yyyy text field with a calendar (the server
// accepts dd/mm/yyyy; without JavaScript the native field still works), and every file field gets
// a "Chọn tệp" button and the chosen file's name. The wording comes from <body data-…> (i18n).
(function () {
  var ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

  function dmy(iso) {
    var m = ISO.exec(iso || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : iso;
  }

  function enhanceDate(input) {
    var min = input.getAttribute("min"), max = input.getAttribute("max");
    input.type = "text";
    input.value = dmy(input.value);
    input.placeholder = "dd/mm/yyyy";
    input.setAttribute("inputmode", "numeric");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("pattern", "\\d{1,2}/\\d{1,2}/\\d{4}");
    input.dataset.ocopDate = "1";
    if (window.Datepicker) {
      var lang = (document.documentElement.lang || "vi").slice(0, 2);
      var picker = new window.Datepicker(input, {
        language: window.Datepicker.locales[lang] ? lang : "en",
        format: "dd/mm/yyyy",
        weekStart: 1,
        autohide: true,
        todayHighlight: true,
        minDate: min ? dmy(min) : null,
        maxDate: max ? dmy(max) : null,
        buttonClass: "btn",
      });
      // Typing a date closes the calendar: left open, it covers the fields below, and a click
      // meant for one of them would pick the calendar's day instead of the date typed.
      input.addEventListener("input", function () {
        if (picker.active) { picker.hide(); }
      });
    }
  }

  function enhanceFile(input) {
    if (!input.id) { input.id = "file-" + Math.random().toString(36).slice(2); }
    var body = document.body.dataset;
    var wrap = document.createElement("div");
    wrap.className = "ocop-file d-flex flex-wrap align-items-center gap-2";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary";
    button.id = input.id + "-button";
    button.textContent = body.fileChoose || "Chọn tệp";
    var name = document.createElement("span");
    name.className = "ocop-file-name small text-body-secondary";
    name.id = input.id + "-chosen";
    name.setAttribute("aria-live", "polite");
    name.textContent = body.fileNone || "Chưa chọn tệp nào";
    // The field's own label describes the button (and still names the field itself).
    var label = document.querySelector('label[for="' + input.id + '"]');
    var described = [name.id];
    if (label) {
      if (!label.id) { label.id = input.id + "-label"; }
      described.unshift(label.id);
    }
    button.setAttribute("aria-describedby", described.join(" "));
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    wrap.appendChild(button);
    wrap.appendChild(name);
    input.classList.add("ocop-file-input");
    input.tabIndex = -1;
    button.addEventListener("click", function () { input.click(); });
    input.addEventListener("change", function () {
      var files = input.files || [];
      if (files.length === 0) { name.textContent = body.fileNone || "Chưa chọn tệp nào"; }
      else if (files.length === 1) { name.textContent = files[0].name; }
      else { name.textContent = (body.fileMany || "%s tệp").replace("%s", files.length); }
    });
    // Bootstrap shows the field's error (.invalid-feedback) after an .is-invalid sibling.
    if (input.classList.contains("is-invalid")) { wrap.classList.add("is-invalid"); }
  }

  function enhance(root) {
    root.querySelectorAll('input[type="date"]:not([data-ocop-date])').forEach(enhanceDate);
    root.querySelectorAll('input[type="file"]:not(.ocop-file-input)').forEach(enhanceFile);
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });
}());

// Irreversible steps (submitting a dossier or a scorecard, closing a scoring session, recording a
// decision, revoking) ask first, saying what will happen: a form marked data-confirm="…" (with
// data-confirm-title and data-confirm-button) opens #confirm-dialog; only "ok" sends the form.
(function () {
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-confirm]:not([data-signout])")) { return; }
    if (form.dataset.confirmed === "1") { delete form.dataset.confirmed; return; }
    var dialog = document.getElementById("confirm-dialog");
    if (!dialog || !dialog.showModal) { return; }  // no dialog support: the server still decides
    event.preventDefault();
    event.stopPropagation();
    var title = document.getElementById("confirm-dialog-title");
    var ok = document.getElementById("confirm-dialog-ok");
    title.textContent = form.dataset.confirmTitle || title.dataset.default;
    document.getElementById("confirm-dialog-text").textContent = form.dataset.confirm;
    ok.textContent = form.dataset.confirmButton || ok.dataset.default;
    ok.className = "btn " + (form.dataset.confirmDanger ? "btn-danger" : "btn-primary");
    var submitter = event.submitter || null;
    dialog.returnValue = "";
    dialog.addEventListener("close", function onClose() {
      dialog.removeEventListener("close", onClose);
      if (dialog.returnValue !== "ok") { return; }
      form.dataset.confirmed = "1";
      if (form.requestSubmit) { form.requestSubmit(submitter); } else { form.submit(); }
    });
    dialog.showModal();
  }, true);
}());
