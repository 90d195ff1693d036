// Every page: logging out leaves no staff data behind in this browser (a shared laptop or
// phone). The scanner's tokens and its ticket lists (names) go; its queued scans stay, since
// they are real entries and exits that must still reach the server at the next login.
"use strict";

(() => {
  const KEEP = new Set(["tiltas.queue"]);

  function forget() {
    try {
      const keys = Object.keys(localStorage).filter((k) => k.startsWith("tiltas.") && !KEEP.has(k));
      keys.forEach((key) => localStorage.removeItem(key));
      // Tells scanner pages open in other tabs to drop what they hold in memory.
      localStorage.setItem("tiltas.logout", String(Date.now()));
      localStorage.removeItem("tiltas.logout");
    } catch (error) {
      // No storage in this browser (a private window may refuse it): nothing was kept either.
    }
    document.dispatchEvent(new CustomEvent("tiltas:logout"));
  }

  function leftBehind() {
    try {
      return Object.keys(localStorage).some((k) => k.startsWith("tiltas.") && !KEEP.has(k));
    } catch (error) {
      return false;
    }
  }

  const logout = document.querySelector("form[data-logout]");
  if (logout) logout.addEventListener("submit", forget);
  // A page for someone not logged in (after a logout without this script, or a login that
  // ended by itself): no staff login is left here, so neither is its data.
  else if (leftBehind()) forget();
})();
