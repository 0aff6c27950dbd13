// The record editor, enhanced: rows are added, removed and moved in place (the server does the
// same without script), and the preview follows the body as it is typed, rendered by the server
// with the kiosk page's own Markdown code.
const form = document.getElementById('record-form');
const csrf = document.querySelector('meta[name="csrf-token"]').content;

function renumber(group) {
  const name = group.dataset.rowsGroup;
  const rows = [...group.querySelectorAll(':scope > .row-list > fieldset.row')];
  rows.forEach((row, n) => {
    row.querySelector('.row-number').textContent = String(n + 1);
    for (const el of row.querySelectorAll('[name], [id], [for]')) {
      for (const attr of ['name', 'id', 'for']) {
        const value = el.getAttribute(attr);
        if (value) el.setAttribute(attr, value.replace(new RegExp(`(^|-)${name}-(\\d+|__N__)-`), `$1${name}-${n}-`));
      }
    }
    for (const button of row.querySelectorAll('button[data-row]')) {
      button.value = `${name}:${button.dataset.row}:${n}`;
      if (button.dataset.row === 'up') button.disabled = n === 0;
      if (button.dataset.row === 'down') button.disabled = n === rows.length - 1;
    }
  });
}

function onRowButton(event) {
  const button = event.target.closest('button[data-row]');
  if (!button || button.dataset.row === 'preview') return;
  const group = button.closest('[data-rows-group]');
  if (!group) return;
  event.preventDefault();
  const list = group.querySelector('.row-list');
  const row = button.closest('fieldset.row');
  const action = button.dataset.row;
  if (action === 'add') {
    const template = group.querySelector('template[data-row-template]');
    const fresh = template.content.firstElementChild.cloneNode(true);
    list.append(fresh);
    renumber(group);
    fresh.querySelector('input, textarea')?.focus();
    return;
  }
  if (action === 'remove') row.remove();
  if (action === 'up' && row.previousElementSibling) list.insertBefore(row, row.previousElementSibling);
  if (action === 'down' && row.nextElementSibling) list.insertBefore(row.nextElementSibling, row);
  renumber(group);
  if (action !== 'remove') button.focus();
}

let timer = null;
let sequence = 0;
async function refreshPreview() {
  const body = form.querySelector('[data-preview-source]');
  const mine = ++sequence;
  const response = await fetch(form.dataset.preview, {
    method: 'POST', headers: {'X-CSRFToken': csrf}, body: new URLSearchParams({body: body.value}),
    credentials: 'same-origin'});
  if (response.ok && mine === sequence) {
    document.getElementById('preview-body').innerHTML = await response.text();  // sanitised by the server (nh3)
  }
}

function showTitle(value) {
  for (const el of document.querySelectorAll('[data-preview-title]')) el.textContent = value;
}

form.addEventListener('click', onRowButton);
form.addEventListener('input', (event) => {
  if (event.target.matches('[data-preview-source]')) {
    clearTimeout(timer);
    timer = setTimeout(refreshPreview, 300);
  }
  if (event.target.name === 'title') showTitle(event.target.value);
});

// What was typed before this script ran (a slow office PC) shows in the preview now, not at the next key.
const source = form.querySelector('[data-preview-source]');
if (source && source.value !== source.defaultValue) refreshPreview();
const titleInput = form.elements.namedItem('title');
if (titleInput && titleInput.value !== titleInput.defaultValue) showTitle(titleInput.value);
