// Paging a slide's body: which blocks, list items, table rows and pieces of paragraphs go
// on which page. `paginate` is pure given a measurer (heights in px), so it can be tested
// with a fake one; `domMeasurer` measures with the real DOM, in a hidden copy of the page.
//
// A measurer answers:
//   height(fragment)       the height of a heading, paragraph or image as rendered
//   fit(fragment, room)    how many characters of a paragraph's text fit in `room` px
//   rows(block)            {head, rows: [h...], extra}: a list's items or a table's rows and
//                          what the block costs besides them (header row, padding); `extra`
//                          is merged into every fragment of the block (e.g. column widths)
// Text is never shrunk to fit: what does not fit goes to the next page (an image may be drawn
// down to half its height to finish a page).

const ROWED = new Set(["list", "table", "facts"]);
const TEXT = new Set(["paragraph", "summary", "heading"]);
const LEADS_IN = /[：:]\s*$/;

export function paginate(blocks, capacity, m) {
  const pages = [[]];
  let used = 0;
  const room = () => capacity - used;
  const fresh = () => used === 0;
  const newPage = () => { pages.push([]); used = 0; };
  const put = (fragment, height) => { pages[pages.length - 1].push(fragment); used += height; };
  const wholes = new Map(); // a whole block is asked for twice: as itself, and after a heading
  const whole = (block) => {
    if (!wholes.has(block)) wholes.set(block, m.height(block));
    return wholes.get(block);
  };

  function placeText(block, next) {
    let text = block.text || "";
    let part = 0;
    for (let guard = 0; guard < 10000; guard += 1) {
      const piece = { ...block, text, part };
      const height = part === 0 ? whole(block) : m.height(piece);
      // A heading, and a paragraph that ends by announcing what follows (…如下：), stay with
      // the start of the next block.
      const keep = Boolean(next) && (block.type === "heading" || (part === 0 && LEADS_IN.test(text)));
      const need = keep ? height + lead(next) : height;
      if (need <= room() || (fresh() && height <= room())) { put(piece, height); return; }
      if (block.type === "heading" || (keep && height <= capacity)) {
        if (fresh()) { put(piece, height); return; } // taller than a whole page: nothing better to do
        newPage();
        continue;
      }
      // A paragraph is cut only where two lines or more fit, and only if it has four lines or
      // more: a short one goes whole to the next page rather than leave one line behind.
      if (!fresh() && (room() < 2 * lineOf(block) || height < 4 * lineOf(block))) {
        newPage();
        continue;
      }
      const fits = m.fit(piece, room(), height);
      const cut = breakAt(text, fits);
      if (cut <= 0) {
        if (fresh()) { put(piece, height); return; }
        newPage();
        continue;
      }
      put({ ...block, text: text.slice(0, cut), part }, room());
      text = text.slice(cut).replace(/^\s+/, "");
      part += 1;
      if (!text) return;
      newPage();
    }
  }

  function placeRows(block) {
    const measured = m.rows(block);
    const count = measured.rows.length;
    const open = (from) => {
      const fragment = { ...block, ...measured.extra, from, to: from };
      put(fragment, measured.head);
      return fragment;
    };
    if (!count) { if (measured.head > room() && !fresh()) newPage(); open(0); return; }
    let fragment = null;
    for (let i = 0; i < count; i += 1) {
      const height = measured.rows[i];
      const need = fragment ? height : measured.head + height;
      if (need > room() && !(fresh() && !fragment)) { newPage(); fragment = null; }
      if (!fragment) fragment = open(i);
      fragment.to = i + 1;
      used += height;
    }
  }

  function lead(block) {
    // What must follow a heading on its page: a line of text, or a header and one row.
    if (TEXT.has(block.type)) return Math.min(whole(block), 2 * lineOf(block));
    if (ROWED.has(block.type)) { const r = m.rows(block); return r.head + (r.rows[0] || 0); }
    return Math.min(whole(block), capacity);
  }

  function lineOf(block) {
    return m.line ? m.line(block) : Math.min(whole(block), capacity / 10);
  }

  blocks.forEach((block, index) => {
    const next = blocks[index + 1];
    if (TEXT.has(block.type)) placeText(block, next);
    else if (ROWED.has(block.type)) placeRows(block);
    else {
      const height = whole(block);
      // An image may be drawn smaller (never text): one that needs more than what is left of
      // the page, but not twice as much, fills what is left instead of leaving the page empty.
      if (block.type === "image" && height > room() && !fresh() && 2 * room() >= height) {
        put({ ...block, height: room() }, room());
        return;
      }
      if (height > room() && !fresh()) newPage();
      put(block, height);
    }
  });
  return pages;
}

// Never between the halves of a surrogate pair, nor inside a run of Latin letters or digits
// when a space is near (a long unbroken string is cut where it must be).
export function breakAt(text, n) {
  if (n <= 0 || n >= text.length) return Math.max(0, Math.min(n, text.length));
  let cut = n;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  if (/[A-Za-z0-9]/.test(text[cut - 1] || "") && /[A-Za-z0-9]/.test(text[cut] || "")) {
    const space = text.lastIndexOf(" ", cut);
    if (space > cut - 30 && space > 0) cut = space + 1;
  }
  return cut;
}

