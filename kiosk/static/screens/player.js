// The notice-screen player: rotates the bundle's slides, follows pushes, survives outages.
// Plain ES module; the only library is the vendored Socket.IO client.
import { io } from "/static/vendor/socket.io/socket.io.esm.min.js";

const root = document.getElementById("player");
const key = root.dataset.key;
const messages = JSON.parse(document.getElementById("messages").textContent);
const SAVED = `screen-bundle:${key}`;
const SLOW_CHECK_MS = 5 * 60 * 1000; // catch up even if every push was lost
const BURN_IN_MS = 2 * 60 * 1000;
const $ = (id) => document.getElementById(id);

const state = {
  bundle: null, etag: null, index: -1, current: null, alert: null,
  timer: null, fetchTimer: null, fetching: null, online: false, bootedAt: Date.now(),
};
window.screenPlayer = state; // for operators' consoles and the end-to-end tests

// --- the bundle: saved copy first, then the server's ---------------------------------

function restoreSaved() {
  try {
    const saved = JSON.parse(localStorage.getItem(SAVED) || "null");
    if (saved && saved.bundle) apply(saved.bundle, saved.etag);
  } catch (err) { /* a damaged copy is simply ignored */ }
}

function save(bundle, etag) {
  try { localStorage.setItem(SAVED, JSON.stringify({ bundle, etag })); } catch (err) { /* full: keep running */ }
}

async function fetchBundle() {
  if (state.fetching) return state.fetching;
  state.fetching = (async () => {
    const headers = state.etag ? { "If-None-Match": state.etag } : {};
    const response = await fetch(root.dataset.bundleUrl, { headers, cache: "no-store" });
    if (response.status === 304) return false;
    if (response.status === 404) { unpaired(); return false; }
    if (!response.ok) throw new Error(`bundle: HTTP ${response.status}`);
    const bundle = await response.json();
    const etag = response.headers.get("ETag");
    apply(bundle, etag);
    save(bundle, etag);
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
  setAlert(bundle.alert);
  renderTicker(bundle.ticker || []);
  const slides = liveSlides();
  const stillThere = state.current && slides.find((s) => s.id === state.current.id);
  if (stillThere && !sameSlide(stillThere, state.current)) show(stillThere);
  if (!stillThere) next();
}

function sameSlide(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

// --- rotation ----------------------------------------------------------------------

function liveSlides(now = Date.now()) {
  const slides = (state.bundle && state.bundle.slides) || [];
  return slides.filter((s) => (!s.publish_at || Date.parse(s.publish_at) <= now)
    && (!s.expire_at || now < Date.parse(s.expire_at)));
}

function next() {
  clearTimeout(state.timer);
  const slides = liveSlides();
  const seconds = (state.bundle && state.bundle.settings.seconds_per_slide) || 15;
  state.timer = setTimeout(next, seconds * 1000);
  if (!slides.length) { state.current = null; renderEmpty(); return; }
  const at = state.current ? slides.findIndex((s) => s.id === state.current.id) : -1;
  state.index = (at + 1) % slides.length;
  show(slides[state.index]);
}

function show(slide) {
  state.current = slide;
  renderSlide(slide);
  if (socket.connected) socket.emit("played", { item_id: slide.id, at: new Date().toISOString() });
}

function expireCheck() {
  // Records leave by themselves when their window ends, even with the server away.
  if (state.current && !liveSlides().some((s) => s.id === state.current.id)) next();
  if (!state.current && liveSlides().length) next();
}

// --- drawing -----------------------------------------------------------------------

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

function qrSvg(qr) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `-2 -2 ${qr.size + 4} ${qr.size + 4}`);
  svg.setAttribute("class", "qr");
  svg.setAttribute("role", "img");
  const back = document.createElementNS(ns, "rect");
  back.setAttribute("x", "-2"); back.setAttribute("y", "-2");
  back.setAttribute("width", qr.size + 4); back.setAttribute("height", qr.size + 4);
  back.setAttribute("fill", "#fff");
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", qr.path);
  path.setAttribute("fill", "#000");
  svg.append(back, path);
  return svg;
}

function countdown(slide) {
  if (!slide.expire_at) return null;
  const left = Date.parse(slide.expire_at) - Date.now();
  if (left <= 0) return null;
  const days = Math.ceil(left / 86400000);
  return days > 1 ? messages["screen.days_left"].replace("{days}", days)
    : messages["screen.hours_left"].replace("{hours}", Math.max(1, Math.ceil(left / 3600000)));
}

function renderSlide(slide) {
  const article = el("article", `slide kind-${slide.kind}`);
  article.dataset.id = slide.id;
  const text = el("div", "slide-text");
  text.append(el("div", "slide-kind", slide.kind_label), el("h1", "slide-title", slide.title));
  if (slide.summary) text.append(el("p", "slide-summary", slide.summary));
  const facts = el("dl", "slide-facts");
  for (const [label, value] of slide.facts) facts.append(el("dt", "", label), el("dd", "", value));
  text.append(facts);
  if (slide.text) text.append(el("p", "slide-body", slide.text));
  const side = el("aside", "slide-side");
  const left = countdown(slide);
  if (left) side.append(el("div", "countdown", left));
  side.append(qrSvg(slide.qr), el("div", "qr-hint", messages["screen.scan"]));
  article.append(text, side);
  $("stage").replaceChildren(article);
}

function renderEmpty() {
  $("stage").replaceChildren(el("div", "empty", messages["screen.nothing"]));
}

function renderTicker(items) {
  const track = $("ticker-track");
  const text = items.map((i) => i.text).join("　　◆　　");
  if (track.textContent !== text) track.textContent = text;
  $("ticker").hidden = !text;
}

function setAlert(alert) {
  state.alert = alert || null;
  const box = $("alert");
  box.hidden = !state.alert;
  if (!state.alert) return;
  box.className = `alert level-${state.alert.level}`;
  $("alert-label").textContent = messages["screen.alert"];
  $("alert-title").textContent = state.alert.title;
  $("alert-body").textContent = state.alert.body || "";
  if (socket && socket.connected) socket.emit("alert_ack", { id: state.alert.id });
}

function renderClock() {
  const now = new Date();
  $("time").textContent = now.toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit" });
  $("date").textContent = now.toLocaleDateString("zh-CN", { month: "long", day: "numeric", weekday: "long" });
  $("standby-time").textContent = $("time").textContent;
  $("status").textContent = state.online ? "" : messages["screen.offline"];
  standbyCheck(now);
  expireCheck();
  nightlyReload(now);
}

function standbyCheck(now) {
  const schedule = state.bundle && state.bundle.settings.schedule;
  let off = false;
  if (schedule) {
    const day = now.getDay() || 7;
    const hhmm = now.toTimeString().slice(0, 5);
    const inHours = schedule.on < schedule.off ? (hhmm >= schedule.on && hhmm < schedule.off)
      : (hhmm >= schedule.on || hhmm < schedule.off);
    off = !schedule.days.includes(day) || !inHours;
  }
  $("standby").hidden = !off || Boolean(state.alert); // an alert wakes a sleeping screen
}

function shiftForBurnIn() {
  const dx = Math.round(Math.random() * 8 - 4);
  const dy = Math.round(Math.random() * 8 - 4);
  root.style.transform = `translate(${dx}px, ${dy}px)`;
}

function nightlyReload(now) {
  // Once a night, and only when the server answers: a reload while it is away would blank us.
  const hour = state.bundle ? state.bundle.settings.nightly_reload_hour : 3;
  const today = now.toISOString().slice(0, 10);
  if (now.getHours() !== hour || localStorage.getItem("screen-reloaded-on") === today) return;
  if (Date.now() - state.bootedAt < 3600000) return;
  fetch(root.dataset.healthUrl, { cache: "no-store" }).then((r) => {
    if (r.ok) { localStorage.setItem("screen-reloaded-on", today); location.reload(); }
  }).catch(() => {});
}

function identify(data) {
  const box = $("identify");
  box.textContent = `${data.name} · #${data.id}`;
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, 15000);
}

