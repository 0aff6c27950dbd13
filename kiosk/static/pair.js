// Pairing a new screen or kiosk: show a short code until staff claim it, then become that device.
// The page says where to go (data-open-url, KEY replaced) and where to remember the key
// (data-remember, a localStorage name), so a device that restarts goes straight there.
const root = document.getElementById("pairing");
const POLL_MS = 3000;

function open(key) {
  localStorage.setItem(root.dataset.remember, key);
  location.replace(root.dataset.openUrl.replace("KEY", encodeURIComponent(key)));
}

async function pair() {
  const started = await fetch(root.dataset.startUrl, { method: "POST" });
  if (!started.ok) throw new Error(`pairing: HTTP ${started.status}`);
  const { code, secret } = await started.json();
  document.getElementById("code").textContent = `${code.slice(0, 3)} ${code.slice(3)}`;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const poll = await fetch(`${root.dataset.startUrl}/${code}?secret=${encodeURIComponent(secret)}`, { cache: "no-store" });
    if (poll.status === 404) return pair(); // expired: show a fresh code
    if (!poll.ok) continue;
    const answer = await poll.json();
    if (answer.status === "paired") return open(answer.key);
  }
}

function retry() { setTimeout(() => pair().catch(retry), 10000); }

// A remembered key that the server no longer knows (a new key, a retired device) is dropped,
// else the device would bounce between here and a "not registered" page for ever. Only a
// 404 drops it: when the server is away the key is trusted (its page may be cached).
async function start() {
  const known = localStorage.getItem(root.dataset.remember);
  if (known) {
    const url = root.dataset.openUrl.replace("KEY", encodeURIComponent(known));
    const answer = await fetch(url, { method: "HEAD", cache: "no-store" }).catch(() => null);
    if (!answer || answer.status !== 404) return open(known);
    localStorage.removeItem(root.dataset.remember);
  }
  return pair().catch(retry);
}

start();
