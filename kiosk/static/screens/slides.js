// Drawing a slide: its frame (kind, title, page number, countdown, QR code) and its body
// blocks, built with textContent only (bodies are data, never HTML). A slide is laid out
// once per bundle and screen size, in a hidden copy of the stage, then shown page by page.
import * as clock from "./clock.js";
import { domMeasurer, paginate, rowsOf } from "./layout.js";

const KNOWN = new Set(["summary", "facts", "heading", "paragraph", "list", "table", "image"]);
const SAFETY_PX = 2;

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = text;
  return node;
}

// Body text as drawn: a phone number or date (0795-6335000, 2026-12-04) is never broken at
// its hyphen (a word joiner after it; invisible, and not a character a reader copies by eye).
export function wholeNumbers(text) {
  return text === undefined || text === null ? text : String(text).replace(/(\d)-(?=\d)/g, "$1-\u2060");
}

function format(template, values) {
  return Object.entries(values).reduce((text, [k, v]) => text.replace(`{${k}}`, v), template || "");
}

// The body as the player pages it: summary and facts first, then the record's blocks
// (a bundle saved by an older server has only `text`).
export function bodyBlocks(slide) {
  const blocks = [];
  if (slide.summary) blocks.push({ type: "summary", text: slide.summary });
  const body = (Array.isArray(slide.blocks) ? slide.blocks : (slide.text ? [{ type: "paragraph", text: slide.text }] : []))
    .filter((b) => b && KNOWN.has(b.type));
  if (slide.facts && slide.facts.length) {
    // A guide leads with what to bring (its first table, 申请材料), then where, when and fee.
    const materials = slide.kind === "guide" ? body.findIndex((b) => b.type === "table") + 1 : 0;
    body.splice(materials, 0, { type: "facts", rows: slide.facts });
  }
  return blocks.concat(body);
}

export function countdownText(slide, messages, now = clock.now()) {
  if (!slide.countdown || !slide.expire_at) return null;
  const left = Date.parse(slide.expire_at) - now;
  if (!(left > 0)) return null;
  const days = Math.ceil(left / 86400000);
  return days > 1 ? format(messages["screen.countdown_days"], { days })
    : format(messages["screen.countdown_hours"], { hours: Math.max(1, Math.ceil(left / 3600000)) });
}

function qrSvg(slide, messages) {
  const ns = "http://www.w3.org/2000/svg";
  const { qr } = slide;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `-2 -2 ${qr.size + 4} ${qr.size + 4}`);
  svg.setAttribute("class", "qr");
  svg.setAttribute("role", "img");
  const label = format(messages["screen.qr_label"], { title: slide.title });
  svg.setAttribute("aria-label", label);
  const title = document.createElementNS(ns, "title");
  title.textContent = label;
  const back = document.createElementNS(ns, "rect");
  for (const [k, v] of Object.entries({ x: -2, y: -2, width: qr.size + 4, height: qr.size + 4, fill: "#fff" })) {
    back.setAttribute(k, v);
  }
  const path = document.createElementNS(ns, "path");
  path.setAttribute("d", qr.path);
  path.setAttribute("fill", "#000");
  svg.append(title, back, path);
  return svg;
}

// The frame of one page; its body is empty. Every page of a slide has the same frame, so
// one measurement of the body's box serves them all.
export function renderFrame(slide, messages, page = 0, pages = 1) {
  const article = el("article", `slide kind-${slide.kind}`);
  article.dataset.id = slide.id;
  article.dataset.page = page + 1;
  const main = el("div", "slide-main");
  const head = el("div", "slide-head");
  const pager = el("span", "slide-pager", pages > 1 ? format(messages["screen.page"], { page: page + 1, pages }) : "");
  head.append(el("span", "slide-kind", slide.kind_label), pager);
  const body = el("div", "slide-body");
  main.append(head, el("h1", "slide-title", slide.title), body);
  const side = el("aside", "slide-side");
  if (slide.countdown) {
    const box = el("div", "countdown");
    box.append(el("span", "countdown-label", messages["screen.countdown_label"]),
      el("strong", "countdown-value", countdownText(slide, messages) || ""));
    side.append(box);
  }
  if (slide.qr) side.append(qrSvg(slide, messages), el("div", "qr-hint", messages["screen.scan"]));
  article.append(main, side);
  return { article, body };
}

