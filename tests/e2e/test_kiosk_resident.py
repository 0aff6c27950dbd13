"""A resident at a hall's kiosk, in real Chromium at 1080×1920: finds 生育登记 by typing `syd`
on the on-screen keyboard, reads it large, hears it, scans its QR code, and the kiosk forgets
them when they leave; offline, the kiosk still opens its hall's guides."""
import re
import subprocess
import time
import wave
from urllib.parse import urlsplit

import pytest
import requests

from content.qrcodes import record_link
from content.speech import available as speech_available, speech_text
from tests.e2e.axe import violations
from tests.e2e.waiting import wait_for_images, wait_until

pytestmark = pytest.mark.e2e
KIOSK = {"width": 1080, "height": 1920}
IDLE_SECONDS = 12  # short for the test, long enough that a slow step is not taken for a resident leaving


@pytest.fixture
def hall(server_factory, api_for):
    """The demo county on a real server, and a kiosk of 河西街道 with a short idle time."""
    server = server_factory(env={"KIOSK_DEMO": "1", "KIOSK_PUBLIC_BASE_URL": ""})
    api = api_for(server)
    kiosk = api.call("POST", "/api/v1/kiosks", json={"name": "测试查询机", "hall": "河西街道便民服务中心",
                                                     "org": "QX-HX", "idle_seconds": IDLE_SECONDS}, who="admin")
    return server, api, f"{server.url}/kiosk/{kiosk['key']}"


