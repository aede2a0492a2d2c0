// Café numérique — the staff queue refreshes itself every few seconds (HTMX
// polling of the page's own URL).
(() => {
  "use strict";
  document.addEventListener("htmx:beforeSwap", (event) => {
    const { target, xhr } = event.detail;
    // Logged out meanwhile (the request was redirected, e.g. to the login page):
    // reload the whole page rather than put another page inside the queue.
    if (xhr && xhr.responseURL && new URL(xhr.responseURL).pathname !== window.location.pathname) {
      event.detail.shouldSwap = false;
      window.location.reload();
      return;
    }
    // Never pull the rug from under someone: while the keyboard focus is inside
    // the queue (about to press "Prendre" or "Partie"), skip this refresh.
    const active = document.activeElement;
    if (target && active && active !== document.body && target.contains(active)) {
      event.detail.shouldSwap = false;
    }
  });
})();
