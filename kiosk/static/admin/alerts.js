// The alert form's preview: what the screens will show, as it is typed.
const form = document.querySelector("form[action$='/alerts']");
const preview = document.getElementById("alert-preview");

function update() {
  for (const input of form.querySelectorAll("[data-preview]")) {
    const target = preview.querySelector(`[data-shows="${input.dataset.preview}"]`);
    target.textContent = input.value || (input.dataset.preview === "title" ? target.dataset.empty : "");
  }
  preview.className = `alert-preview level-${form.elements.level.value}`;
}

if (form && preview) {
  const title = preview.querySelector('[data-shows="title"]');
  title.dataset.empty = title.textContent;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
}
