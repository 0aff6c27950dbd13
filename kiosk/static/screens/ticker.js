// The ticker: the bundle's notices, one at a time, at a reading speed an older person can
// follow (settings.ticker_chars_per_second, ≤ 6 by default), never the slide on screen.
// When the only notice is the one on screen, the bar (which stays, so pages keep their
// measured size) holds `stillText`, standing still, instead of an empty dark strip.
export function createTicker(box, track, stillText = "") {
  const ticker = { items: [], speed: 5, skip: null, shown: null, animation: null, idle: null };

  function queue() {
    return ticker.items.filter((item) => item.id !== ticker.skip);
  }

  function run() {
    clearTimeout(ticker.idle);
    if (ticker.animation) { ticker.animation.onfinish = null; ticker.animation.cancel(); ticker.animation = null; }
    const items = queue();
    track.classList.toggle("still", !items.length);
    if (!items.length) {
      ticker.shown = null;
      track.textContent = ticker.items.length ? stillText : "";
      delete track.dataset.id;
      return;
    }
    const at = ticker.shown ? items.findIndex((i) => i.id === ticker.shown.id) : -1;
    const item = items[(at + 1) % items.length];
    ticker.shown = item;
    track.textContent = item.text;
    track.dataset.id = item.id;
    const fontPx = parseFloat(getComputedStyle(track).fontSize) || 16;
    const pxPerSecond = Math.max(1, ticker.speed) * fontPx; // a Chinese character is about 1 em wide
    const from = box.clientWidth;
    const to = -track.scrollWidth;
    const duration = ((from - to) / pxPerSecond) * 1000;
    if (!track.animate) return;
    ticker.animation = track.animate([{ transform: `translateX(${from}px)` }, { transform: `translateX(${to}px)` }],
      { duration, easing: "linear" });
    ticker.animation.onfinish = run;
  }

  return {
    // A new bundle's notices: the one running goes on unless it is gone.
    setItems(items, speed) {
      ticker.items = Array.isArray(items) ? items : [];
      ticker.speed = Number(speed) > 0 ? Number(speed) : 5;
      box.hidden = !ticker.items.length; // the bar stays for the bundle's life: pages are measured with it
      const running = ticker.shown && queue().some((i) => i.id === ticker.shown.id && i.text === ticker.shown.text);
      if (!running) run();
    },
    // The slide now on screen: never in the ticker at the same time.
    onScreen(id) {
      ticker.skip = id;
      if (!ticker.shown || ticker.shown.id === id) run();
    },
    texts() {
      return queue().map((i) => i.text);
    },
  };
}
