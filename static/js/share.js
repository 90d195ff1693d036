// The booking page: Copy and Share buttons for the booking link. Without this script the link
// stays plain text to select; with it, Copy puts it on the clipboard and Share (where the
// phone has it) hands it to another app. No inline script: the page's CSP allows none.
"use strict";

(() => {
  function selectText(element) {
    const range = document.createRange();
    range.selectNodeContents(element);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  async function copy(link, text) {
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(link);
        return true;
      } catch (error) {
        // Refused (no permission): fall back to the selection below.
      }
    }
    selectText(text);
    try {
      return document.execCommand("copy");
    } catch (error) {
      return false; // the link stays selected: the phone's own Copy does the rest
    }
  }

  document.querySelectorAll("[data-share-link]").forEach((box) => {
    const link = box.dataset.shareLink;
    const text = box.querySelector(".link-text");
    const buttons = box.querySelector(".share-buttons");
    const status = box.querySelector("[data-status]");
    const copyButton = box.querySelector("[data-copy]");
    const shareButton = box.querySelector("[data-share]");
    if (!link || !text || !buttons) return;

    copyButton.addEventListener("click", async () => {
      status.textContent = "";
      if (await copy(link, text)) status.textContent = status.dataset.copied;
    });
    if (typeof navigator.share === "function") {
      shareButton.hidden = false;
      shareButton.addEventListener("click", () => {
        navigator.share({ title: document.title, url: link }).catch(() => {
          // Cancelled by the person, or refused: nothing to tell.
        });
      });
    }
    buttons.hidden = false;
  });
})();
