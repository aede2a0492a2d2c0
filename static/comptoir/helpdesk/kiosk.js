// Café numérique — the kiosk goes back to its start by itself, so that the next
// visitor never sees the previous one's answers:
// - the thank-you page after a few seconds (any touch gives more time);
// - a half-filled form after a long time without a touch.
(() => {
  "use strict";
  const restartable = (seconds, go) => {
    let timer = window.setTimeout(go, seconds * 1000);
    const again = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(go, seconds * 1000);
    };
    for (const type of ["pointerdown", "keydown", "input"]) {
      document.addEventListener(type, again, { passive: true });
    }
  };

  const back = document.querySelector("[data-return-after]");
  if (back) {
    restartable(Number(back.dataset.returnAfter) || 15, () => window.location.assign(back.href));
  }

  const form = document.querySelector("form[data-idle-reset]");
  if (form) {
    const seconds = Number(form.dataset.idleReset) || 90;
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      restartable(seconds, () => window.location.assign(form.dataset.startUrl));
    };
    form.addEventListener("input", start);
    form.addEventListener("change", start);
    // A page shown after an error already holds someone's answers.
    if (form.querySelector("input:checked") || form.dataset.filled === "true") start();
  }
})();
