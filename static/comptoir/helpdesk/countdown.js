// Café numérique — the mediator's countdown. Without JavaScript the page shows
// the end time ("jusqu’à 14:35"); with it, the minutes and seconds left.
// Screen readers hear it twice only (polite): at 5 minutes left and at the end.
(() => {
  "use strict";
  const box = document.querySelector("[data-countdown]");
  if (!box) return;
  const endsAt = Date.parse(box.dataset.endsAt);
  const serverNow = Date.parse(box.dataset.now);
  if (Number.isNaN(endsAt)) return;
  // Trust the server's clock over the tablet's.
  const skew = Number.isNaN(serverNow) ? 0 : serverNow - Date.now();
  const display = box.querySelector(".countdown");
  const value = box.querySelector(".countdown-value");
  const label = box.querySelector(".countdown-label");
  const announce = box.querySelector("[data-countdown-announce]");
  const FIVE_MINUTES = 5 * 60 * 1000;
  let announcedFive = endsAt - (Date.now() + skew) <= FIVE_MINUTES;
  let announcedEnd = endsAt - (Date.now() + skew) <= 0;

  const pad = (n) => String(n).padStart(2, "0");
  const format = (ms) => {
    const total = Math.floor(Math.abs(ms) / 1000);
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = total % 60;
    return (hours ? `${hours}:${pad(minutes)}` : `${minutes}`) + `:${pad(seconds)}`;
  };
  const say = (text) => {
    if (announce && text) announce.textContent = text;
  };

  const tick = () => {
    const left = endsAt - (Date.now() + skew);
    const over = left <= 0;
    value.textContent = (over ? "+" : "") + format(left);
    label.textContent = over ? box.dataset.labelOver : box.dataset.labelLeft;
    box.classList.toggle("is-overdue", over);
    box.classList.toggle("is-ending", !over && left <= FIVE_MINUTES);
    if (!announcedFive && left <= FIVE_MINUTES && !over) {
      announcedFive = true;
      say(box.dataset.announceFive);
    }
    if (!announcedEnd && over) {
      announcedEnd = true;
      say(box.dataset.announceEnd);
    }
  };

  display.hidden = false;
  tick();
  window.setInterval(tick, 1000);
})();