function unpaired() {
  localStorage.removeItem("screen-key");
  $("status").textContent = messages["screen.unpaired"];
}

// --- the connection ----------------------------------------------------------------

const socket = io("/screens", {
  auth: { key }, transports: ["websocket"],
  reconnectionDelay: 1000, reconnectionDelayMax: 45000, randomizationFactor: 0.5,
});

socket.on("connect", () => {
  state.online = true;
  fetchSoon(250); // on every (re)connect: pushes may be lost, versions are not
  heartbeat();
  if (state.alert) socket.emit("alert_ack", { id: state.alert.id });
});
socket.on("disconnect", () => { state.online = false; });
socket.on("connect_error", (error) => {
  state.online = false;
  const wait = error && error.data && error.data.retry_after; // refused for sending too much: come back later
  if (wait && !socket.active) setTimeout(() => socket.connect(), wait * (1000 + Math.random() * 500));
});
socket.on("content_changed", (message) => fetchSoon(message && message.spread_ms, message && message.delay_ms));
socket.on("alert", (alert) => setAlert(alert));
socket.on("alert_cleared", (message) => {
  if (state.alert && message && state.alert.id === message.id) setAlert(null);
  fetchSoon(200);
});
socket.on("reload", () => location.reload());
socket.on("identify", identify);

function heartbeat() {
  if (!socket.connected) return;
  socket.emit("heartbeat", {
    version: state.bundle ? state.bundle.version : 0, etag: state.etag || "",
    item_id: state.current ? state.current.id : 0, alert_id: state.alert ? state.alert.id : 0,
    user_agent: navigator.userAgent.slice(0, 200),
  });
}

// --- start -------------------------------------------------------------------------

localStorage.setItem("screen-key", key);
restoreSaved();
if (!state.bundle) renderEmpty();
renderClock();
setInterval(renderClock, 1000);
setInterval(heartbeat, 30000);
setInterval(() => fetchBundle().catch(() => {}), SLOW_CHECK_MS);
setInterval(shiftForBurnIn, BURN_IN_MS);
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register(root.dataset.workerUrl, { scope: "/screen/" }).catch(() => {});
}
