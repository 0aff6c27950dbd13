"""A poster and a video on a real screen in Chromium: they play full screen, and keep
playing from the service worker's media cache after the server stops."""
import base64
import time

import pytest

from content.mediafiles import inspect_media
from tests.e2e.axe import violations
from tests.e2e.waiting import SW_ACTIVE, wait_until
from tests.media_samples import image_bytes

pytestmark = pytest.mark.e2e

# A real, playable WebM made by Chromium itself (MediaRecorder over a canvas): no ffmpeg
# on the machine or in CI, and a fixture file would be a binary in the repository.
RECORD_WEBM = """async () => {
  const canvas = Object.assign(document.createElement("canvas"), { width: 320, height: 180 });
  const g = canvas.getContext("2d");
  const stream = canvas.captureStream(25);
  const type = ["video/webm;codecs=vp9", "video/webm;codecs=vp8"].find((t) => MediaRecorder.isTypeSupported(t));
  const recorder = new MediaRecorder(stream, { mimeType: type });
  const parts = [];
  recorder.ondataavailable = (e) => parts.push(e.data);
  const stopped = new Promise((resolve) => { recorder.onstop = resolve; });
  recorder.start(200);
  for (let i = 0; i < 50; i += 1) {
    g.fillStyle = `hsl(${i * 7}, 80%, 50%)`; g.fillRect(0, 0, 320, 180);
    g.fillStyle = "#fff"; g.font = "40px sans-serif"; g.fillText(String(i), 20, 100);
    await new Promise((r) => setTimeout(r, 40));
  }
  recorder.stop();
  await stopped;
  const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}"""

MEDIA_STATE = """() => {
  const img = document.querySelector("#stage .slide-media img");
  const video = document.querySelector("#stage .slide-media video");
  return { id: window.screenPlayer.current && window.screenPlayer.current.id,
           image: img ? img.complete && img.naturalWidth : null,
           video: video ? { time: video.currentTime, ready: video.readyState, error: Boolean(video.error),
                            muted: video.muted } : null };
}"""


def upload_and_publish(api, data, filename, **fields):
    created = api.http.post(api.url + "/api/v1/media", headers=api.editor, timeout=30,
                            files={"file": (filename, data)}, data={"title": filename, **fields})
    assert created.status_code == 201, created.text
    item = created.json()["id"]
    submitted = api.call("POST", f"/api/v1/items/{item}/submit")
    return api.call("POST", f"/api/v1/items/{item}/approve", who="reviewer",
                    headers_extra={"If-Match": f'"{submitted["rev"]}"'})


def watch_both_play(page, poster, video, seconds=25):
    """Sample the stage until the poster has shown decoded and the video has advanced."""
    seen = {"poster": False, "video": False}
    deadline = time.monotonic() + seconds
    while not all(seen.values()) and time.monotonic() < deadline:
        state = page.evaluate(MEDIA_STATE)
        if state["id"] == poster["id"] and state["image"]:
            seen["poster"] = True
        if state["id"] == video["id"] and state["video"] and state["video"]["time"] > 0.3 \
                and not state["video"]["error"] and state["video"]["muted"]:
            seen["video"] = True
        page.wait_for_timeout(200)
    return seen


def test_a_poster_and_a_video_play_and_keep_playing_with_the_server_stopped(server_factory, page, api_for):
    server = server_factory()
    api = api_for(server)
    page.goto("about:blank")
    webm = base64.b64decode(page.evaluate(RECORD_WEBM))
    assert inspect_media(webm, "clip.webm").type == "video"
    poster = upload_and_publish(api, image_bytes("PNG", (1920, 1080), (20, 90, 160)), "poster.png", seconds="5")
    video = upload_and_publish(api, webm, "clip.webm")

    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏", "seconds_per_slide": 5}, who="admin")
    page.goto(f"{server.url}/screen/{display['key']}")
    page.wait_for_function("() => window.screenPlayer && window.screenPlayer.online && window.screenPlayer.bundle")
    wait_until(page, SW_ACTIVE, timeout_s=10, what="the service worker active")
    page.reload()  # now under the service worker's control
    page.wait_for_function("() => window.screenPlayer && window.screenPlayer.online && window.screenPlayer.bundle")
    both = sorted(f"/media/{r['media']['name']}" for r in (poster, video))
    held, failures = cached_media(page, both)
    assert held == both, failures
    assert watch_both_play(page, poster, video) == {"poster": True, "video": True}

    server.stop()
    page.wait_for_function("() => !window.screenPlayer.online", timeout=5000)
    # Only the service worker's Cache Storage may answer now, not the browser's HTTP cache.
    page.context.new_cdp_session(page).send("Network.clearBrowserCache")
    assert watch_both_play(page, poster, video, seconds=30) == {"poster": True, "video": True}, \
        "posters and videos must keep playing from the media cache while the server is away"


FRAME = """() => {
  const node = document.querySelector("#stage .slide-media img, #stage .slide-media video");
  const r = node.getBoundingClientRect();
  return { left: r.left, top: r.top, width: r.width, height: r.height, label: node.getAttribute("aria-label") };
}"""


