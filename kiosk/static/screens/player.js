// The notice-screen player: rotates the bundle's slides page by page, follows pushes,
// survives outages, and keeps the hall's time. Plain ES modules; the only library is the
// vendored Socket.IO client (see connection.js).
import * as clock from "./clock.js";
import { connect, reconnectElsewhere, send } from "./connection.js";
import { quarterTurned } from "./layout.js";
import { createPlayback } from "./playback.js";
import { countdownText } from "./slides.js";
import { mark, mediaFailures, restoreBundle, saveBundle, syncMediaCache } from "./storage.js";
import { createTicker } from "./ticker.js";

const root = document.getElementById("player");
const key = root.dataset.key;
const messages = JSON.parse(document.getElementById("messages").textContent);
const SLOW_CHECK_MS = 5 * 60 * 1000; // catch up even if every push was lost
const BURN_IN_MS = 2 * 60 * 1000;
const $ = (id) => document.getElementById(id);
const html = document.documentElement;

// The picture's shape: the browser's, swapped when the display turns it a quarter (画面旋转,
// data-rotation on <html>, drawn by player.css). Slides are laid out for it (html.tall).
function fitShape() {
  html.classList.toggle("tall", (innerHeight > innerWidth) !== quarterTurned());
}
fitShape();

const state = {
  bundle: null, etag: null, current: null, page: 0, pageCount: 0, alert: null,
  fetchTimer: null, fetching: null, online: false, bootedAt: Date.now(), layoutTimes: [],
};
window.screenPlayer = state; // for operators' consoles and the end-to-end tests

const ticker = createTicker($("ticker"), $("ticker-track"), messages["screen.ticker_still"]);
let socket = null;
const playback = createPlayback(state, {
  stage: $("stage"), measure: $("measure"), messages,
  onShow(slide) {
    ticker.onScreen(slide ? slide.id : null);
    if (slide) send(socket, "played", { item_id: slide.id, at: new Date(clock.now()).toISOString() });
  },
});
Object.assign(state, {
  hold: playback.hold, resume: playback.resume, pagesOf: playback.pagesOf, liveSlides: playback.liveSlides,
  tickerTexts: ticker.texts, clockOffset: clock.offsetMs, next: playback.next, mediaSynced: Promise.resolve(),
  mediaFailures,
});

// --- the bundle: saved copy first, then the server's ---------------------------------

async function fetchBundle() {
  if (state.fetching) return state.fetching;
  state.fetching = (async () => {
    const headers = state.etag ? { "If-None-Match": state.etag } : {};
    const sentAt = Date.now();
    const response = await fetch(root.dataset.bundleUrl, { headers, cache: "no-store" });
    clock.noteResponse(response, sentAt, Date.now());
    if (response.status === 304) {
      if (state.bundle && (state.bundle.version || 0) < (state.wanted || 0)) fetchSoon(1000, 1200);
      return false;
    }
    if (response.status === 404) { unpaired(); return false; }
    if (!response.ok) throw new Error(`bundle: HTTP ${response.status}`);
    const bundle = await response.json();
    const etag = response.headers.get("ETag");
    apply(bundle, etag);
    saveBundle(key, bundle, etag);
    // A proxy's cache may still hold the bundle from before the nudge: ask again shortly.
    if ((bundle.version || 0) < (state.wanted || 0)) fetchSoon(1000, 1200);
    return true;
  })().finally(() => { state.fetching = null; });
  return state.fetching;
}

function fetchSoon(spreadMs, delayMs) {
  clearTimeout(state.fetchTimer);
  const delay = Math.max(0, delayMs || 0) + Math.floor(Math.random() * Math.max(0, spreadMs || 0));
  state.fetchTimer = setTimeout(() => fetchBundle().catch(() => {}), delay);
}

function apply(bundle, etag) {
  state.bundle = bundle;
  state.etag = etag;
  state.mediaSynced = syncMediaCache(bundle); // the saved bundle's too: a reload may have cut a download short
  const settings = bundle.settings || {};
  clock.setZone(settings.time_zone);
  const rotation = String(settings.rotation || 0);
  if (html.dataset.rotation !== rotation) { // staff turned the picture: lay out again for its shape
    html.dataset.rotation = rotation;
    fitShape();
    playback.relayout();
  }
  setAlert(bundle.alert);
  const tickerWasHidden = $("ticker").hidden;
  ticker.setItems(bundle.ticker || [], settings.ticker_chars_per_second);
  if (tickerWasHidden !== $("ticker").hidden) playback.relayout(); // the stage changed size
  renderClock();
  playback.applied();
}

// --- what surrounds the slides -------------------------------------------------------

function setAlert(alert) {
  state.alert = alert || null;
  const box = $("alert");
  box.hidden = !state.alert;
  if (!state.alert) return;
  box.className = `alert level-${state.alert.level}`;
  $("alert-label").textContent = messages["screen.alert"];
  $("alert-title").textContent = state.alert.title;
  $("alert-body").textContent = state.alert.body || "";
  send(socket, "alert_ack", { id: state.alert.id });
}

