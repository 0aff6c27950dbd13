// What a screen keeps between reloads: its last bundle (so it never goes blank while the
// server is away) and a few small marks. localStorage: a bundle is tens of KB.
const bundleKey = (key) => `screen-bundle:${key}`;

export function restoreBundle(key) {
  try {
    const saved = JSON.parse(localStorage.getItem(bundleKey(key)) || "null");
    return saved && saved.bundle ? saved : null;
  } catch (err) {
    return null; // a damaged copy is simply ignored
  }
}

export function saveBundle(key, bundle, etag) {
  try { localStorage.setItem(bundleKey(key), JSON.stringify({ bundle, etag })); } catch (err) { /* full: keep running */ }
}

export function mark(name, value) {
  try {
    if (value === undefined) return localStorage.getItem(name);
    if (value === null) localStorage.removeItem(name); else localStorage.setItem(name, value);
  } catch (err) { /* storage refused: marks are a convenience */ }
  return null;
}

// Posters and videos for playing offline, in Cache Storage (the service worker answers
// /media/ from it). Kept: the files the bundle names, in playlist order, up to the
// bundle's budget; evicted: everything else. Files are named by content hash, so a cached
// copy is never stale. Without Cache Storage (an insecure origin) media play from the network.
export const MEDIA_CACHE = "screen-media-v1";

export function mediaWanted(bundle) {
  const slides = (bundle && bundle.slides) || [];
  const order = new Map(((bundle && bundle.playlist) || []).map((p, i) => [p.id, i]));
  const budget = (bundle && bundle.settings && bundle.settings.media_cache_bytes) || 0;
  const media = slides.filter((s) => s.kind === "media" && s.media && s.media.src)
    .sort((a, b) => (order.get(a.id) ?? 1e9) - (order.get(b.id) ?? 1e9));
  const keep = [];
  let used = 0;
  for (const slide of media) {
    if (keep.includes(slide.media.src) || used + (slide.media.bytes || 0) > budget) continue;
    used += slide.media.bytes || 0;
    keep.push(slide.media.src);
  }
  return keep;
}

// A file that fails to download (the server busy or away, the network dropped) does not
// stop the others, and is tried again later with the same bundle, 5 s then doubling up to
// 10 min, plus a little spread so a county's screens do not all come back at once. A newer
// bundle replaces the retry. `mediaFailures` keeps the last few failures for operators.
export const mediaFailures = [];
const RETRY_FIRST_MS = 5000;
const RETRY_MOST_MS = 10 * 60 * 1000;
let syncing = Promise.resolve();
let retry = { timer: null, delayMs: RETRY_FIRST_MS };

export function syncMediaCache(bundle, isRetry = false) {
  if (!("caches" in self)) return syncing;
  clearTimeout(retry.timer);
  if (!isRetry) retry.delayMs = RETRY_FIRST_MS;
  syncing = syncing.then(async () => {
    const keep = mediaWanted(bundle);
    const cache = await caches.open(MEDIA_CACHE);
    const held = new Set((await cache.keys()).map((r) => new URL(r.url).pathname));
    for (const path of held) if (!keep.includes(path)) await cache.delete(path);
    let missing = 0;
    for (const path of keep) {
      if (held.has(path)) continue;
      try {
        const response = await fetch(path, { cache: "no-store" });
        if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
        await cache.put(path, response);
      } catch (err) {
        missing += 1;
        noteFailure(path, err);
      }
    }
    if (missing) {
      const delay = retry.delayMs + Math.floor(Math.random() * retry.delayMs * 0.2);
      retry.delayMs = Math.min(retry.delayMs * 2, RETRY_MOST_MS);
      retry.timer = setTimeout(() => syncMediaCache(bundle, true), delay);
    }
  }).catch((err) => noteFailure(null, err)); // Cache Storage itself refused (full, cleared): the next bundle tries again
  return syncing;
}

function noteFailure(path, err) {
  mediaFailures.push({ path, error: String(err), at: Date.now() });
  mediaFailures.splice(0, Math.max(0, mediaFailures.length - 10));
}
