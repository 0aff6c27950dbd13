// A record page: read-aloud with play, pause and replay. The browser's Mandarin voice
// first; else the server's espeak-ng audio; with neither the controls stay hidden.
import "./page.js";

const panel = document.getElementById("speech");
const play = document.getElementById("speech-play");
const pause = document.getElementById("speech-pause");
const replay = document.getElementById("speech-replay");
const audio = document.getElementById("speech-audio");

function readableText() {
  return [...document.querySelectorAll("#record .readable")].map((el) => el.innerText.trim()).join("。\n");
}

function chineseVoice() {
  const voices = window.speechSynthesis?.getVoices() || [];
  const wanted = panel.dataset.lang.toLowerCase();
  return voices.find((v) => v.lang.toLowerCase().replace("_", "-") === wanted)
    || voices.find((v) => /^(zh|cmn)/i.test(v.lang)) || null;
}

function signal(playing) { dispatchEvent(new Event(playing ? "speech-playing" : "speech-stopped")); }

function setButtons(state) { // "idle" | "playing" | "paused"
  play.disabled = state === "playing";
  pause.disabled = state !== "playing";
  replay.disabled = state === "idle";
}

function browserReader(voice) {
  const synth = window.speechSynthesis;
  let started = false;
  const speak = () => {
    synth.cancel();
    const utterance = new SpeechSynthesisUtterance(readableText());
    utterance.voice = voice;
    utterance.lang = voice.lang;
    utterance.rate = 0.9;
    utterance.onend = () => { setButtons("idle"); started = false; signal(false); };
    synth.speak(utterance);
    started = true;
  };
  return {
    play() { if (started && synth.paused) synth.resume(); else speak(); setButtons("playing"); signal(true); },
    pause() { synth.pause(); setButtons("paused"); signal(false); },
    replay() { speak(); setButtons("playing"); signal(true); },
  };
}

function audioReader(url) {
  audio.addEventListener("ended", () => { setButtons("idle"); signal(false); });
  return {
    play() { if (!audio.src) audio.src = url; audio.play(); setButtons("playing"); signal(true); },
    pause() { audio.pause(); setButtons("paused"); signal(false); },
    replay() { if (!audio.src) audio.src = url; audio.currentTime = 0; audio.play(); setButtons("playing"); signal(true); },
  };
}

function start() {
  const voice = chineseVoice();
  const url = panel.dataset.audioUrl;
  const reader = voice ? browserReader(voice) : url ? audioReader(url) : null;
  if (!reader) return;
  panel.hidden = false;
  panel.dataset.engine = voice ? "browser" : "audio";
  play.addEventListener("click", () => reader.play());
  pause.addEventListener("click", () => reader.pause());
  replay.addEventListener("click", () => reader.replay());
}

if (panel) {
  // Voices arrive asynchronously in Chromium: wait briefly for them before choosing.
  if (window.speechSynthesis && !window.speechSynthesis.getVoices().length) {
    let done = false;
    const once = () => { if (!done) { done = true; start(); } };
    window.speechSynthesis.addEventListener?.("voiceschanged", once);
    setTimeout(once, 600);
  } else {
    start();
  }
}
