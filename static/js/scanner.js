// The gate scanner. Online it asks the server; offline it decides from the event's ticket
// list (code hashes, never codes) kept on the phone, and queues the scans with nonces for
// /checkin/batch, which records each exactly once whenever the connection comes back.
// The picker and each event's page are saved for the service worker, so both open again
// with no connection at all.
"use strict";

(() => {
  const shell = document.querySelector("[data-sw-url]");
  if (!shell) return;
  const root = document.getElementById("scanner");
  const CACHE = "tiltas-scanner-v2";
  const LAST_EVENT = `${shell.dataset.scope}/last-event`;
  const userId = shell.dataset.userId;
  const store = {
    get: (key, fallback) => JSON.parse(localStorage.getItem(`tiltas.${key}`) || "null") ?? fallback,
    set: (key, value) => localStorage.setItem(`tiltas.${key}`, JSON.stringify(value)),
    remove: (key) => localStorage.removeItem(`tiltas.${key}`),
    keys: () => Object.keys(localStorage).filter((k) => k.startsWith("tiltas.")).map((k) => k.slice(7)),
  };

  // A shared phone: a token belongs to one person's login and is never lent to another, and
  // the ticket lists (names) go when someone else starts scanning here. The queue stays: its
  // scans are real entries and exits, owed to the server whoever uploads them.
  function welcome() {
    const last = store.get("user", null);
    store.remove("token"); // the single token of earlier versions, whoever's it was
    for (const key of store.keys()) {
      if (key.startsWith("token.") && key !== `token.${userId}`) store.remove(key);
      if (last !== userId && (key.startsWith("tickets.") || key.startsWith("etag."))) store.remove(key);
    }
    store.set("user", userId);
  }

  function keepForOffline() {
    if (!("serviceWorker" in navigator) || !window.caches) return;
    navigator.serviceWorker.register(shell.dataset.swUrl, { scope: shell.dataset.scope }).catch(() => {});
    caches.open(CACHE).then(async (cache) => {
      if (root) await cache.put(LAST_EVENT, new Response(root.dataset.eventId));
      if (!navigator.onLine) return;
      const assets = [...Array.from(document.scripts, (s) => s.src).filter(Boolean),
        ...Array.from(document.querySelectorAll("link[rel=stylesheet]"), (l) => l.href)];
      for (const url of assets) {
        if (!(await cache.match(url, { ignoreVary: true }))) await cache.add(url);
      }
      // A page the service worker did not serve (the first visit) is saved by hand.
      if (!navigator.serviceWorker.controller) await savePage(cache);
    }).catch(() => {});
    // The QR decoder is most of the scanner's weight: the page loads it only when the camera
    // starts, and the service worker fetches it once the page has loaded, for offline use.
    const precache = () => navigator.serviceWorker.ready.then((registration) => {
      if (registration.active) registration.active.postMessage({ precache: [shell.dataset.decoderUrl] });
    }).catch(() => {});
    if (document.readyState === "complete") precache();
    else window.addEventListener("load", precache, { once: true });
  }

  async function savePage(cache) {
    const response = await fetch(shell.dataset.pageUrl, { credentials: "same-origin", redirect: "manual" });
    if (response.ok && cache) await cache.put(shell.dataset.pageUrl, response.clone());
    return response;
  }

  welcome();
  keepForOffline();
  if (!root) return;

  const eventId = Number(root.dataset.eventId);
  const messages = JSON.parse(document.getElementById("messages").textContent);
  // Times as the page's language writes them, never the browser's: the gate's own clock for
  // a first entry, this phone's for its list of last scans.
  const language = document.documentElement.lang || "en";
  const gateTime = new Intl.DateTimeFormat(language, {
    hour: "2-digit", minute: "2-digit", timeZone: root.dataset.timezone,
  });
  const phoneTime = new Intl.DateTimeFormat(language, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  // "Not running today", as the server said when it made the page; a page saved on another day
  // (opened offline) or left open past midnight asks the phone's clock, in the venue's zone.
  const venueDay = new Intl.DateTimeFormat("en", {
    year: "numeric", month: "2-digit", day: "2-digit", timeZone: root.dataset.timezone,
  });
  function checkDay() {
    const warning = document.getElementById("not-today");
    if (!warning) return;
    const parts = Object.fromEntries(venueDay.formatToParts(new Date()).map((p) => [p.type, p.value]));
    const today = `${parts.year}-${parts.month}-${parts.day}`;
    warning.hidden = warning.dataset.firstDay <= today && today <= warning.dataset.lastDay;
  }
  // An answer's code as words for people; the code itself only if the page has no words for it.
  const answerTitle = (code) => messages.answers[code] || code;
  const $ = (id) => document.getElementById(id);
  const tokenKey = `token.${userId}`;
  // null: this phone holds no list for the event (never synced, or logged out since).
  let tickets = store.get(`tickets.${eventId}`, null);
  let recentCodes = new Map();
  let loginEnded = false;
  // Counts logouts seen by this page: an answer to a call made before one is not trusted.
  let logouts = 0;

  class LoginEnded extends Error {}

  const direction = () => document.querySelector("input[name=direction]:checked").value;

  async function sha256(text) {
    const bytes = new TextEncoder().encode(text);
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
  }

  function savedToken() {
    const saved = store.get(tokenKey, null);
    return saved && new Date(saved.expires_at) > new Date(Date.now() + 60000) ? saved.token : null;
  }

  // A page saved before a new login carries the old login's CSRF token: take a fresh one from
  // the page itself (and save that copy for offline too).
  async function refreshPage() {
    const response = await savePage(window.caches ? await caches.open(CACHE) : null);
    if (!response.ok) return false;
    const html = await response.text();
    const fresh = new DOMParser().parseFromString(html, "text/html").getElementById("scanner");
    if (!fresh) return false;
    if (fresh.dataset.userId !== userId) {
      location.reload(); // someone else is logged in now: their own page, their own token
      return false;
    }
    root.dataset.csrf = fresh.dataset.csrf;
    return true;
  }

  async function newToken() {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const response = await fetch(root.dataset.tokenUrl, {
        method: "POST",
        headers: { "X-CSRFToken": root.dataset.csrf },
        credentials: "same-origin",
        redirect: "manual",
      });
      if (response.ok && (response.headers.get("Content-Type") || "").includes("json")) {
        const fresh = await response.json();
        store.set(tokenKey, fresh);
        return fresh.token;
      }
      if (response.status >= 500 || response.status === 429) throw new Error(`token ${response.status}`);
      // Logged out, the browser is sent to the login page (a redirect) or refused; a page
      // older than the login has a stale CSRF token (400).
      if (attempt > 0 || response.status !== 400 || !(await refreshPage())) break;
    }
    throw new LoginEnded();
  }

  async function api(url, options = {}) {
    const seen = logouts;
    const call = (bearer) => {
      const headers = { Authorization: `Bearer ${bearer}`, ...(options.headers || {}) };
      if (options.body) headers["Content-Type"] = "application/json";
      return fetch(url, { ...options, headers, credentials: "same-origin" });
    };
    const saved = savedToken();
    let response = await call(saved || (await newToken()));
    if (response.status === 401 || response.status === 403) {
      // Refused, revoked or expired: that token is done with. Once, a fresh one from the login.
      store.remove(tokenKey);
      if (!saved) throw new LoginEnded();
      response = await call(await newToken());
      if (response.status === 401 || response.status === 403) {
        store.remove(tokenKey);
        throw new LoginEnded();
      }
    }
    if (seen !== logouts) throw new LoginEnded();
    if (loginEnded) showLogin(false);
    return response;
  }

  function failed(error) {
    if (error instanceof LoginEnded) showLogin(true);
    else setOnline(false);
  }

  function showLogin(ended) {
    loginEnded = ended;
    root.dataset.login = ended ? "ended" : "ok";
    $("login-ended").hidden = !ended;
    updateCounts();
  }

  // Logged out in this browser, here or in another tab: the names leave this page too.
  function forget() {
    logouts += 1;
    tickets = null;
    $("recent").replaceChildren();
    $("matches").replaceChildren();
    $("result").hidden = true;
    showLogin(true);
  }

  function saveTickets() {
    if (tickets && !loginEnded) store.set(`tickets.${eventId}`, tickets);
  }

  function setOnline(online) {
    const net = $("net");
    net.textContent = online ? net.dataset.online : net.dataset.offline;
    net.className = online ? "badge badge-open" : "badge badge-full";
    root.dataset.online = online ? "true" : "false";
  }

  function updateCounts(onSite) {
    const queue = store.get("queue", []);
    $("queue").textContent = String(queue.length);
    $("login-ended-text").textContent = fill(messages.login_ended, { count: queue.length });
    if (onSite !== undefined) $("onsite").textContent = String(onSite);
    else $("onsite").textContent = String(Object.values(tickets || {}).filter((t) => t.inside).length);
  }

  function show(answer, offline) {
    const result = $("result");
    result.hidden = false;
    result.className = `scan-result ${answer.ok ? "scan-ok" : "scan-refused"}`;
    $("verdict").textContent = answer.ok
      ? (answer.direction === "out" ? messages.ok_out : messages.ok_in)
      : (answer.code === "no_list" ? messages.no_list_verdict : messages.refused);
    const person = answer.participant;
    $("who").textContent = person
      ? `${person.display_name} · ${fill(messages.age, { age: person.age })}` : "";
    let reason = answer.ok ? "" : (messages[answer.code] || answer.message || answer.code);
    if (answer.code === "already_checked_in" && answer.first_scan_at) {
      const time = gateTime.format(new Date(answer.first_scan_at));
      reason = fill(messages.already_checked_in, { time });
    }
    if (offline) reason = `${reason} ${messages.saved_offline}`.trim();
    $("reason").textContent = reason;
    $("attention").hidden = !(person && person.attention);
    $("photos").hidden = !(person && person.photos === false);
    const pickup = $("pickup");
    pickup.hidden = !(answer.ok && answer.direction === "out" && answer.pickup);
    pickup.textContent = answer.pickup ? fill(messages.pickup, { names: answer.pickup }) : "";
    const item = document.createElement("li");
    item.textContent = `${phoneTime.format(new Date())} · ${$("verdict").textContent} · ${$("who").textContent || reason}`;
    $("recent").prepend(item);
    while ($("recent").children.length > 8) $("recent").lastChild.remove();
    if (navigator.vibrate) navigator.vibrate(answer.ok ? 80 : [200, 100, 200]);
    updateCounts(answer.on_site_now);
  }

  async function decideLocally(scan) {
    // Without a list the phone knows nobody: it must not call a valid ticket unknown.
    if (!tickets) return { ok: false, code: "no_list", direction: scan.direction, participant: null };
    const ticket = await localTicket(scan);
    let code = "ok";
    if (!ticket) code = "unknown_ticket";
    else if (ticket.status === "cancelled") code = "cancelled";
    else if (ticket.status !== "confirmed") code = "not_confirmed";
    else if (scan.direction === "in" && ticket.inside) code = "already_checked_in";
    else if (scan.direction === "out" && !ticket.inside) code = "not_checked_in";
    if (code === "ok") {
      ticket.inside = scan.direction === "in";
      if (ticket.inside) ticket.entered_at = scan.scanned_at;
      saveTickets();
    }
    return {
      ok: code === "ok",
      code,
      direction: scan.direction,
      participant: ticket && code !== "unknown_ticket"
        ? {
          display_name: ticket.display_name,
          age: ticket.age,
          attention: ticket.attention,
          photos: ticket.photos,
        }
        : null,
      pickup: ticket ? ticket.pickup : null,
      first_scan_at: code === "already_checked_in" ? ticket.entered_at : null,
    };
  }

  async function localTicket(scan) {
    if (!tickets) return undefined;
    if (scan.ticket_id) return Object.values(tickets).find((t) => t.ticket_id === scan.ticket_id);
    return tickets[await sha256(scan.code)];
  }

  async function check(scan) {
    scan.event_id = eventId;
    scan.direction = scan.direction || direction();
    scan.nonce = crypto.randomUUID();
    scan.scanned_at = new Date().toISOString();
    // With the login ended the gate does not wait for the server: the upload loop retries.
    if (navigator.onLine && root.dataset.online !== "false" && !loginEnded) {
      try {
        const response = await api(root.dataset.checkinUrl, {
          method: "POST", body: JSON.stringify(scan),
        });
        // Only the server's answer to the scan is its verdict. Anything else (bad input, an
        // event gone, the server busy) says nothing of the ticket: the phone decides, and the
        // queue takes the scan to the server.
        if (response.status === 200) {
          const answer = await response.json();
          // Keep the phone's own picture in step with what the server recorded.
          const local = await localTicket(scan);
          if (local && answer.ok) {
            local.inside = scan.direction === "in";
            saveTickets();
          }
          show({ ...answer, pickup: local ? local.pickup : null }, false);
          return;
        }
        if (response.status === 404 || response.status === 422) {
          // The server refused the scan itself (no such event here, a broken scan): never
          // shown as a way in, and not queued to be refused again.
          const refusal = await response.json().catch(() => ({}));
          const message = refusal.error ? refusal.error.message : "";
          show({ ok: false, code: "server_refused", message, direction: scan.direction }, false);
          return;
        }
      } catch (error) {
        failed(error);
      }
    }
    const answer = await decideLocally(scan);
    const hash = scan.code ? await sha256(scan.code) : null;
    // Read and write the queue with no await between: two scans at once both stay in it.
    const queue = store.get("queue", []);
    queue.push({ ...scan, local: answer.code, hash });
    store.set("queue", queue);
    show(answer, true);
  }

  // The server takes at most this many scans an upload (MAX_BATCH): a longer queue goes in parts.
  const BATCH = 500;
  let uploading = false;

  async function upload() {
    if (uploading || !navigator.onLine) return;
    const queue = store.get("queue", []).slice(0, BATCH);
    if (!queue.length) {
      if (loginEnded) await sync(); // nothing to upload: still find out whether the login is back
      return;
    }
    uploading = true;
    try {
      const items = queue.map(({ local, hash, ...scan }) => scan);
      const response = await api(root.dataset.batchUrl, {
        method: "POST", body: JSON.stringify({ items }),
      });
      if (!response.ok) return; // the queue stays for the next try
      const { results } = await response.json();
      // Only what was sent leaves the queue: scans queued meanwhile wait for the next upload.
      const sent = new Set(queue.map((item) => item.nonce));
      store.set("queue", store.get("queue", []).filter((item) => !sent.has(item.nonce)));
      setOnline(true);
      results.forEach((result, index) => {
        const local = queue[index].local;
        if (local !== "no_list" && result.code !== local) {
          const item = document.createElement("li");
          const name = result.participant ? result.participant.display_name : queue[index].code;
          item.textContent = fill(messages.conflict, {
            name, local: answerTitle(local), server: answerTitle(result.code),
          });
          $("conflicts").append(item);
          $("conflicts-box").hidden = false;
        }
      });
      await sync();
      if (store.get("queue", []).length) setTimeout(upload, 0); // the next part
    } catch (error) {
      failed(error);
    } finally {
      uploading = false;
    }
    updateCounts();
  }

  async function sync() {
    try {
      const etag = tickets ? store.get(`etag.${eventId}`, null) : null;
      const response = await api(root.dataset.syncUrl, {
        headers: etag ? { "If-None-Match": etag } : {},
      });
      setOnline(true);
      if (response.status === 200) {
        const data = await response.json();
        tickets = Object.fromEntries(data.tickets.map((t) => [t.code_sha256, t]));
        // The server has not heard of the scans still queued here: lay them over its list.
        for (const item of store.get("queue", [])) {
          const ticket = item.ticket_id
            ? Object.values(tickets).find((t) => t.ticket_id === item.ticket_id)
            : tickets[item.hash];
          if (ticket && item.local === "ok") ticket.inside = item.direction === "in";
        }
        saveTickets();
        store.set(`etag.${eventId}`, response.headers.get("ETag"));
      }
      if (response.status === 200 || response.status === 304) root.dataset.synced = "true";
    } catch (error) {
      failed(error);
    }
    updateCounts();
  }

  // A USB or Bluetooth scanner types the code and presses Enter into this form.
  $("manual").addEventListener("submit", (event) => {
    event.preventDefault();
    const code = $("code").value.trim().toUpperCase();
    $("code").value = "";
    if (code) check({ code });
  });

  $("search").addEventListener("input", () => {
    const needle = $("search").value.trim().toLowerCase();
    const matches = $("matches");
    matches.replaceChildren();
    if (needle.length < 2) return;
    Object.values(tickets || {})
      .filter((t) => t.display_name.toLowerCase().includes(needle))
      .slice(0, 8)
      .forEach((ticket) => {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = `${ticket.display_name} (${ticket.age})`;
        button.addEventListener("click", () => check({ ticket_id: ticket.ticket_id }));
        item.append(button);
        matches.append(item);
      });
  });

  // The camera: the browser's BarcodeDetector where it works, jsQR (from npm) everywhere else,
  // loaded when the camera starts (offline: the copy the service worker saved).
  let detector = null;
  let decoder = null;
  function loadDecoder() {
    if (window.jsQR) return Promise.resolve();
    decoder = decoder || new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = shell.dataset.decoderUrl;
      script.addEventListener("load", resolve);
      script.addEventListener("error", () => {
        decoder = null; // the next press of the button tries again
        script.remove();
        reject(new Error("the QR decoder did not load"));
      });
      document.head.append(script);
    });
    return decoder;
  }

  async function qrDetector() {
    if (!("BarcodeDetector" in window)) return null;
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      return formats.includes("qr_code") ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;
    } catch (error) {
      return null;
    }
  }

  async function startCamera() {
    const video = $("camera");
    detector = await qrDetector();
    const decoding = detector ? Promise.resolve() : loadDecoder();
    decoding.catch(() => {});
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment" }, audio: false,
    });
    try {
      await decoding;
    } catch (error) {
      stream.getTracks().forEach((track) => track.stop());
      throw error;
    }
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    requestAnimationFrame(readFrame);
  }

  const canvas = $("frame");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  async function readFrame() {
    const video = $("camera");
    if (video.readyState >= video.HAVE_ENOUGH_DATA) {
      let text = null;
      if (detector) {
        const codes = await detector.detect(video).catch(() => []);
        text = codes.length ? codes[0].rawValue : null;
      }
      if (!text && window.jsQR) {
        canvas.width = video.videoWidth;
        canvas.height = video.videoHeight;
        context.drawImage(video, 0, 0);
        const image = context.getImageData(0, 0, canvas.width, canvas.height);
        const found = window.jsQR(image.data, image.width, image.height, {
          inversionAttempts: "dontInvert",
        });
        text = found ? found.data : null;
      }
      const now = Date.now();
      // The same code in front of the camera counts once every few seconds.
      if (text && (!recentCodes.has(text) || now - recentCodes.get(text) > 4000)) {
        recentCodes.set(text, now);
        check({ code: text.trim().toUpperCase() });
      }
    }
    requestAnimationFrame(readFrame);
  }
  $("start-camera").addEventListener("click", () => {
    $("start-camera").hidden = true;
    startCamera().catch(() => { $("start-camera").hidden = false; });
  });

  window.addEventListener("online", () => { setOnline(true); upload(); });
  window.addEventListener("offline", () => setOnline(false));
  // Back from logging in again in another tab: upload what waits.
  document.addEventListener("visibilitychange", () => { if (!document.hidden) upload(); });
  window.addEventListener("storage", (event) => {
    if (event.key === "tiltas.logout" && event.newValue) forget();
  });
  document.addEventListener("tiltas:logout", forget);
  setInterval(upload, 15000);
  checkDay();
  setInterval(checkDay, 60000);

  setOnline(navigator.onLine);
  updateCounts();
  sync().then(upload);
})();
