// Posters and videos: shown full screen over the frame, a poster for its time, a video
// (muted, as a hall expects) to its end. Files come through the service worker, which
// answers from Cache Storage when the server is away (see storage.js, sw.js).
import { el } from "./slides.js";

export function isMedia(slide) {
  return Boolean(slide && slide.kind === "media" && slide.media && slide.media.src);
}

// The element for a media slide; `ended` is called once when a video finishes or fails.
export function renderMedia(slide, ended) {
  const box = el("article", "slide slide-media");
  box.dataset.id = slide.id;
  const { media } = slide;
  let node;
  if (media.type === "video") {
    node = el("video", "media-video");
    Object.assign(node, { muted: true, autoplay: true, playsInline: true, preload: "auto", loop: false });
    node.setAttribute("muted", "");
    let done = false;
    const finish = () => { if (!done) { done = true; ended(); } };
    node.addEventListener("ended", finish);
    node.addEventListener("error", () => setTimeout(finish, 2000)); // never stall the rotation
    node.src = media.src;
    node.play().catch(() => {}); // autoplay of a muted video is allowed; a refusal ends via the watchdog
  } else {
    node = el("img", "media-image");
    node.src = media.src;
    node.decoding = "async";
  }
  node.setAttribute("aria-label", slide.title);
  if (node.tagName === "IMG") node.alt = slide.title;
  box.append(node);
  return box;
}
