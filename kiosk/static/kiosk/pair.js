// Pairing a new kiosk: show a short code until staff claim it, then become that kiosk.
const root = document.getElementById("pairing");
const POLL_MS = 3000;

function openKiosk(key) {
  localStorage.setItem("kiosk-key", key);
  location.replace(root.dataset.kioskUrl.replace("KEY", encodeURIComponent(key)));
}

async function pair() {
  const started = await fetch(root.dataset.startUrl, { method: "POST" });
  if (!started.ok) throw new Error(`pairing: HTTP ${started.status}`);
  const { code, secret } = await started.json();
  document.getElementById("code").textContent = `${code.slice(0, 3)} ${code.slice(3)}`;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const poll = await fetch(`${root.dataset.startUrl}/${code}?secret=${encodeURIComponent(secret)}`, { cache: "no-store" });
    if (poll.status === 404) return pair();
    if (!poll.ok) continue;
    const answer = await poll.json();
    if (answer.status === "paired") return openKiosk(answer.key);
  }
}

function retry() { setTimeout(() => pair().catch(retry), 10000); }

const known = localStorage.getItem("kiosk-key");
if (known) openKiosk(known);
else pair().catch(retry);