// Slices a fragment's rows or items out of its block (what a page shows of a list or table).
export function rowsOf(fragment) {
  const all = fragment.type === "list" ? fragment.items : fragment.rows;
  return fragment.from === undefined ? all : all.slice(fragment.from, fragment.to);
}

// Whether the page is drawn turned a quarter (画面旋转: data-rotation on <html>, player.css).
export function quarterTurned(doc = document) {
  return ["90", "270"].includes(doc.documentElement.dataset.rotation);
}

// An element's size as laid out: on a turned page the browser reports the turned box, its
// width and height swapped.
function sizeOf(element) {
  const box = element.getBoundingClientRect();
  return quarterTurned(element.ownerDocument) ? { width: box.height, height: box.width }
    : { width: box.width, height: box.height };
}

// A measurer over a real, empty page body (`body`) using the page's own renderer.
export function domMeasurer(body, render) {
  const rowsCache = new WeakMap();
  const lines = new Map();
  const heightOf = (fragment) => {
    const node = render(fragment);
    body.replaceChildren(node);
    return sizeOf(node).height;
  };
  return {
    height: heightOf,
    line(block) {
      const key = `${block.type}:${block.level}:${block.quote}`;
      if (!lines.has(key)) lines.set(key, heightOf({ ...block, text: "字" }));
      return lines.get(key);
    },
    fit(fragment, room, height) {
      // Binary search on the prefix's length, between bounds guessed from the whole's height.
      const text = fragment.text || "";
      let lo = 0;
      let hi = text.length;
      if (height > 0) hi = Math.min(hi, Math.ceil((text.length * room) / height * 1.25) + 40);
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (heightOf({ ...fragment, text: text.slice(0, mid) }) <= room) lo = mid; else hi = mid - 1;
      }
      return lo;
    },
    rows(block) {
      if (!rowsCache.has(block)) rowsCache.set(block, measureRows(body, render, block));
      return rowsCache.get(block);
    },
  };
}

// Column widths for `available` px from each column's unwrapped width: short columns (names,
// numbers) keep theirs whole; the long ones share what is left in proportion to their length.
// `least` (optional): each column's narrowest width without breaking a word or a number
// (0795-6221170): a column given less gets it back from those that have more than theirs.
export function fillWidths(natural, available, least) {
  const widths = shareWidths(natural, available);
  if (!least || least.length !== natural.length) return widths;
  const floor = least.map((w, i) => Math.min(w, natural[i]));
  if (sum(floor) > available) return widths; // an unbroken string wider than the table: it must break
  const deficit = sum(widths.map((w, i) => Math.max(0, floor[i] - w)));
  const slack = sum(widths.map((w, i) => Math.max(0, w - floor[i])));
  if (deficit <= 0 || slack <= 0) return widths;
  return widths.map((w, i) => (w < floor[i] ? floor[i] : w - ((w - floor[i]) * deficit) / slack));
}

const sum = (values) => values.reduce((a, b) => a + b, 0);

function shareWidths(natural, available) {
  const total = sum(natural);
  if (!total) return natural.map(() => available / Math.max(1, natural.length));
  if (total <= available) return natural.map((w) => (w * available) / total);
  const widths = new Array(natural.length);
  let left = available;
  let open = natural.map((w, i) => i);
  for (;;) {
    const fair = left / open.length;
    const short = open.filter((i) => natural[i] <= fair);
    if (!short.length) break;
    for (const i of short) { widths[i] = natural[i]; left -= natural[i]; }
    open = open.filter((i) => natural[i] > fair);
    if (!open.length) return widths;
  }
  const rest = open.reduce((a, i) => a + natural[i], 0);
  for (const i of open) widths[i] = (natural[i] * left) / rest;
  return widths;
}

function measureRows(body, render, block) {
  let extra = {};
  if (block.type !== "list") {
    // Column widths come from the whole table, then are fixed, so that every page of a
    // split table has the same columns and each row the height measured here.
    // (+2 px: a column given exactly its measured width may still wrap after rounding)
    const columns = (variant) => {
      const table = render({ ...block, [variant]: true });
      body.replaceChildren(table);
      return [...table.querySelector("tr").children].map((c) => Math.ceil(sizeOf(c).width) + 2);
    };
    const shares = fillWidths(columns("natural"), body.clientWidth, columns("narrowest"));
    extra = { widths: shares.map((w) => Math.floor((w / body.clientWidth) * 100000) / 1000) };
  }
  const node = render({ ...block, ...extra });
  body.replaceChildren(node);
  const rowNodes = block.type === "list" ? node.querySelectorAll(":scope > li")
    : node.querySelectorAll("tbody > tr");
  const rows = [...rowNodes].map((r) => sizeOf(r).height);
  const whole = sizeOf(node).height;
  return { head: Math.max(0, whole - rows.reduce((a, b) => a + b, 0)), rows, extra };
}
