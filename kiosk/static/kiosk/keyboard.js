// The on-screen keyboard for the search box: vendored simple-keyboard, large keys,
// pinyin letters and digits (pinyin, initials such as "syd", and numbers are what the search takes).
import Keyboard from "../vendor/simple-keyboard/index.modern.esm.js";

const LAYOUT = {
  default: ["1 2 3 4 5 6 7 8 9 0", "q w e r t y u i o p", "a s d f g h j k l", "z x c v b n m {bksp}", "{clear} {space} {enter}"],
};

let keyboard = null;

function addStylesheet(href) {
  if (document.querySelector(`link[href="${href}"]`)) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.append(link);
}

export function openKeyboard(toggle, input, changed) {
  const panel = document.getElementById("keyboard");
  if (!keyboard) {
    addStylesheet(document.body.dataset.keyboardCss);
    const labels = JSON.parse(document.getElementById("keyboard-labels")?.textContent || "{}");
    keyboard = new Keyboard(panel, {
      layout: LAYOUT,
      display: { "{bksp}": labels.bksp || "⌫", "{space}": labels.space || "␣", "{enter}": labels.enter || "⏎",
                 "{clear}": labels.clear || "×" },
      useButtonTag: true,
      onChange: (value) => { input.value = value; changed(); },
      onKeyPress: (button) => {
        if (button === "{enter}") input.form.requestSubmit();
        if (button === "{clear}") { keyboard.clearInput(); input.value = ""; changed(); }
      },
    });
    input.addEventListener("input", () => keyboard.setInput(input.value));
  }
  keyboard.setInput(input.value);
  panel.hidden = !panel.hidden;
  toggle.setAttribute("aria-expanded", String(!panel.hidden));
  if (!panel.hidden) input.focus({ preventScroll: true });
}
