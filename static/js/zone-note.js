// An event's page: for a visitor whose clock differs from the venue's at the event's start,
// says by how much (the server wrote each difference as a whole message in the page's
// language). Without this script the page shows the venue's time only.
"use strict";

(() => {
  const note = document.querySelector("[data-zone-notes]");
  if (!note) return;
  const starts = new Date(Number(note.dataset.starts));
  // getTimezoneOffset() is UTC minus the visitor's time: the venue's lead over the visitor.
  const ahead = Number(note.dataset.venueOffset) + starts.getTimezoneOffset();
  if (!ahead || Number.isNaN(ahead) || ahead % 60) return;
  let notes;
  try {
    notes = JSON.parse(note.dataset.zoneNotes);
  } catch (error) {
    return;
  }
  const text = notes[String(ahead / 60)];
  if (!text) return;
  note.textContent = text;
  note.hidden = false;
})();
