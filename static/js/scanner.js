// The gate scanner. Online it asks the server; offline it decides from the event's ticket
// list (code hashes, never codes) kept on the phone, and queues the scans with nonces for
// /checkin/batch, which records each exactly once whenever the connection comes back.
"use strict";

(() => {
  const root = document.getElementById("scanner");
  if (!root) return;
  const eventId = Number(root.dataset.eventId);
  const messages = JSON.parse(document.getElementById("messages").textContent);
  const store = {
    get: (key, fallback) => JSON.parse(localStorage.getItem(`tiltas.${key}`) || "null") ?? fallback,
    set: (key, value) => localStorage.setItem(`tiltas.${key}`, JSON.stringify(value)),
  };
  const $ = (id) => document.getElementById(id);
  let tickets = store.get(`tickets.${eventId}`, {});
  let recentCodes = new Map();

  const direction = () => document.querySelector("input[name=direction]:checked").value;

  async function sha256(text) {
    const bytes = new TextEncoder().encode(text);
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
  }

  async function token() {
    const saved = store.get("token", null);
    if (saved && new Date(saved.expires_at) > new Date(Date.now() + 60000)) return saved.token;
    const response = await fetch(root.dataset.tokenUrl, {
      method: "POST",
      headers: { "X-CSRFToken": root.dataset.csrf },
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(`token ${response.status}`);
    const fresh = await response.json();
    store.set("token", fresh);
    return fresh.token;
  }

  async function api(url, options = {}) {
    const headers = { Authorization: `Bearer ${await token()}`, ...(options.headers || {}) };
    if (options.body) headers["Content-Type"] = "application/json";
    return fetch(url, { ...options, headers, credentials: "same-origin" });
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
    if (onSite !== undefined) $("onsite").textContent = String(onSite);
    else $("onsite").textContent = String(Object.values(tickets).filter((t) => t.inside).length);
  }

  function show(answer, offline) {
    const result = $("result");
    result.hidden = false;
    result.className = `scan-result ${answer.ok ? "scan-ok" : "scan-refused"}`;
    $("verdict").textContent = answer.ok
      ? (answer.direction === "out" ? messages.ok_out : messages.ok_in)
      : messages.refused;
    const person = answer.participant;
    $("who").textContent = person
      ? `${person.display_name} · ${fill(messages.age, { age: person.age })}` : "";
    let reason = answer.ok ? "" : (messages[answer.code] || answer.message || answer.code);
    if (answer.code === "already_checked_in" && answer.first_scan_at) {
      const time = new Date(answer.first_scan_at).toLocaleTimeString([], {
        hour: "2-digit", minute: "2-digit", timeZone: root.dataset.timezone,
      });
      reason = fill(messages.already_checked_in, { time });
    }
    if (offline) reason = `${reason} ${messages.saved_offline}`.trim();
    $("reason").textContent = reason;
    $("attention").hidden = !(person && person.attention);
    const pickup = $("pickup");
    pickup.hidden = !(answer.ok && answer.direction === "out" && answer.pickup);
    pickup.textContent = answer.pickup ? fill(messages.pickup, { names: answer.pickup }) : "";
    const item = document.createElement("li");
    item.textContent = `${new Date().toLocaleTimeString()} · ${$("verdict").textContent} · ${$("who").textContent || reason}`;
    $("recent").prepend(item);
    while ($("recent").children.length > 8) $("recent").lastChild.remove();
    if (navigator.vibrate) navigator.vibrate(answer.ok ? 80 : [200, 100, 200]);
    updateCounts(answer.on_site_now);
  }

  async function decideLocally(scan) {
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
      store.set(`tickets.${eventId}`, tickets);
    }
    return {
      ok: code === "ok",
      code,
      direction: scan.direction,
      participant: ticket && code !== "unknown_ticket"
        ? { display_name: ticket.display_name, age: ticket.age, attention: ticket.attention } : null,
      pickup: ticket ? ticket.pickup : null,
      first_scan_at: code === "already_checked_in" ? ticket.entered_at : null,
    };
  }

  async function localTicket(scan) {
    if (scan.ticket_id) return Object.values(tickets).find((t) => t.ticket_id === scan.ticket_id);
    return tickets[await sha256(scan.code)];
  }

  async function check(scan) {
    scan.event_id = eventId;
    scan.direction = scan.direction || direction();
    scan.nonce = crypto.randomUUID();
    scan.scanned_at = new Date().toISOString();
    if (navigator.onLine && root.dataset.online !== "false") {
      try {
        const response = await api(root.dataset.checkinUrl, {
          method: "POST", body: JSON.stringify(scan),
        });
        if (response.status === 200) {
          const answer = await response.json();
          // Keep the phone's own picture in step with what the server recorded.
          const local = await localTicket(scan);
          if (local && answer.ok) {
            local.inside = scan.direction === "in";
            store.set(`tickets.${eventId}`, tickets);
          }
          show({ ...answer, pickup: local ? local.pickup : null }, false);
          return;
        }
        if (response.status < 500 && response.status !== 429) {
          show({ ok: false, code: "unknown_ticket", direction: scan.direction }, false);
          return;
        }
      } catch (error) {
        setOnline(false);
      }
    }
    const answer = await decideLocally(scan);
    const queue = store.get("queue", []);
    queue.push({ ...scan, local: answer.code, hash: scan.code ? await sha256(scan.code) : null });
    store.set("queue", queue);
    show(answer, true);
  }

  async function upload() {
    const queue = store.get("queue", []);
    if (!queue.length || !navigator.onLine) return;
    try {
      const items = queue.map(({ local, hash, ...scan }) => scan);
      const response = await api(root.dataset.batchUrl, {
        method: "POST", body: JSON.stringify({ items }),
      });
      if (!response.ok) return;
      const { results } = await response.json();
      const left = store.get("queue", []).slice(queue.length);
      store.set("queue", left);
      setOnline(true);
      results.forEach((result, index) => {
        if (result.code !== queue[index].local) {
          const item = document.createElement("li");
          const name = result.participant ? result.participant.display_name : queue[index].code;
          item.textContent = fill(messages.conflict, {
            name, local: queue[index].local, server: result.code,
          });
          $("conflicts").append(item);
          $("conflicts-box").hidden = false;
        }
      });
      await sync();
    } catch (error) {
      setOnline(false);
    }
  }

  async function sync() {
    try {
      const etag = store.get(`etag.${eventId}`, null);
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
        store.set(`tickets.${eventId}`, tickets);
        store.set(`etag.${eventId}`, response.headers.get("ETag"));
      }
      root.dataset.synced = "true";
    } catch (error) {
      setOnline(false);
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
    Object.values(tickets)
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

  // The camera: the browser's BarcodeDetector where it works, jsQR (from npm) everywhere else.
  let detector = null;
  async function startCamera() {
    const video = $("camera");
    const stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment" }, audio: false,
    });
    video.srcObject = stream;
    video.hidden = false;
    await video.play();
    if ("BarcodeDetector" in window) {
      try {
        const formats = await window.BarcodeDetector.getSupportedFormats();
        if (formats.includes("qr_code")) detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      } catch (error) {
        detector = null;
      }
    }
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
  setInterval(upload, 15000);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.swUrl, { scope: "/staff/scan" }).catch(() => {});
    // Save this very page and its scripts now, so it opens again with no connection at all.
    if (navigator.onLine && window.caches) {
      const assets = [location.href, ...Array.from(document.scripts, (s) => s.src).filter(Boolean),
        ...Array.from(document.querySelectorAll("link[rel=stylesheet]"), (l) => l.href)];
      caches.open("tiltas-scanner-v1").then((cache) => cache.addAll(assets)).catch(() => {});
    }
  }
  setOnline(navigator.onLine);
  updateCounts();
  sync().then(upload);
})();
