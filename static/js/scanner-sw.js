// The scanner's service worker: once the pages have been opened on site, they open again
// without a connection. Pages: network first, the saved copy when offline. Scripts and
// styles: the saved copy, refreshed in the background. API calls are never cached here (the
// page queues scans).
"use strict";

// The pages save themselves into the same cache (scanner.js).
const CACHE = "tiltas-scanner-v2";
// The picker; an event's page is PAGE?event=<id>.
const PAGE = new URL(self.registration.scope).pathname.replace(/\/$/, "");
// Which event's page was last opened (written by scanner.js): /staff/scan offline goes there
// (/staff/scan?pick, the event page's "another event" link, is the picker itself).
const LAST_EVENT = `${PAGE}/last-event`;
// A network that answers nothing at all (one bar in the forest) counts as none after this.
const PATIENCE_MS = 5000;
// Every answer varies by Cookie and Accept-Language, and the cookie changes between visits
// (a refreshed session, a new login): the saved copy is the one page there is.
const ANY = { ignoreVary: true };

self.addEventListener("install", (event) => {
  self.skipWaiting();
  event.waitUntil(caches.open(CACHE));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// Files the pages ask for after they have loaded (the QR decoder, needed only with the
// camera): fetched and saved here once, so the camera works offline too.
async function precache(urls) {
  const cache = await caches.open(CACHE);
  for (const url of urls) {
    const target = new URL(url, self.location.href);
    if (target.origin !== self.location.origin || !target.pathname.startsWith(`${PAGE}/vendor/`)) continue;
    if (!(await cache.match(target.href, ANY))) await cache.add(target.href).catch(() => {});
  }
}

self.addEventListener("message", (event) => {
  const urls = event.data && event.data.precache;
  if (Array.isArray(urls)) event.waitUntil(precache(urls));
});

function pageKey(url) {
  const event = url.searchParams.get("event");
  return event ? `${PAGE}?event=${encodeURIComponent(event)}` : PAGE;
}

async function savedPage(key, url) {
  const cache = await caches.open(CACHE);
  if (key === PAGE && !url.searchParams.has("pick")) {
    // The gate goes on where it was: the last event's page, else the saved picker.
    const last = await cache.match(LAST_EVENT, ANY);
    const target = last ? `${PAGE}?event=${encodeURIComponent((await last.text()).trim())}` : null;
    if (target && (await cache.match(target, ANY))) return Response.redirect(target, 302);
  }
  return cache.match(key, ANY);
}

// The page from the network, and the promise of its copy in the cache: the fetch event waits
// for that (waitUntil), so a worker stopped right after answering never loses the copy, and a
// page just loaded is in the cache when the network goes away.
function fromNetwork(request, key) {
  let saving = Promise.resolve();
  const network = fetch(request).then((response) => {
    // Only the page itself: never a redirect to the login page nor an error in its place.
    if (response.ok && response.type === "basic" && !response.redirected) {
      const copy = response.clone();
      saving = caches.open(CACHE).then((cache) => cache.put(key, copy));
    }
    return response;
  });
  const saved = network.then(() => saving).catch(() => {});
  return { network, saved };
}

// A busy phone may fail a read of the cache: a few more tries, a moment apart, before giving up.
async function savedPageRetrying(key, url) {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await savedPage(key, url);
    } catch (error) {
      if (attempt >= 2) throw error;
      await new Promise((resolve) => { setTimeout(resolve, 100 * (attempt + 1)); });
    }
  }
}

async function page(network, key, url) {
  network.catch(() => {});
  const timeout = new Promise((resolve) => { setTimeout(resolve, PATIENCE_MS, null); });
  try {
    const response = await Promise.race([network, timeout.then(() => savedPage(key, url))]);
    if (response && response.status < 500) return response;
    return (await savedPage(key, url)) || response || (await network);
  } catch (error) {
    const saved = await savedPageRetrying(key, url).catch(() => null);
    return saved || Response.error();
  }
}

// Scripts and styles: the saved copy at once, the network's refreshing it (waited for, as pages).
function asset(request) {
  let refreshed;
  const saved = new Promise((resolve) => { refreshed = resolve; });
  const answer = (async () => {
    const cache = await caches.open(CACHE);
    const cached = await cache.match(request, ANY);
    const fresh = fetch(request).then((response) => {
      if (response.ok) refreshed(cache.put(request, response.clone()).catch(() => {}));
      else refreshed();
      return response;
    }, (error) => {
      refreshed();
      throw error;
    });
    if (!cached) return fresh;
    fresh.catch(() => {});
    return cached;
  })();
  answer.catch(() => refreshed());
  return { answer, saved };
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (url.pathname !== PAGE) return;
    const key = pageKey(url);
    const { network, saved } = fromNetwork(request, key);
    event.respondWith(page(network, key, url));
    event.waitUntil(saved);
    return;
  }
  if (url.pathname.startsWith("/static/") || url.pathname.startsWith(`${PAGE}/vendor/`)) {
    const { answer, saved } = asset(request);
    event.respondWith(answer);
    event.waitUntil(saved);
  }
});
