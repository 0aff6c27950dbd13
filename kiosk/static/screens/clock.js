// The hall's time: the server's clock in the hall's time zone, whatever the TV's clock and
// time zone say. The offset from the server is measured on every bundle fetch and kept, so
// a screen reloaded while the server is away still shows the right time.
const SAVED = "screen-clock";
let offset = 0; // server clock − this device's clock, in ms
let zone = "Asia/Shanghai";
let formats = null;

try {
  const saved = JSON.parse(localStorage.getItem(SAVED) || "null");
  if (saved && Number.isFinite(saved.offset)) offset = saved.offset;
  if (saved && saved.zone) setZone(saved.zone);
} catch (err) { /* a damaged copy is ignored */ }

export function now() {
  return Date.now() + offset;
}

export function setZone(name) {
  if (!name || name === zone && formats) return;
  try {
    new Intl.DateTimeFormat("en", { timeZone: name }); // throws on an unknown zone
    zone = name;
    formats = null;
    persist();
  } catch (err) { /* keep the previous zone */ }
}

// From a fetch's response: the X-Server-Time header (ms), else the Date header (s). The
// moment the server read its clock is taken as the middle of the request.
export function noteResponse(response, sentAt, receivedAt) {
  const precise = Number(response.headers.get("X-Server-Time"));
  const dated = Date.parse(response.headers.get("Date") || "");
  const server = Number.isFinite(precise) && precise > 0 ? precise : (Number.isFinite(dated) ? dated + 500 : NaN);
  if (!Number.isFinite(server)) return;
  offset = Math.round(server - (sentAt + receivedAt) / 2);
  persist();
}

export function offsetMs() {
  return offset;
}

function persist() {
  try { localStorage.setItem(SAVED, JSON.stringify({ offset, zone })); } catch (err) { /* full */ }
}

function fmt() {
  if (!formats) {
    formats = {
      parts: new Intl.DateTimeFormat("en-GB", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit",
        day: "2-digit", hour: "2-digit", minute: "2-digit", weekday: "short" }),
      time: new Intl.DateTimeFormat("zh-CN", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }),
      date: new Intl.DateTimeFormat("zh-CN", { timeZone: zone, month: "long", day: "numeric", weekday: "long" }),
    };
  }
  return formats;
}

const WEEKDAYS = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

// The hall's calendar at `ms`: {date "YYYY-MM-DD", hhmm "HH:MM", hour, weekday 1 (Mon)–7 (Sun)}.
export function hallParts(ms = now()) {
  const p = Object.fromEntries(fmt().parts.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, hhmm: `${p.hour}:${p.minute}`, hour: Number(p.hour),
    weekday: WEEKDAYS[p.weekday] };
}

export function formatTime(ms = now()) {
  return fmt().time.format(new Date(ms));
}

export function formatDate(ms = now()) {
  return fmt().date.format(new Date(ms));
}

// Whether the nightly reload is due: in the hall's reload hour, not yet done on the hall's
// date, and the page up for an hour at least (a page just loaded has nothing to shed).
export function reloadDue(hall, hour, reloadedOn, uptimeMs) {
  return hall.hour === hour && reloadedOn !== hall.date && uptimeMs >= 3600000;
}