function renderClock() {
  const now = clock.now();
  $("time").textContent = clock.formatTime(now);
  $("date").textContent = clock.formatDate(now);
  $("standby-time").textContent = $("time").textContent;
  $("status").textContent = state.online ? "" : messages["screen.offline"];
  const countdown = document.querySelector("#stage .countdown-value");
  if (countdown && state.current) countdown.textContent = countdownText(state.current, messages, now) || "";
  const hall = clock.hallParts(now);
  playlistCheck(now);
  standbyCheck(hall);
  playback.expireCheck();
  nightlyReload(hall);
}

let refetchedFor = null;
function playlistCheck(now) {
  // At a daypart boundary the playlist changes: fetch it (spread, as after a nudge).
  const until = state.bundle && state.bundle.playlist_until;
  if (until && now >= Date.parse(until) && refetchedFor !== until) {
    refetchedFor = until;
    fetchSoon(5000);
  }
}

function standbyCheck(hall) {
  const schedule = state.bundle && state.bundle.settings.schedule;
  let off = false;
  if (schedule) {
    const inHours = schedule.on < schedule.off ? (hall.hhmm >= schedule.on && hall.hhmm < schedule.off)
      : (hall.hhmm >= schedule.on || hall.hhmm < schedule.off);
    off = !schedule.days.includes(hall.weekday) || !inHours;
  }
  $("standby").hidden = !off || Boolean(state.alert); // an alert wakes a sleeping screen
}

function shiftForBurnIn() {
  const dx = Math.round(Math.random() * 8 - 4);
  const dy = Math.round(Math.random() * 8 - 4);
  root.style.transform = `translate(${dx}px, ${dy}px)`;
}

function nightlyReload(hall) {
  // Once a night in the hall's time, and only when the server answers: a reload while it
  // is away would blank us.
  const hour = state.bundle ? state.bundle.settings.nightly_reload_hour : 3;
  if (!clock.reloadDue(hall, hour, mark("screen-reloaded-on"), performance.now())) return;
  fetch(root.dataset.healthUrl, { cache: "no-store" }).then((r) => {
    if (r.ok) { mark("screen-reloaded-on", hall.date); location.reload(); }
  }).catch(() => {});
}

function identify(data) {
  const box = $("identify");
  box.textContent = `${data.name} · #${data.id}`;
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, 15000);
}

function unpaired() {
  mark("screen-key", null);
  $("status").textContent = messages["screen.unpaired"];
}

function heartbeat() {
  send(socket, "heartbeat", {
    version: state.bundle ? state.bundle.version : 0, etag: state.etag || "",
    item_id: state.current ? state.current.id : 0, alert_id: state.alert ? state.alert.id : 0,
    user_agent: navigator.userAgent.slice(0, 200),
  });
}

// --- start -------------------------------------------------------------------------

mark("screen-key", key);
await document.fonts.ready; // pages are measured with the real fonts
const saved = restoreBundle(key);
if (saved) apply(saved.bundle, saved.etag); else playback.next();
renderClock();

socket = connect(key, {
  connect() {
    state.online = true;
    fetchSoon(250); // on every (re)connect: pushes may be lost, versions are not
    heartbeat();
    if (state.alert) send(socket, "alert_ack", { id: state.alert.id });
  },
  disconnect() { state.online = false; },
  connect_error(error) {
    state.online = false;
    // Refused for sending too much: socket.io does not retry by itself, so come back later.
    const wait = error && error.data && error.data.retry_after;
    if (wait && !socket.active) setTimeout(() => socket.connect(), wait * (1000 + Math.random() * 500));
  },
  content_changed(message) {
    state.wanted = Math.max(state.wanted || 0, (message && message.version) || 0);
    fetchSoon(message && message.spread_ms, message && message.delay_ms);
  },
  // Sent on every connect: what the bundle must reach (a push sent while away is lost).
  content_version(message) {
    state.wanted = Math.max(state.wanted || 0, (message && message.version) || 0);
    if (state.bundle && (state.bundle.version || 0) < state.wanted) fetchSoon(250);
  },
  alert: setAlert,
  alert_cleared(message) {
    if (state.alert && message && state.alert.id === message.id) setAlert(null);
    fetchSoon(200);
  },
  reload() { location.reload(); },
  identify,
  // The server is stopping (a restart): leave now, come back on another process after a
  // random wait, so the screens of one process do not all arrive at once.
  reconnect_elsewhere(message) {
    reconnectElsewhere(socket, (message && message.delay_ms) || 0, (message && message.spread_ms) || 0);
  },
});
state.socket = socket;

setInterval(renderClock, 1000);
setInterval(heartbeat, 30000);
setInterval(() => fetchBundle().catch(() => {}), SLOW_CHECK_MS);
setInterval(shiftForBurnIn, BURN_IN_MS);
let resized = null;
window.addEventListener("resize", () => {
  clearTimeout(resized);
  resized = setTimeout(() => { fitShape(); playback.relayout(); }, 200);
});
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register(root.dataset.workerUrl, { scope: "/screen/" }).catch(() => {});
}
