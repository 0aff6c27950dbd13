// Lets a notice screen reload its page while the server is away (secure origins only).
// Network first, so an update is picked up as soon as the server answers; the cache is
// only the fallback. Bundles and the socket are not cached here: the page keeps its
// last bundle itself. Posters and videos (/media/, named by content hash, never changed)
// come from the media cache first, which the page fills and evicts (storage.js).
const CACHE = "screen-shell-v1";
const MEDIA_CACHE = "screen-media-v1";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/socket.io/")) return;
  if (url.pathname.startsWith("/media/")) {
    event.respondWith(fromMediaCache(event.request, url.pathname));
    return;
  }
  event.respondWith(
    fetch(event.request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
      }
      return response;
    }).catch(() => caches.match(event.request).then((hit) => hit || Response.error())),
  );
});

async function fromMediaCache(request, path) {
  const cache = await caches.open(MEDIA_CACHE);
  const hit = await cache.match(path);
  if (!hit) return fetch(request);
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.get("Range") || "");
  if (!range) return hit;
  // A video asks for byte ranges: answer them from the cached whole file.
  const blob = await hit.blob();
  const start = Number(range[1]);
  const end = range[2] ? Math.min(Number(range[2]), blob.size - 1) : blob.size - 1;
  if (start >= blob.size || end < start) {
    return new Response(null, { status: 416, headers: { "Content-Range": `bytes */${blob.size}` } });
  }
  return new Response(blob.slice(start, end + 1), {
    status: 206,
    headers: { "Content-Type": hit.headers.get("Content-Type") || "", "Content-Length": String(end - start + 1),
               "Content-Range": `bytes ${start}-${end}/${blob.size}`, "Accept-Ranges": "bytes" },
  });
}