@pytest.fixture
def kiosk_page(browser):
    context = browser.new_context(viewport=KIOSK, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    hosts = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    yield page, hosts
    context.close()


def small_targets(page):
    """Visible links, buttons, inputs and labels smaller than 60×60 px (links in body text aside;
    a radio button's target is its whole label)."""
    return page.evaluate("""() => [...document.querySelectorAll('a, button, input, label, select')]
        .filter(el => !el.closest('.body') && el.offsetParent !== null && !el.closest('[hidden]'))
        .filter(el => !el.classList.contains('visually-hidden') && !(el.tagName === 'INPUT' && el.closest('label')))
        .map(el => [el.textContent.trim().slice(0, 20) || el.name || el.id, el.getBoundingClientRect()])
        .filter(([, r]) => r.width > 0 && (r.width < 60 || r.height < 60))
        .map(([name, r]) => `${name} ${Math.round(r.width)}×${Math.round(r.height)}`)""")


def test_a_resident_finds_reads_hears_and_takes_home_a_guide(hall, kiosk_page, tmp_path):
    server, api, base = hall
    page, hosts = kiosk_page
    page.goto(base)
    assert page.locator(".brand .hall").inner_text() == "河西街道便民服务中心"
    page.click("#keyboard-toggle")
    for key in "syd":
        page.click(f'.keyboard [data-skbtn="{key}"]')
    assert page.input_value("#q") == "syd"
    page.locator("#suggestions a", has_text="生育登记").wait_for()
    page.click('.keyboard [data-skbtn="{enter}"]')
    page.wait_for_url(re.compile(r"/search\?q=syd"))
    assert page.locator(".record mark").first.inner_text() == "生育登"
    page.click(".record >> text=生育登记")
    page.wait_for_url(re.compile(r"/items/\d+"))
    item_id = int(re.search(r"/items/(\d+)", page.url).group(1))
    assert page.locator("h1").inner_text() == "生育登记"
    assert page.locator(".materials li").count() >= 3, "what to bring is on the page"
    assert page.locator(".qr img").bounding_box()["y"] + 280 < KIOSK["height"], "the QR code is above the fold"

    # the QR code carries the record's address (here: the address the request came in on)
    shot = tmp_path / "qr.png"
    wait_for_images(page, ".qr img")  # lazy: screenshot it once it is drawn
    page.locator(".qr img").screenshot(path=str(shot))
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(shot)], capture_output=True, text=True)
    record = requests.get(f"{server.url}/api/v1/items/{item_id}", timeout=10).json()
    assert decoded.stdout.strip() == record_link(record, server.url), "its record_url, else our address"

    # large text: body 30 px, line height ≥ 1.5, every target ≥ 60×60
    normal = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.summary')).fontSize)")
    assert normal >= 18
    assert not small_targets(page)
    page.click("a.tool >> text=大字")
    page.wait_for_url(re.compile(r"size=large"))
    sizes = page.evaluate("""() => [...document.querySelectorAll('p, li, dd, td')].filter(e => e.offsetParent)
        .map(e => getComputedStyle(e)).map(s => [parseFloat(s.fontSize), parseFloat(s.lineHeight) / parseFloat(s.fontSize)])""")
    assert min(size for size, _ in sizes) >= 30 * 0.85, "small print (counts, captions) stays ≥ 25 px"
    assert page.evaluate("parseFloat(getComputedStyle(document.querySelector('.summary')).fontSize)") >= 30
    assert min(ratio for _, ratio in sizes) >= 1.5
    assert not small_targets(page)
    page.click("a.tool >> text=繁體")
    assert page.locator("h1").inner_text() == "生育登記"
    page.click(".back")
    assert "/search" in page.url and page.locator("html.size-large").count() == 1, "back to the search"
    page.go_back()

    # read-aloud: the browser has no Mandarin voice here, so the server's espeak-ng audio plays
    if speech_available():
        panel = page.locator("#speech")
        panel.wait_for(state="visible")
        assert panel.get_attribute("data-engine") == "audio"
        with page.expect_response(re.compile(r"speech\.wav")) as answer:
            page.click("#speech-play")
        assert answer.value.status in (200, 206)
        assert page.locator("#speech-pause").is_enabled()
        audio = requests.get(server.url + f"/items/{item_id}/speech.wav", timeout=60)
        (tmp_path / "speech.wav").write_bytes(audio.content)
        with wave.open(str(tmp_path / "speech.wav")) as sound:
            seconds = sound.getnframes() / sound.getframerate()
        characters = len(speech_text(record))
        assert 0.12 < seconds / characters < 0.6, (seconds, characters)
        page.click("#speech-pause")

    # the next person: after the idle time the kiosk is home, fresh, in 简体 and normal size
    page.wait_for_url(re.compile(r"attract=1"), timeout=(IDLE_SECONDS + 10) * 1000)
    assert page.locator("#attract").is_visible()
    page.mouse.click(500, 900)
    assert page.locator("#attract").is_hidden()
    assert page.locator("html.size-normal.contrast-normal[lang=zh-Hans]").count() == 1
    assert page.input_value("#q") == ""
    assert hosts == {urlsplit(server.url).netloc}, f"requests to other hosts: {hosts}"


