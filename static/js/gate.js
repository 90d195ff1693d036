// The gate page: every 30 s its counts and lists are fetched again and put in place, without
// reloading the page (a reload would lose the reader's place and focus). Without JavaScript
// the page's "Show the latest counts" link does the same by hand.
"use strict";

(() => {
  const EVERY = 30 * 1000;
  const parts = () => document.querySelectorAll("[data-live][id]");
  if (!parts().length) return;

  let busy = false;
  async function update() {
    if (busy || document.hidden || !navigator.onLine) return;
    busy = true;
    try {
      const response = await fetch(location.href, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
        cache: "no-store",
      });
      // A login that ended lands on the login page: keep the last counts shown.
      if (!response.ok || response.redirected) return;
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
      parts().forEach((part) => {
        const next = fresh.getElementById(part.id);
        if (next && next.innerHTML !== part.innerHTML) part.replaceChildren(...next.childNodes);
      });
      document.dispatchEvent(new CustomEvent("tiltas:gate-updated"));
    } catch (error) {
      // No connection for a moment: the next round tries again.
    } finally {
      busy = false;
    }
  }

  setInterval(update, EVERY);
  // Back on the tab after a while: the counts at once, not up to 30 s later.
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden) update();
  });
})();
