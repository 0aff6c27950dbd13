// Home: the attract loop after an idle reset; the next touch starts fresh.
import "./page.js";

const attract = document.getElementById("attract");
const ROTATE_MS = 6000;

if (attract && !attract.hidden) {
  const items = [...attract.querySelectorAll(".attract-item")];
  let index = 0;
  const show = () => {
    items.forEach((item, i) => item.classList.toggle("current", i === index));
    index = (index + 1) % items.length;
  };
  show();
  const timer = setInterval(show, ROTATE_MS);
  const dismiss = (event) => {
    event.preventDefault();
    clearInterval(timer);
    attract.hidden = true;
    history.replaceState(null, "", location.pathname);
  };
  attract.addEventListener("pointerdown", dismiss, { once: true });
  addEventListener("keydown", dismiss, { once: true });
}