def test_offline_the_kiosk_opens_a_guide_it_never_showed(hall, kiosk_page):
    server, api, base = hall
    page, hosts = kiosk_page
    manifest = requests.get(base + "/offline.json", timeout=10).json()
    guides = [p for p in manifest["pages"] if "/items/" in p]
    page.goto(base)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)
    wait_until(page, """async (urls) => {
        for (const url of urls) if (!(await caches.match(url))) return false;
        return true; }""", manifest["pages"], timeout_s=90, every_s=0.5, what="every page of the manifest kept")
    wait_until(page, """async (wanted) => {
        const names = await caches.keys();
        return names.length === 1 && (await (await caches.open(names[0])).keys()).length >= wanted; }""",
               len(manifest["pages"]) + len(manifest["assets"]), timeout_s=90, every_s=0.5, what="one whole cache")
    title = requests.get(server.url + guides[-1], timeout=10).text.split("<h1 class=\"readable\">")[1].split("<")[0]

    # a guide withdrawn while the kiosk is online leaves its cache at the next page it shows
    withdrawn = guides[0]
    api.call("POST", f"/api/v1/items/{withdrawn.rsplit('/', 1)[1]}/withdraw", who="reviewer")
    page.goto(base)
    wait_until(page, """async ([manifest, gone, kept]) => {
        const version = (await (await fetch(manifest, { cache: "no-store" })).json()).version;
        const names = await caches.keys();
        return names.length === 1 && names[0].endsWith(String(version).padStart(12, "0"))
            && !(await caches.match(gone, { ignoreVary: true })) && !!(await caches.match(kept)); }""",
               [base + "/offline.json", withdrawn, guides[-1]], timeout_s=90, every_s=0.5,
               what="one cache, of the new version, without the withdrawn guide")

    server.stop()
    page.goto(server.url + guides[-1])
    assert page.locator("h1").inner_text() == title
    page.goto(server.url + withdrawn)
    holding = page.evaluate("""async (gone) => {
        const found = [];
        for (const name of await caches.keys())
          if (await (await caches.open(name)).match(gone, { ignoreVary: true })) found.push(name);
        return { found, names: await caches.keys() }; }""", withdrawn)
    assert "暂时没有网络" in page.locator("h1").inner_text(), f"a withdrawn guide is not shown from the cache: {holding}"
    page.locator("#net-badge").wait_for(state="visible", timeout=10000)
    page.goto(base + "/search?q=dibao")
    assert "暂时没有网络" in page.locator("h1").inner_text()
    assert page.locator(".tile").count() >= 1, "offline search offers the topic tiles"
    assert hosts == {urlsplit(server.url).netloc}


KEEPS_ALL = """async (urls) => {
    const names = await caches.keys();
    if (names.length !== 1) return false;
    const cache = await caches.open(names[0]);
    for (const url of urls) if (!(await cache.match(url, { ignoreVary: true }))) return false;
    return true; }"""


def test_a_cache_left_half_filled_by_a_stopped_worker_is_filled_again(hall, kiosk_page):
    """Browsers stop service workers when they like, a refresh under way included; the next
    worker must not take the half-filled cache for a whole one (offline, its missing guides
    would show the offline page until the next publish)."""
    server, api, base = hall
    page, hosts = kiosk_page
    pages = requests.get(base + "/offline.json", timeout=10).json()["pages"]
    page.goto(base)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=20000)
    wait_until(page, KEEPS_ALL, pages, timeout_s=90, every_s=0.5, what="one whole cache")

    # as if the worker had been stopped after keeping home: the version's cache holds home only
    page.evaluate("""async () => { const [name] = await caches.keys(); const cache = await caches.open(name);
        for (const request of await cache.keys())
          if (new URL(request.url).pathname !== location.pathname) await cache.delete(request); }""")
    cdp = page.context.new_cdp_session(page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    page.goto(base)
    wait_until(page, KEEPS_ALL, pages, timeout_s=90, every_s=0.5, what="the half-filled cache filled again")


def test_no_serious_accessibility_violations_in_either_text_size(hall, kiosk_page):
    server, api, base = hall
    page, _ = kiosk_page
    guide = requests.get(base + "/suggest?q=syd", timeout=10).json()["items"][0]["url"]
    listing = requests.get(base + "/list?kind=disclosure", timeout=10).text
    disclosure = re.findall(r'href="(/kiosk/[^"]+/items/\d+)', listing)[0]
    pages = {"home": base, "list": base + "/list?kind=guide", "search": base + "/search?q=shengyu",
             "guide": server.url + guide, "disclosure": server.url + disclosure}
    found = {}
    for size in ("normal", "large"):
        for name, url in pages.items():
            page.goto(url + ("&" if "?" in url else "?") + f"size={size}")
            problems = violations(page)
            if problems:
                found[f"{name} {size}"] = problems
    page.goto(base + "?contrast=high")
    if violations(page):
        found["home high contrast"] = violations(page)
    assert not found, found
