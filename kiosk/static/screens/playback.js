// Rotation: each live slide, page by page, for its time; records leave by themselves when
// their window ends (in server time, even with the server away). Layouts are cached per
// slide and screen size, so a slide is measured once, not at every turn.
import * as clock from "./clock.js";
import { isMedia, renderMedia } from "./media.js";
import { el, layoutSlide, renderPage } from "./slides.js";

const VIDEO_GRACE_S = 10; // a video that neither ends nor fails in its length + this moves on

export function createPlayback(state, { stage, measure, messages, onShow }) {
  const layouts = new Map(); // slide id → {key, layout}
  let timer = null;
  let paused = false;

  // The display's playlist (pinned first, then newest; dayparts) decided by the server, of
  // which the slides still in their window, in server time.
  function liveSlides(now = clock.now()) {
    const bundle = state.bundle || {};
    const live = (bundle.slides || []).filter((s) => (!s.publish_at || Date.parse(s.publish_at) <= now)
      && (!s.expire_at || now < Date.parse(s.expire_at)));
    if (!Array.isArray(bundle.playlist)) return live;
    const byId = new Map(live.map((s) => [s.id, s]));
    return bundle.playlist.filter((p) => byId.has(p.id)).map((p) => byId.get(p.id));
  }

  function layoutOf(slide) {
    const key = `${window.innerWidth}x${window.innerHeight}:${JSON.stringify(slide)}`;
    const cached = layouts.get(slide.id);
    if (cached && cached.key === key) return cached.layout;
    const layout = isMedia(slide) ? { pages: [[]], ms: 0 } : layoutSlide(slide, measure, messages);
    layouts.set(slide.id, { key, layout });
    state.layoutTimes.push({ id: slide.id, pages: layout.pages.length, ms: layout.ms });
    if (state.layoutTimes.length > 200) state.layoutTimes.shift();
    return layout;
  }

  function secondsOf(slide) {
    const bundle = state.bundle || {};
    const planned = slide && (bundle.playlist || []).find((p) => p.id === slide.id);
    return planned ? planned.seconds : (bundle.settings && bundle.settings.seconds_per_slide) || 15;
  }

  function showPage(slide, page) {
    const layout = layoutOf(slide);
    const index = Math.min(page, layout.pages.length - 1);
    const first = index === 0 || !state.current || state.current.id !== slide.id;
    state.current = slide;
    state.page = index;
    state.pageCount = layout.pages.length;
    stage.replaceChildren(isMedia(slide) ? renderMedia(slide, videoEnded(slide)) : renderPage(slide, layout, index, messages));
    if (first) onShow(slide);
  }

  function renderEmpty() {
    state.current = null;
    state.page = 0;
    stage.replaceChildren(el("div", "empty", messages["screen.nothing"]));
    onShow(null);
  }

  function next() {
    clearTimeout(timer);
    const slides = liveSlides();
    const at = state.current ? slides.findIndex((s) => s.id === state.current.id) : -1;
    if (!slides.length) renderEmpty();
    else if (at >= 0 && state.page + 1 < layoutOf(slides[at]).pages.length) showPage(slides[at], state.page + 1);
    else showPage(slides[(at + 1) % slides.length], 0);
    if (paused) return;
    const video = isMedia(state.current) && state.current.media.type === "video";
    timer = setTimeout(next, (secondsOf(state.current) + (video ? VIDEO_GRACE_S : 0)) * 1000);
  }

  // A video moves on when it ends (its timer above is only a watchdog).
  function videoEnded(slide) {
    return () => {
      if (!paused && state.current && state.current.id === slide.id) next();
    };
  }

  return {
    liveSlides,
    next,
    // A new bundle: the slide on screen stays (redrawn if it changed) unless it is gone.
    applied() {
      const slides = liveSlides();
      const still = state.current && slides.find((s) => s.id === state.current.id);
      if (still && JSON.stringify(still) !== JSON.stringify(state.current)) showPage(still, state.page);
      if (!still) next();
    },
    expireCheck() {
      if (state.current && !liveSlides().some((s) => s.id === state.current.id)) next();
      else if (!state.current && liveSlides().length) next();
    },
    relayout() {
      layouts.clear();
      if (state.current) showPage(state.current, state.page);
    },
    // For operators' consoles and the end-to-end tests: hold one page of one slide.
    hold(id, page = 0) {
      paused = true;
      clearTimeout(timer);
      const slide = liveSlides().find((s) => s.id === id);
      if (!slide) return 0;
      showPage(slide, page);
      return state.pageCount;
    },
    pagesOf(id) {
      const slide = liveSlides().find((s) => s.id === id);
      return slide ? layoutOf(slide).pages.length : 0;
    },
    resume() {
      paused = false;
      next();
    },
  };
}
