// The alert form's preview: what the screens will show, as it is typed; and the scope picker's
// search as you type (the page works without this: its 查找 button reloads the form as it is).
const form = document.querySelector("form[action$='/alerts']");
const preview = document.getElementById("alert-preview");
const search = document.getElementById("f-screen_q");
const results = document.getElementById("screen-results");

function update() {
  for (const input of form.querySelectorAll("[data-preview]")) {
    const target = preview.querySelector(`[data-shows="${input.dataset.preview}"]`);
    target.textContent = input.value || (input.dataset.preview === "title" ? target.dataset.empty : "");
  }
  preview.className = `alert-preview level-${form.elements.level.value}`;
}

// Ticking a hall or a screen means that kind of scope.
function chooseScope(event) {
  const box = event.target;
  if (box.type === "checkbox" && (box.name === "halls" || box.name === "displays") && box.checked) {
    form.elements.scope.value = box.name;
  }
}

let asked = 0;

async function findScreens() {
  const params = new URLSearchParams({ screen_q: search.value });
  for (const box of results.querySelectorAll("input[name=displays]:checked")) params.append("displays", box.value);
  const mine = ++asked;
  const answer = await fetch(`${results.dataset.source}?${params}`, { credentials: "same-origin" });
  if (answer.ok && mine === asked) results.innerHTML = await answer.text();  // a later search wins
}

if (form && preview) {
  const title = preview.querySelector('[data-shows="title"]');
  title.dataset.empty = title.textContent;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("change", chooseScope);
  update(); // what was typed before this script ran (a slow PC) shows at once
}

if (form && search && results) {
  let timer;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(findScreens, 250);
  });
  form.addEventListener("submit", (event) => {
    if (event.submitter && event.submitter.name === "find") {
      event.preventDefault();
      findScreens();
    }
  });
}
