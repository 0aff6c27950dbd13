// The kiosk's service worker: keeps home, the topic lists and the hall's guides (plus the
// pages shown) for when the network or the server is away. Pages come from the network
// first, so a kiosk online never shows a stale page; the cache follows the content version.
const PREFIX = "kiosk-pages-";
const MAX_EXTRA = 200; // pages kept beyond the manifest, oldest dropped first
const scope = new URL(self.registration.scope);
const base = scope.pathname.replace(/\/$/, "");
const MANIFEST = `${base}/offline.json`;
const OFFLINE = `${base}/offline`;
const WHOLE = `${MANIFEST}?whole`; // put last by a refresh that fetched every page: the cache is whole
let current = null; // name of the cache in use
let refreshing = null;

async function currentCache() {
  if (!current) {
    const names = (await caches.keys()).filter((n) => n.startsWith(PREFIX)).sort().reverse();
    current = (await firstWhole(names)) || names[0] || `${PREFIX}0`;
  }
  return caches.open(current);
}

async function firstWhole(names) {
  for (const name of names) if (await (await caches.open(name)).match(WHOLE)) return name;
  return null;
}

async function refresh() {
  const response = await fetch(MANIFEST, { cache: "no-store", credentials: "omit" });
  if (!response.ok) return;
  const manifest = await response.json();
  const name = `${PREFIX}${String(manifest.version).padStart(12, "0")}`;
  // This version's whole cache is already here (a worker restarted since, as browsers do with
  // idle workers, has forgotten `current`): use it. Refetching every page at each page load
  // wasted the server, and losing the network mid-way then deleted the only whole cache.
  // A cache left half-filled (its worker stopped mid-refresh) has no WHOLE mark: filled again.
  if (await caches.has(name) && await firstWhole([name])) {
    current = name;
    return;
  }
  const cache = await caches.open(name);
  const urls = [...manifest.assets, ...manifest.pages];
  let whole = true;
  for (let i = 0; i < urls.length && whole; i += 6) { // a few at a time: the server serves screens too
    await Promise.all(urls.slice(i, i + 6).map(async (url) => {
      try {
        const page = await fetch(url, { credentials: "omit" });
        if (page.ok) await cache.put(url, page);
        else if (page.status !== 404) whole = false; // 404: withdrawn since the manifest, rightly left out
      } catch { whole = false; }
    }));
  }
  if (!whole) { // the network or the server went away mid-way: keep the last whole cache, try again later
    await caches.delete(name);
    if (name === current) current = null; // it was empty before this refresh: the newest whole one serves
    return;
  }
  // A refresh that began before a newer one (its manifest older) never replaces the newer cache:
  // that would bring back pages withdrawn in between.
  const newer = (await caches.keys()).filter((n) => n.startsWith(PREFIX) && n > name);
  if (newer.length) {
    await caches.delete(name);
    return;
  }
  await cache.put(WHOLE, new Response(String(manifest.version)));
  current = name;
  for (const old of await caches.keys()) if (old.startsWith(PREFIX) && old !== name) await caches.delete(old);
}

function refreshOnce() {
  refreshing = refreshing || refresh().catch(() => {}).finally(() => { refreshing = null; });
  return refreshing;
}

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim().then(refreshOnce)));
self.addEventListener("message", (event) => { if (event.data === "refresh") event.waitUntil(refreshOnce()); });

async function trim(cache) {
  const keys = await cache.keys();
  if (keys.length > 600 + MAX_EXTRA) for (const old of keys.slice(0, keys.length - 600 - MAX_EXTRA)) await cache.delete(old);
}

async function page(request) {
  const cache = await currentCache();
  try {
    const response = await fetch(request);
    if (response.ok) { await cache.put(request, response.clone()); trim(cache); }
    else if (response.status === 404) await cache.delete(request); // withdrawn: forget it
    return response;
  } catch {
    // Offline: only the last whole cache answers, never an older one on its way out (it may
    // hold a page withdrawn since).
    const url = new URL(request.url);
    const whole = await currentCache();
    const kept = await whole.match(request, { ignoreVary: true })
      || (url.pathname === base ? await whole.match(base, { ignoreVary: true }) : null); // home after an idle reset
    return kept || (await caches.match(OFFLINE, { ignoreVary: true })) || Response.error();
  }
}

async function asset(request) {
  const cache = await currentCache();
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok && new URL(request.url).pathname.startsWith("/static/")) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (url.pathname.endsWith("/healthz") || url.pathname.endsWith("/offline.json") || url.pathname.endsWith("/suggest")) return;
  if (request.mode === "navigate") event.respondWith(page(request));
  else if (url.pathname.startsWith("/static/") || url.pathname.startsWith("/qr/")) event.respondWith(asset(request));
});