export function renderBlock(fragment) {
  switch (fragment.type) {
    case "summary": return el("p", "block block-summary", wholeNumbers(fragment.text));
    case "heading": return el(fragment.level <= 2 ? "h2" : "h3", "block block-heading", wholeNumbers(fragment.text));
    case "paragraph": return el("p", fragment.quote ? "block block-p block-quote" : "block block-p", wholeNumbers(fragment.text));
    case "list": {
      const list = el(fragment.ordered ? "ol" : "ul", "block block-list");
      if (fragment.ordered) list.start = (fragment.start || 1) + (fragment.from || 0);
      for (const item of rowsOf(fragment)) list.append(el("li", "", wholeNumbers(item)));
      return list;
    }
    case "table": case "facts": return renderTable(fragment);
    case "image": {
      const figure = el("figure", "block block-image");
      if (fragment.height) figure.style.height = `${fragment.height}px`; // what was left of its page
      const img = el("img");
      img.src = fragment.src;
      img.alt = fragment.alt || "";
      figure.append(img);
      return figure;
    }
    default: return el("div", "block");
  }
}

function renderTable(fragment) {
  const wrap = el("div", `block block-table${fragment.type === "facts" ? " block-facts" : ""}`);
  const table = el("table", fragment.natural ? "natural" : fragment.narrowest ? "narrowest" : "");
  if (fragment.widths && !fragment.natural && !fragment.narrowest) {
    table.className = "fixed";
    const cols = el("colgroup");
    for (const width of fragment.widths) {
      const col = el("col");
      col.style.width = `${width}%`;
      cols.append(col);
    }
    table.append(cols);
  }
  const align = fragment.align || [];
  const cell = (tag, text, i) => el(tag, align[i] ? `align-${align[i]}` : "", wholeNumbers(text));
  if (fragment.type === "table" && fragment.head && fragment.head.length) {
    const row = el("tr");
    fragment.head.forEach((text, i) => { const th = cell("th", text, i); th.scope = "col"; row.append(th); });
    const thead = el("thead");
    thead.append(row);
    table.append(thead);
  }
  const tbody = el("tbody");
  for (const cells of rowsOf(fragment)) {
    const row = el("tr");
    if (fragment.type === "facts") {
      const th = el("th", "", cells[0]);
      th.scope = "row";
      row.append(th, el("td", "", wholeNumbers(cells[1])));
    } else {
      cells.forEach((text, i) => row.append(cell("td", text, i)));
    }
    tbody.append(row);
  }
  table.append(tbody);
  wrap.append(table);
  return wrap;
}

// Pages of a slide for this screen: measured in `measure` (a hidden stage of the same size).
export function layoutSlide(slide, measure, messages) {
  const started = performance.now();
  const { article, body } = renderFrame(slide, messages, 0, 2);
  measure.replaceChildren(article);
  const capacity = Math.floor(body.clientHeight) - SAFETY_PX;
  const imageHeight = Math.max(0, Math.floor(Math.min(capacity * 0.95, body.clientWidth * 0.75)));
  body.style.setProperty("--image-h", `${imageHeight}px`);
  const blocks = bodyBlocks(slide);
  const measurer = domMeasurer(body, renderBlock);
  let pages = [];
  let slack = 0;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    pages = paginate(blocks, capacity - slack, measurer);
    const over = worstOverflow(pages, body);
    if (over <= 0) break;
    slack += over + 4; // rounding between measured parts and the whole: take a little more room
  }
  measure.replaceChildren();
  return { pages, imageHeight, ms: performance.now() - started };
}

function worstOverflow(pages, body) {
  let worst = 0;
  for (const page of pages) {
    body.replaceChildren(...page.map(renderBlock));
    worst = Math.max(worst, body.scrollHeight - body.clientHeight);
  }
  return worst;
}

export function renderPage(slide, layout, index, messages) {
  const { article, body } = renderFrame(slide, messages, index, layout.pages.length);
  body.style.setProperty("--image-h", `${layout.imageHeight}px`);
  body.append(...(layout.pages[index] || []).map(renderBlock));
  return article;
}
