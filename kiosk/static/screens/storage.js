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
