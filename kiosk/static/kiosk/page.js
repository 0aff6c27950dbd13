// Every resident page: suggestions as the resident types, and on a hall's kiosk the
// on-screen keyboard, the idle reset, the offline badge and the service worker.
const body = document.body;
const kiosk = body.dataset.kiosk;
const input = document.getElementById("q");
const list = document.getElementById("suggestions");
const SUGGEST_DELAY_MS = 200;

// --- suggestions ---------------------------------------------------------------------
let suggestTimer = null;
let suggestSeq = 0;

export function suggest() {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(showSuggestions, SUGGEST_DELAY_MS);
}

async function showSuggestions() {
  const query = input.value.trim();
  const seq = ++suggestSeq;
  if (!query) { list.hidden = true; return; }
  try {
    const response = await fetch(`${body.dataset.suggestUrl}?q=${encodeURIComponent(query)}`);
    if (!response.ok || seq !== suggestSeq) return;
    const answer = await response.json();
    list.replaceChildren(...answer.items.map((item) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title; // never as HTML
      li.append(a);
      return li;
    }));
    list.hidden = answer.items.length === 0;
  } catch { list.hidden = true; }
}

input?.addEventListener("input", suggest);

// --- on-screen keyboard (kiosks only; loaded on first use) -----------------------------
const toggle = document.getElementById("keyboard-toggle");
toggle?.addEventListener("click", async () => {
  const { openKeyboard } = await import("./keyboard.js");
  openKeyboard(toggle, input, suggest);
});

// --- idle: after a while without a touch, start fresh -----------------------------------
if (kiosk) {
  const idleMs = Number(body.dataset.idleSeconds || 90) * 1000;
  let idleTimer = null;
  const goHome = () => {
    try { window.speechSynthesis?.cancel(); } catch { /* no voice */ }
    sessionStorage.clear();
    location.replace(body.dataset.homeUrl);
  };
  const touched = () => { clearTimeout(idleTimer); idleTimer = setTimeout(goHome, idleMs); };
  for (const name of ["pointerdown", "keydown", "scroll", "input", "wheel"]) {
    addEventListener(name, touched, { passive: true, capture: true });
  }
  // Reading is not idling: the timer waits while read-aloud plays.
  addEventListener("speech-playing", () => clearTimeout(idleTimer));
  addEventListener("speech-stopped", touched);
  touched();
}

// --- offline badge and service worker (kiosks only) -----------------------------------
const badge = document.getElementById("net-badge");

export async function checkOnline() {
  let online = navigator.onLine;
  if (online) {
    try {
      const response = await fetch(body.dataset.healthUrl, { cache: "no-store" });
      online = response.ok;
    } catch { online = false; }
  }
  if (badge) badge.hidden = online;
  body.classList.toggle("offline", !online);
  return online;
}

if (kiosk) {
  checkOnline();
  setInterval(checkOnline, 20000);
  addEventListener("online", checkOnline);
  addEventListener("offline", checkOnline);
  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker.register(body.dataset.swUrl, { scope: body.dataset.scope })
      .then((registration) => registration.active?.postMessage("refresh"))
      .catch(() => { /* pages still work online */ });
  }
}