@pytest.mark.parametrize("size", ["landscape", "portrait"])
def test_a_poster_and_a_video_fill_either_orientation_and_pass_axe(server_factory, browser, api_for, size):
    from tests.e2e.test_screen_layout import OVERFLOW, SHOTS, SIZES, open_player
    server = server_factory()
    api = api_for(server)
    recorder = browser.new_page()
    webm = base64.b64decode(recorder.evaluate(RECORD_WEBM))
    recorder.close()
    poster = upload_and_publish(api, image_bytes("PNG", (1920, 1080), (20, 90, 160)), "poster.png", title="冬季防火宣传海报")
    video = upload_and_publish(api, webm, "clip.webm", title="医保政策解读")
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏"}, who="admin")
    ctx, page, errors = open_player(browser, f"{server.url}/screen/{display['key']}", size)
    try:
        width, height = SIZES[size]
        for record in (poster, video):
            assert page.evaluate(f"() => window.screenPlayer.hold({record['id']}, 0)") == 1
            page.wait_for_timeout(300)
            frame = page.evaluate(FRAME)
            # The whole screen is the poster's frame (object-fit keeps its proportions inside it).
            assert (frame["left"], frame["top"], frame["width"], frame["height"]) == (0, 0, width, height), frame
            assert frame["label"] == record["title"], "the poster or video is named for a screen reader"
            assert page.evaluate(OVERFLOW) == []
            assert violations(page) == [], (size, record["title"])
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"media-{record['media']['type']}-{size}.png"))
        if size == "portrait":  # once is enough: a withdrawn poster leaves the screen's media cache
            both = sorted(f"/media/{r['media']['name']}" for r in (poster, video))
            held, failures = cached_media(page, both)
            assert held == both, failures
            api.call("POST", f"/api/v1/items/{poster['id']}/withdraw", who="reviewer",
                     headers_extra={"If-Match": f'"{poster["rev"]}"'})
            page.wait_for_function(f"() => !window.screenPlayer.bundle.slides.some(s => s.id === {poster['id']})",
                                   timeout=5000)
            video_only = [f"/media/{video['media']['name']}"]
            held, failures = cached_media(page, video_only)
            assert held == video_only, failures
        assert not errors
    finally:
        ctx.close()


def cached_media(page, expected, timeout_s=20):
    """What the screen's media cache holds once it settles on `expected` (or the last look
    after `timeout_s`, with the downloads that failed on the way, which are retried)."""
    look = """async () => { await window.screenPlayer.mediaSynced;
        const cache = await caches.open("screen-media-v1");
        return (await cache.keys()).map((r) => new URL(r.url).pathname).sort(); }"""
    deadline = time.monotonic() + timeout_s
    held = page.evaluate(look)
    while held != expected and time.monotonic() < deadline:
        page.wait_for_timeout(250)
        held = page.evaluate(look)
    return held, page.evaluate("() => window.screenPlayer.mediaFailures")


FAIL_FIRST_VIDEO_DOWNLOAD = """() => {
  const real = window.fetch.bind(window);
  let failed = false;
  window.fetch = (input, init) => {
    const path = new URL(String(input.url || input), location.href).pathname;
    if (!failed && path.startsWith("/media/") && path.endsWith(".webm")) {
      failed = true;
      return Promise.reject(new TypeError("network dropped (test)"));
    }
    return real(input, init);
  };
}"""


def test_a_video_whose_download_failed_is_fetched_again_without_a_new_bundle(server_factory, browser, api_for):
    """The network drops once while the screen keeps a video for offline: the poster after it is
    still kept, and the video is downloaded on the retry a few seconds later, not at the next publish."""
    from tests.e2e.test_screen_layout import SIZES
    server = server_factory()
    api = api_for(server)
    recorder = browser.new_page()
    webm = base64.b64decode(recorder.evaluate(RECORD_WEBM))
    recorder.close()
    video = upload_and_publish(api, webm, "clip.webm", title="医保政策解读")
    poster = upload_and_publish(api, image_bytes("PNG", (1920, 1080), (20, 90, 160)), "poster.png", title="海报")
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏"}, who="admin")
    width, height = SIZES["landscape"]
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    try:
        page = ctx.new_page()
        page.add_init_script(f"({FAIL_FIRST_VIDEO_DOWNLOAD})()")
        page.goto(f"{server.url}/screen/{display['key']}")
        page.wait_for_function("() => window.screenPlayer && window.screenPlayer.etag")
        both = sorted(f"/media/{r['media']['name']}" for r in (poster, video))
        held, failures = cached_media(page, both, timeout_s=30)
        assert held == both, failures
        assert [f["path"] for f in failures] == [f"/media/{video['media']['name']}"]
    finally:
        ctx.close()


def test_the_media_kept_for_offline_fit_the_budget_in_playlist_order(browser):
    """storage.js's choice alone, in a blank page: no server, no Cache Storage."""
    from tests.e2e.test_screen_layout import module_page
    with module_page(browser, "storage.js") as page:
        kept = page.evaluate("""async () => {
          const { mediaWanted } = await import('http://player.test/storage.js');
          const media = (id, bytes, src) => ({ id, kind: 'media', media: { src: src || `/media/${id}.png`, bytes } });
          const bundle = { settings: { media_cache_bytes: 100 }, playlist: [{ id: 3 }, { id: 1 }, { id: 2 }],
                           slides: [media(1, 60), media(2, 50), media(3, 40), media(4, 1, '/media/3.png'),
                                    { id: 5, kind: 'notice' }] };
          return mediaWanted(bundle);
        }""")
    # 3 first (40 bytes), then 1 (60: 100 in all); 2 would pass the budget; 4 is 3's file again.
    assert kept == ["/media/3.png", "/media/1.png"]
