// The offline scorecard's service worker (served at /sw.js by ocop_portal.core.views.service_worker).
//
// What it keeps, and nothing else: the portal's static files; the pages of the scorecards the
// member opened (every part of the sheet, so a whole card can be filled without a connection);
// the evidence files the member opened. Pages are asked from the network first and the kept copy
// is used only when the network fails. Answers made offline are not here: the page keeps them
// (localStorage) and sends them when the connection returns.
//
// Sign-out: the page asks the worker to drop everything ("clear"), and the sign-out response
// carries Clear-Site-Data: "cache", "storage", which also removes the worker itself.
"use strict";

const CACHE = "ocop-offline-v1";
const SCORECARD = /^\/evaluation\/assignments\/\d+\/scorecard\/$/;
const EVIDENCE = /^\/evaluation\/dossiers\/\d+\/evidence\/\d+\/download\/$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim())
  );
});

function kept(url) {
  return url.pathname.startsWith("/static/") || SCORECARD.test(url.pathname) || EVIDENCE.test(url.pathname);
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const copy = await cache.match(request);
    if (copy) { return copy; }
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const copy = await cache.match(request);
  if (copy) { return copy; }
  const response = await fetch(request);
  if (response.ok) { await cache.put(request, response.clone()); }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") { return; }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !kept(url)) { return; }
  event.respondWith(url.pathname.startsWith("/static/") ? cacheFirst(request) : networkFirst(request));
});

async function keep(urls) {
  const cache = await caches.open(CACHE);
  await Promise.all(urls.map(async (href) => {
    const url = new URL(href, self.location.origin);
    if (url.origin !== self.location.origin || !kept(url)) { return; }
    try {
      const response = await fetch(url.href, { credentials: "same-origin" });
      if (response.ok && !response.redirected) { await cache.put(url.href, response); }
    } catch (error) {
      // offline or refused: the page will be kept the next time it is opened
    }
  }));
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const done = () => event.source && event.source.postMessage({ type: data.type + ":done" });
  if (data.type === "keep" && Array.isArray(data.urls)) {
    event.waitUntil(keep(data.urls).then(done));
  } else if (data.type === "clear") {
    event.waitUntil(caches.keys().then((keys) => Promise.all(keys.map((key) => caches.delete(key)))).then(done));
  }
});
