// The scorecard, online and offline.
//
// Online, htmx autosaves each answer as before. Without a connection (or when a save cannot
// reach the server) the answer is kept on this device (localStorage, per member and dossier),
// shown as "chưa đồng bộ", and sent when the connection returns to the sync endpoint together
// with the answer it started from (its base). The server saves it only if it still holds that
// base; otherwise it answers with its own value and the member sees both and chooses. Nothing
// is dropped without the member asking for it.
//
// The service worker (/sw.js) keeps every part of this card and the evidence the member opens,
// so the card can be reopened and filled with no connection at all.
(function () {
  "use strict";
  var root = document.querySelector("[data-offline-scorecard]");
  if (!root) { return; }
  var S = document.getElementById("offline-strings").dataset;
  var KEY = "ocop-offline:" + root.dataset.user + ":" + root.dataset.assignment;
  var banner = document.getElementById("offline-banner");
  var syncing = false;

  function load() {
    try {
      var state = JSON.parse(localStorage.getItem(KEY) || "null");
      if (state && state.pending) { return state; }
    } catch (error) { /* a damaged entry is replaced below */ }
    return { card: root.dataset.card, pending: {} };
  }

  function store(state) {
    if (Object.keys(state.pending).length) {
      localStorage.setItem(KEY, JSON.stringify(state));
    } else {
      localStorage.removeItem(KEY);
    }
    showBanner(state);
  }

  function formOf(id) { return document.querySelector("form.scorecard-criterion[data-criterion='" + id + "']"); }

  function valuesOf(form) {
    var checked = form.querySelector("input[name=option]:checked");
    var comment = form.querySelector("textarea[name=comment]");
    return { option: checked ? checked.value : "", comment: comment ? comment.value : "" };
  }

  function labelOf(optionId) {
    if (!optionId) { return S.none; }
    var label = document.querySelector("label[for='option-" + optionId + "']");
    return label ? label.textContent.trim() : "#" + optionId;
  }

  function status(form, text, tone) {
    var element = form.querySelector("[aria-live]");
    if (!element) { return; }
    element.textContent = "";
    var span = document.createElement("span");
    span.className = tone;
    span.textContent = text;
    element.appendChild(span);
  }

  function setValues(form, option, comment) {
    form.querySelectorAll("input[name=option]").forEach(function (input) { input.checked = input.value === String(option || ""); });
    var textarea = form.querySelector("textarea[name=comment]");
    if (textarea) { textarea.value = comment || ""; }
  }

  function showBanner(state) {
    var entries = Object.keys(state.pending).map(function (id) { return state.pending[id]; });
    var conflicts = entries.filter(function (entry) { return entry.conflict; }).length;
    var lines = [];
    if (!navigator.onLine) { lines.push(S.bannerOffline); }
    if (entries.length - conflicts) { lines.push(S.bannerPending + " " + (entries.length - conflicts)); }
    if (conflicts) { lines.push(S.bannerConflicts + " " + conflicts); }
    banner.textContent = lines.join(" ");
    banner.hidden = lines.length === 0;
  }

  // --- keeping an answer on the device --------------------------------------------------------

  function keep(form) {
    var state = load();
    var id = form.dataset.criterion;
    var entry = state.pending[id] || { base_option: form.dataset.baseOption, base_comment: form.dataset.baseComment };
    var values = valuesOf(form);
    entry.option = values.option;
    entry.comment = values.comment;
    entry.label = labelOf(values.option);
    delete entry.conflict;
    state.pending[id] = entry;
    state.card = root.dataset.card;
    store(state);
    renderConflict(form, null);
    status(form, S.unsynced, "text-warning-emphasis");
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.target.closest && event.target.closest("form.scorecard-criterion");
    if (!form) { return; }
    // Offline, or an earlier answer to this criterion still waits: keep this one after it.
    if (!navigator.onLine || load().pending[form.dataset.criterion]) {
      event.preventDefault();
      keep(form);
    }
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    var form = event.target.closest && event.target.closest("form.scorecard-criterion");
    if (form) { keep(form); }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target.closest && event.target.closest("form.scorecard-criterion");
    if (form && event.detail.successful) {
      var values = valuesOf(form);
      form.dataset.baseOption = values.option;
      form.dataset.baseComment = values.comment;
    }
  });

  // --- conflicts ---------------------------------------------------------------------------------

  function line(text) {
    var p = document.createElement("p");
    p.className = "mb-1";
    p.textContent = text;
    return p;
  }

  function button(text, action, tone) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm me-2 " + tone;
    b.dataset.offlineAction = action;
    b.textContent = text;
    return b;
  }

  function renderConflict(form, entry) {
    var box = form.querySelector(".offline-conflict");
    if (!box) { return; }
    box.textContent = "";
    box.hidden = !entry || !entry.conflict;
    if (box.hidden) { return; }
    var conflict = entry.conflict;
    var server = conflict.server || { option: "", comment: "" };
    box.appendChild(line(conflict.message));
    box.appendChild(line(S.device + ": " + (entry.label || labelOf(entry.option)) + (entry.comment ? " · " + S.comment + ": " + entry.comment : "")));
    box.appendChild(line(S.server + ": " + labelOf(server.option) + (server.comment ? " · " + S.comment + ": " + server.comment : "")));
    if (conflict.reason === "changed") {
      box.appendChild(button(S.keepMine, "mine", "btn-primary"));
      box.appendChild(button(S.keepServer, "server", "btn-outline-secondary"));
    } else {
      box.appendChild(button(S.discard, "server", "btn-outline-danger"));
    }
  }

  document.body.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-offline-action]");
    if (!target) { return; }
    var form = target.closest("form.scorecard-criterion");
    var state = load();
    var id = form.dataset.criterion;
    var entry = state.pending[id];
    if (!entry || !entry.conflict) { return; }
    var server = entry.conflict.server || { option: "", comment: "" };
    if (target.dataset.offlineAction === "mine") {
      // The member has seen the server's value and keeps theirs: send it against that value.
      entry.base_option = server.option === null ? "" : String(server.option);
      entry.base_comment = server.comment;
      delete entry.conflict;
      store(state);
      renderConflict(form, null);
      status(form, S.unsynced, "text-warning-emphasis");
      sync();
    } else {
      delete state.pending[id];
      store(state);
      setValues(form, server.option, server.comment);
      form.dataset.baseOption = server.option === null ? "" : String(server.option);
      form.dataset.baseComment = server.comment;
      renderConflict(form, null);
      status(form, S.synced, "text-success");
    }
  });

  // --- sending when the connection returns -------------------------------------------------------

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function send(id, entry, card) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", csrfToken());
    body.append("card", card);
    body.append("option", entry.option || "");
    body.append("comment", entry.comment || "");
    body.append("base_option", entry.base_option || "");
    body.append("base_comment", entry.base_comment || "");
    var url = root.dataset.syncUrl.replace("/0/", "/" + id + "/");
    return fetch(url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return { code: response.status, data: data };
        });
      });
  }

  function sync() {
    if (syncing || !navigator.onLine) { return; }
    var state = load();
    var ids = Object.keys(state.pending).filter(function (id) { return !state.pending[id].conflict; });
    if (!ids.length) { showBanner(state); return; }
    syncing = true;
    var saved = 0;
    var next = function (index) {
      if (index >= ids.length) {
        syncing = false;
        showBanner(load());
        if (saved) { refresh(); }
        return;
      }
      var id = ids[index];
      var current = load();
      var entry = current.pending[id];
      if (!entry || entry.conflict) { next(index + 1); return; }
      send(id, entry, current.card).then(function (result) {
        var latest = load();
        var form = formOf(id);
        if (result.code === 200) {
          saved += 1;
          delete latest.pending[id];
          store(latest);
          if (form) {
            form.dataset.baseOption = entry.option;
            form.dataset.baseComment = entry.comment;
            status(form, S.synced, "text-success");
          }
        } else {
          var data = result.data || {};
          latest.pending[id].conflict = {
            reason: data.reason || "invalid",
            message: data.message || String(result.code),
            server: data.server || null,
          };
          store(latest);
          if (form) { renderConflict(form, latest.pending[id]); status(form, S.unsynced, "text-warning-emphasis"); }
        }
        next(index + 1);
      }, function () {
        syncing = false;  // the connection went again: what is left stays on the device
        showBanner(load());
      });
    };
    next(0);
  }

  // After answers went through: the progress panel from the server, and fresh copies of every
  // part for the worker (the kept pages would otherwise show the answers as they were).
  function refresh() {
    fetch(location.href, { credentials: "same-origin" }).then(function (response) { return response.text(); })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("progress");
        var here = document.getElementById("progress");
        if (fresh && here) { here.innerHTML = fresh.innerHTML; }
      }).catch(function () { /* offline again: the panel catches up on the next page */ });
    keepParts();
  }

  function partUrls() {
    var urls = root.dataset.parts.split(" ").filter(Boolean).map(function (query) { return location.pathname + query; });
    urls.push(location.pathname);
    return urls;
  }

  function keepParts(extra) {
    if (!("serviceWorker" in navigator) || !navigator.serviceWorker.controller) { return; }
    navigator.serviceWorker.controller.postMessage({ type: "keep", urls: partUrls().concat(extra || []) });
  }

  // --- start -------------------------------------------------------------------------------------

  var first = document.querySelector("form.scorecard-criterion[data-sync-url]");
  root.dataset.syncUrl = first ? first.dataset.syncUrl.replace(/\/\d+\/$/, "/0/") : "";
  (function restore() {
    var state = load();
    if (state.card !== root.dataset.card && Object.keys(state.pending).length) {
      // Kept for an earlier revision of the card: the server decides (it answers "revision").
      root.dataset.card = state.card;
    }
    Object.keys(state.pending).forEach(function (id) {
      var form = formOf(id);
      if (!form) { return; }
      var entry = state.pending[id];
      setValues(form, entry.option, entry.comment);
      status(form, S.unsynced, "text-warning-emphasis");
      renderConflict(form, entry);
    });
    showBanner(state);
  })();
  window.addEventListener("online", sync);
  window.addEventListener("offline", function () { showBanner(load()); });
  sync();

  if ("serviceWorker" in navigator && !root.hasAttribute("data-readonly")) {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      var urls = partUrls();
      document.querySelectorAll("link[rel=stylesheet], link[rel=manifest], script[src]").forEach(function (element) {
        urls.push(element.href || element.src);
      });
      registration.active.postMessage({ type: "keep", urls: urls });
    }).catch(function () { /* no worker (private window, old browser): online use is unchanged */ });
  }
})();
