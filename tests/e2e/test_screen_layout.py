"""What a wall screen shows reaches it whole: every page of every slide fits, in landscape
(1920×1080) and portrait (1080×1920), for the demo records and for hard bodies; the hall's
time is the server's; the player passes axe-core.

Screenshots of each page of the long slides go to test-results/screens/ (git-ignored).
"""
import contextlib
import datetime as dt
import re
from pathlib import Path

import pytest

from content.dates import DEFAULT_TZ
from tests.e2e.axe import violations

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-results" / "screens"
SIZES = {"landscape": (1920, 1080), "portrait": (1080, 1920)}

# Every element of the stage within its own box, every piece of text inside the viewport and
# inside the page body that clips it: what an overflow check of "nothing is cut off" means.
OVERFLOW = """() => {
  const stage = document.getElementById('stage');
  const problems = [];
  const name = (n) => n.tagName.toLowerCase() + (n.className && typeof n.className === 'string' ? '.' + n.className.split(' ').join('.') : '');
  for (const node of stage.querySelectorAll('*')) {
    if (!(node instanceof HTMLElement) || getComputedStyle(node).display === 'inline') continue;
    if (node.scrollHeight > node.clientHeight + 1) problems.push(`${name(node)} scrollHeight ${node.scrollHeight} > ${node.clientHeight}`);
    if (node.scrollWidth > node.clientWidth + 1) problems.push(`${name(node)} scrollWidth ${node.scrollWidth} > ${node.clientWidth}`);
  }
  const view = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
  const walker = document.createTreeWalker(stage, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const text = walker.currentNode;
    if (!text.textContent.trim()) continue;
    const clip = text.parentElement.closest('.slide-body') || stage;
    const box = clip.getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(text);
    for (const r of range.getClientRects()) {
      if (r.width === 0 || r.height === 0) continue;
      for (const [what, b] of [['viewport', view], ['its box', box]]) {
        if (r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1) {
          problems.push(`text "${text.textContent.slice(0, 20)}" outside ${what}`);
        }
      }
    }
  }
  return problems;
}"""


# The smallest font size of any text in a page's body (None for a body without text): both
# test screens are 1080 px on their short side, where body text must stay at 32 px or more.
SMALLEST_BODY_TEXT = """() => {
  const sizes = [];
  const walker = document.createTreeWalker(document.querySelector('#stage .slide-body') || document.createElement('i'),
                                           NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    if (walker.currentNode.textContent.trim()) sizes.push(parseFloat(getComputedStyle(walker.currentNode.parentElement).fontSize));
  }
  return sizes.length ? Math.min(...sizes) : null;
}"""

# Phone numbers and dates (digits joined by hyphens) drawn over more than one line.
BROKEN_NUMBERS = """() => {
  const broken = [];
  const walker = document.createTreeWalker(document.getElementById('stage'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const match of node.textContent.matchAll(/\\d+(?:-\\u2060?\\d+)+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

SIDE = """() => {
  const main = document.querySelector('#stage .slide-main').getBoundingClientRect();
  const side = document.querySelector('#stage .slide-side').getBoundingClientRect();
  return side.left >= main.right ? 'beside' : side.top >= main.bottom ? 'below' : 'overlapping';
}"""


def open_player(browser, url, size, **context):
    width, height = SIZES[size]
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                              timezone_id=context.pop("timezone_id", "Asia/Shanghai"), **context)
    page = ctx.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    page.wait_for_function("() => window.screenPlayer && window.screenPlayer.etag")
    return ctx, page, errors


def walk_pages(page, slide_id, shots=None):
    """Show every page of a slide; check each for overflow; the body text of each page."""
    count = page.evaluate(f"() => window.screenPlayer.hold({slide_id}, 0)")
    assert count >= 1
    texts = []
    for index in range(count):
        page.evaluate(f"() => window.screenPlayer.hold({slide_id}, {index})")
        problems = page.evaluate(OVERFLOW)
        assert not problems, (slide_id, index + 1, count, problems[:5])
        assert page.evaluate(BROKEN_NUMBERS) == [], "a phone number or date split over two lines"
        smallest = page.evaluate(SMALLEST_BODY_TEXT)
        assert smallest is None or smallest >= 32, f"body text of {smallest} px cannot be read from 3 m"
        if count > 1:
            assert page.text_content(".slide-pager") == f"第 {index + 1}/{count} 页"
        texts.append(page.text_content("#stage .slide-body"))
        if shots:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{shots}-page{index + 1}.png"))
    return texts


def live_slides(page):
    return page.evaluate("() => window.screenPlayer.liveSlides().map(s => ({id: s.id, kind: s.kind, title: s.title,"
                         " countdown: s.countdown, blocks: s.blocks}))")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from tests.server import ServerProcess
    server = ServerProcess(tmp_path_factory.mktemp("demo") / "data", env={"KIOSK_DEMO": "1"}).start()
    yield server
    server.stop()


@pytest.mark.parametrize("key", ["demo-dongtang-hall", "demo-hexi-portrait", "demo-liushan-hall"])
@pytest.mark.parametrize("size", ["landscape", "portrait"])
def test_every_page_of_every_demo_slide_fits(browser, demo, key, size):
    ctx, page, errors = open_player(browser, f"{demo.url}/screen/{key}", size)
    try:
        slides = live_slides(page)
        assert slides
        page.evaluate(f"() => window.screenPlayer.hold({slides[0]['id']}, 0)")
        assert page.evaluate(SIDE) == ("beside" if size == "landscape" else "below"), \
            "the QR code goes where the screen's own shape has room, whatever the display's setting"
        for slide in slides:
            texts = walk_pages(page, slide["id"], shots=f"{key}-{size}-{slide['id']}" if "低保" in slide["title"] else None)
            whole = "\n".join(texts)
            if slide["kind"] == "guide" and any(b["type"] == "table" for b in slide["blocks"]):
                assert "申请材料" in whole and "原件" in whole, "a guide shows what to bring"
            if slide["kind"] == "notice" or not slide["countdown"]:
                assert page.locator("#stage .countdown").count() == 0, "no countdown without a 公示期"
            if "低保新增对象公示" in slide["title"]:
                table = next(b for b in slide["blocks"] if b["type"] == "table")
                for row in table["rows"]:
                    assert row[1] in whole, f"household {row[1]} missing from every page"
                assert page.locator("#stage .countdown").count() == 1
        times = page.evaluate("() => window.screenPlayer.layoutTimes.map(t => t.ms / t.pages)")
        print(f"\n{key} {size}: layout per page, ms: median {sorted(times)[len(times) // 2]:.1f}, max {max(times):.1f}")
        assert not errors
    finally:
        ctx.close()


def _long_table(rows):
    lines = ["| 序号 | 村（社区） | 户主 | 家庭人口 | 月保障金额（元） |", "|---:|---|---|---:|---:|"]
    lines += [f"| {i} | 第{i % 17 + 1}村民小组 | 户主{i:03d} | {i % 5 + 1} | {600 + i} |" for i in range(1, rows + 1)]
    return "\n".join(lines)


HARD = {
    "long-table": "2026年低保对象名单（300户）如下：\n\n" + _long_table(300),
    "long-text": "关于做好冬季防火工作的通告。" + "请各村（社区）、各单位切实做好冬季防火工作，落实防火责任，"
                 "加强巡查，及时消除火灾隐患，确保人民群众生命财产安全。" * 90,
    "unbroken": "下载地址：" + "x" * 200 + "\n\n联系电话：0795-6221000",
    "image-only": "![东塘镇便民服务中心平面图](/static/favicon.svg)",
}


@pytest.fixture(scope="module")
def hard(tmp_path_factory):
    from tests.e2e.conftest import Api
    from tests.server import ServerProcess
    server = ServerProcess(tmp_path_factory.mktemp("hard") / "data").start()
    api = Api(server)
    ids = {name: api.publish(kind="notice", title=f"测试{name}", summary="", body=body)["id"]
           for name, body in HARD.items()}
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏", "hall": "便民服务中心"}, who="admin")
    yield server, display["key"], ids
    server.stop()


@pytest.mark.parametrize("size", ["landscape", "portrait"])
def test_hard_bodies_are_paged_without_overflow(browser, hard, size):
    server, key, ids = hard
    ctx, page, errors = open_player(browser, f"{server.url}/screen/{key}", size)
    try:
        for name, slide_id in ids.items():
            texts = walk_pages(page, slide_id, shots=f"hard-{name}-{size}")
            whole = "".join(texts)
            if name == "long-table":
                assert len(texts) > 5
                names = set(re.findall(r"户主\d{3}", whole))
                assert names == {f"户主{i:03d}" for i in range(1, 301)}, "every row of the table appears"
                for text in texts:
                    assert "月保障金额（元）" in text, "the header is repeated on every page"
            if name == "long-text":
                assert len(texts) > 2
                assert re.sub(r"\s", "", whole).count("确保人民群众生命财产安全") == 90, "no text lost between pages"
            if name == "unbroken":
                assert "x" * 20 in whole
            if name == "image-only":
                assert len(texts) == 1, "the image finishes the page its facts start, not one of its own"
                assert page.locator("#stage img").count() == 1
        assert not errors
    finally:
        ctx.close()


# Where the slide's QR code sits, in the page's own (untransformed) layout.
SIDE_IN_LAYOUT = """() => {
  const box = (el) => { let x = 0, y = 0; for (let n = el; n; n = n.offsetParent) { x += n.offsetLeft; y += n.offsetTop; }
                        return { left: x, top: y, right: x + el.offsetWidth, bottom: y + el.offsetHeight }; };
  const main = box(document.querySelector('#stage .slide-main')), side = box(document.querySelector('#stage .slide-side'));
  return side.left >= main.right ? 'beside' : side.top >= main.bottom ? 'below' : 'overlapping';
}"""


@pytest.mark.parametrize("rotation, header_edge", [(90, "right"), (270, "left")])
def test_a_tv_on_its_side_that_sends_landscape_shows_whole_portrait_pages_turned(browser, hard, rotation, header_edge):
    """画面旋转: the picture is laid out as a portrait page and turned a quarter to fill the TV."""
    from tests.e2e.conftest import Api
    server, _key, ids = hard
    display = Api(server).call("POST", "/api/v1/displays", who="admin",
                               json={"name": f"竖挂电视{rotation}", "orientation": "portrait", "rotation": rotation})
    ctx, page, errors = open_player(browser, f"{server.url}/screen/{display['key']}", "landscape")
    try:
        assert page.evaluate("() => document.documentElement.classList.contains('tall')")
        body = page.evaluate("() => { const r = document.body.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }")
        assert [round(v) for v in body] == [0, 0, 1920, 1080], "the turned picture fills the screen"
        header = page.evaluate("() => { const r = document.querySelector('.top').getBoundingClientRect(); return [r.left, r.right, r.height]; }")
        assert round(header[2]) == 1080, "the page's top runs along the TV's short side"
        assert (round(header[1]) == 1920) if header_edge == "right" else (round(header[0]) == 0)
        for name in ("long-table", "long-text"):
            texts = walk_pages(page, ids[name], shots=f"turned{rotation}-{name}" if rotation == 90 else None)
            assert page.evaluate(SIDE_IN_LAYOUT) == "below", "laid out as a portrait page"
            if name == "long-table":
                assert set(re.findall(r"户主\d{3}", "".join(texts))) == {f"户主{i:03d}" for i in range(1, 301)}
        assert not errors
    finally:
        ctx.close()


def test_a_screen_with_a_wrong_clock_shows_the_servers_time_in_the_halls_zone(browser, demo):
    # The TV runs 8 h 3 min behind and believes it is in New York.
    shift = -(8 * 3600 + 3 * 60) * 1000
    width, height = SIZES["landscape"]
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                              timezone_id="America/New_York")
    ctx.add_init_script(f"""(() => {{
      const Real = Date, shift = {shift};
      class Skewed extends Real {{
        constructor(...args) {{ if (args.length) super(...args); else super(Real.now() + shift); }}
        static now() {{ return Real.now() + shift; }}
      }}
      window.Date = Skewed;
    }})();""")
    try:
        page = ctx.new_page()
        page.goto(f"{demo.url}/screen/demo-dongtang-hall")
        page.wait_for_function("() => window.screenPlayer && window.screenPlayer.etag")
        assert abs(page.evaluate("() => window.screenPlayer.clockOffset()") + shift) < 5000
        before = dt.datetime.now(DEFAULT_TZ)
        shown = page.text_content("#time")
        hall_now = dt.datetime.now(DEFAULT_TZ)
        # the screen's estimate of the server's clock may be off by a request's round trip
        expected = {(t + dt.timedelta(seconds=s)).strftime("%H:%M") for t in (before, hall_now) for s in (-3, 0, 3)}
        assert shown in expected, (shown, expected)
        assert f"{hall_now.month}月{hall_now.day}日" in page.text_content("#date")
    finally:
        ctx.close()


def test_the_nightly_reload_follows_the_halls_clock_once_a_night(browser):
    """clock.js alone: the reload hour is the hall's (here 03:00 in Shanghai), whatever zone the TV is in."""
    with module_page(browser, "clock.js") as page:
        due = page.evaluate("""async () => {
          const clock = await import('http://player.test/clock.js');
          clock.setZone('Asia/Shanghai');
          const at = (iso) => clock.hallParts(Date.parse(iso));
          const hour = 3, up = 2 * 3600000;
          return {
            inTheHour: clock.reloadDue(at('2026-12-06T03:10:00+08:00'), hour, '2026-12-05', up),
            doneTonight: clock.reloadDue(at('2026-12-06T03:40:00+08:00'), hour, '2026-12-06', up),
            before: clock.reloadDue(at('2026-12-06T02:59:00+08:00'), hour, '2026-12-05', up),
            after: clock.reloadDue(at('2026-12-06T04:00:00+08:00'), hour, '2026-12-05', up),
            utcThree: clock.reloadDue(at('2026-12-06T03:10:00Z'), hour, '2026-12-05', up),
            justLoaded: clock.reloadDue(at('2026-12-06T03:10:00+08:00'), hour, '2026-12-05', 20 * 60000),
          };
        }""")
    assert due == {"inTheHour": True, "doneTonight": False, "before": False, "after": False,
                   "utcThree": False, "justLoaded": False}


# How fast the ticker's text moves, in characters (1 em each) per second.
TICKER_SPEED = """() => {
  const track = document.getElementById('ticker-track');
  const [animation] = track.getAnimations();
  if (!animation) return null;
  const [from, to] = animation.effect.getKeyframes().map((k) => new DOMMatrix(k.transform).m41);
  const seconds = animation.effect.getTiming().duration / 1000;
  return (from - to) / seconds / parseFloat(getComputedStyle(track).fontSize);
}"""


def test_the_ticker_carries_other_notices_at_a_reading_pace(browser, demo):
    ctx, page, errors = open_player(browser, f"{demo.url}/screen/demo-dongtang-hall", "landscape")
    try:
        slides = {s["id"]: s for s in live_slides(page)}
        ticker = page.evaluate("() => window.screenPlayer.bundle.ticker")
        assert ticker and all(slides[item["id"]]["kind"] == "notice" for item in ticker if item["id"] in slides), \
            "notices only, never guides or disclosures"
        notice = ticker[0]
        page.evaluate(f"() => window.screenPlayer.hold({notice['id']}, 0)")
        assert notice["text"] not in page.evaluate("() => window.screenPlayer.tickerTexts()"), \
            "the notice on screen is not also in the ticker"
        assert page.text_content("#ticker-track") != notice["text"]
        other = next(s for s in slides.values() if s["kind"] == "guide")
        page.evaluate(f"() => window.screenPlayer.hold({other['id']}, 0)")
        assert notice["text"] in page.evaluate("() => window.screenPlayer.tickerTexts()")
        page.wait_for_function("() => document.getElementById('ticker-track').getAnimations().length > 0")
        speed = page.evaluate(TICKER_SPEED)
        setting = page.evaluate("() => window.screenPlayer.bundle.settings.ticker_chars_per_second")
        assert setting <= 6 and speed == pytest.approx(setting, rel=0.02), (speed, setting)
        assert not errors
    finally:
        ctx.close()


@pytest.mark.parametrize("size", ["landscape", "portrait"])
def test_with_only_the_notice_on_screen_the_ticker_says_how_to_read_it_instead_of_going_blank(
        server_factory, api_for, browser, size):
    server = server_factory()
    api = api_for(server)
    notice = api.publish(kind="notice", title="东塘镇停水通知", summary="明日8时至12时停水。")
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏"}, who="admin")
    ctx, page, errors = open_player(browser, f"{server.url}/screen/{display['key']}", size)
    try:
        page.evaluate(f"() => window.screenPlayer.hold({notice['id']}, 0)")
        assert page.evaluate("() => window.screenPlayer.tickerTexts()") == []
        still = page.evaluate("""() => { const box = document.getElementById('ticker');
            const track = document.getElementById('ticker-track');
            return { hidden: box.hidden, text: track.textContent, moving: track.getAnimations().length,
                     fits: track.scrollWidth <= box.clientWidth }; }""")
        assert still == {"hidden": False, "text": "用手机扫描二维码，可查看全文", "moving": 0, "fits": True}
        api.publish(kind="notice", title="元旦假期办公安排", summary="1月1日休息。")
        # A second notice: the ticker carries whichever is not on screen, moving again.
        page.wait_for_function("""() => { const texts = window.screenPlayer.tickerTexts();
            const track = document.getElementById('ticker-track');
            return texts.length === 1 && track.textContent === texts[0] && !track.classList.contains('still')
                   && track.getAnimations().length === 1; }""", timeout=5000)
        assert not errors
    finally:
        ctx.close()


def test_the_player_has_no_serious_accessibility_violation(browser, demo):
    ctx, page, _ = open_player(browser, f"{demo.url}/screen/demo-dongtang-hall", "landscape")
    try:
        for slide in live_slides(page)[:6]:
            page.evaluate(f"() => window.screenPlayer.hold({slide['id']}, 0)")
            assert violations(page) == [], slide["title"]
        assert page.request.get(f"{demo.url}/favicon.ico").ok
    finally:
        ctx.close()


BLANK_PAGE = "<!doctype html><meta charset=utf-8><title>player module</title><main>player module</main>"


@contextlib.contextmanager
def module_page(browser, name):
    """A blank page that can import the player's module `name` from http://player.test/`name`:
    one module alone, without a server."""
    ctx = browser.new_context()
    page = ctx.new_page()
    source = (ROOT / "kiosk" / "static" / "screens" / name).read_text(encoding="utf-8")
    page.route(f"http://player.test/{name}", lambda route: route.fulfill(body=source, content_type="text/javascript"))
    page.route("http://player.test/", lambda route: route.fulfill(body=BLANK_PAGE, content_type="text/html"))
    page.goto("http://player.test/")
    try:
        yield page
    finally:
        ctx.close()


def test_layout_is_a_pure_function_of_sizes(browser):
    """layout.js alone, with a fake measurer: no server, no fonts, no DOM measuring."""
    with module_page(browser, "layout.js") as page:
        result = page.evaluate("""async () => {
          const { paginate } = await import('http://player.test/layout.js');
          // 10 px a line of 10 characters; rows 10 px, a table's header 15 px.
          const lines = (f) => Math.ceil((f.text || '').length / 10) * 10;
          const m = {
            height: (f) => f.type === 'image' ? 50 : lines(f),
            line: () => 10,
            fit: (f, room) => Math.floor(room / 10) * 10,
            rows: (b) => ({ head: b.type === 'table' ? 15 : 0, rows: (b.rows || b.items).map(() => 10), extra: {} }),
          };
          const blocks = [
            { type: 'paragraph', text: 'x'.repeat(250) },
            { type: 'heading', level: 2, text: 'h' },
            { type: 'table', head: ['a'], rows: Array.from({ length: 20 }, (_, i) => [String(i)]) },
            { type: 'list', items: ['a', 'b', 'c'] },
          ];
          const pages = paginate(blocks, 100, m);
          const again = paginate(blocks, 100, m);
          const image = { type: 'image', src: 'x.png', alt: '' };
          const images = [30, 60, 80].map((n) => paginate([{ type: 'paragraph', text: 'x'.repeat(n) }, image], 100, m)
            .map(p => p.map(f => [f.type, f.height || null])));
          const leadIn = paginate([{ type: 'paragraph', text: 'x'.repeat(70) }, { type: 'paragraph', text: 'x'.repeat(19) + '：' },
                                   { type: 'table', head: ['a'], rows: [['1'], ['2']] }], 100, m)
            .map(p => p.map(f => f.type));
          const cuts = [[70, 25], [50, 80], [85, 80]].map(([a, b]) =>
            paginate([{ type: 'paragraph', text: 'x'.repeat(a) }, { type: 'paragraph', text: 'y'.repeat(b) }], 90, m)
              .map(p => p.map(f => f.text.length)));
          return { pages: pages.map(p => p.map(f => [f.type, f.text ? f.text.length : null, f.from, f.to])),
                   same: JSON.stringify(pages) === JSON.stringify(again), images, leadIn, cuts };
        }""")
    pages = result["pages"]
    assert result["same"], "deterministic"
    assert pages[0] == [["paragraph", 100, None, None]] and pages[1] == [["paragraph", 100, None, None]]
    # 50 chars left (50 px), the heading (10 px), the table's header (15 px) and two rows (20 px)
    assert pages[2] == [["paragraph", 50, None, None], ["heading", 1, None, None], ["table", None, 0, 2]]
    assert pages[3] == [["table", None, 2, 10]]  # 15 + 8 × 10 = 95 ≤ 100
    assert pages[4] == [["table", None, 10, 18]]
    assert pages[5] == [["table", None, 18, 20], ["list", None, 0, 3]]
    # An image of 50 px: after 30 px of text it fits; after 60 px it is drawn in the 40 px left;
    # after 80 px, 20 px would be less than half of it, so it goes whole to the next page.
    assert result["images"][0] == [[["paragraph", None], ["image", None]]]
    assert result["images"][1] == [[["paragraph", None], ["image", 40]]]
    assert result["images"][2] == [[["paragraph", None]], [["image", None]]]
    # "…如下：" (20 px) fits in the 30 px left, but its table's header and first row would not:
    # it goes with them to the next page.
    assert result["leadIn"] == [["paragraph"], ["paragraph", "table"]]
    # In 90 px: three lines after 70 px go whole to the next page (not 2 lines + 1); eight
    # lines after 50 px are cut 4 + 4; after 90 px no room for two lines, so the next page.
    assert result["cuts"] == [[[70], [25]], [[50, 40], [40]], [[85], [80]]]


def test_a_column_is_never_narrower_than_its_longest_number_when_the_table_has_room(browser):
    with module_page(browser, "layout.js") as page:
        shares = page.evaluate("""async () => {
          const { fillWidths } = await import('http://player.test/layout.js');
          // A name, an address and a phone number (150 px that must not break), in 400 px.
          return [fillWidths([200, 300, 150], 400), fillWidths([200, 300, 150], 400, [30, 30, 150]),
                  fillWidths([200, 300, 150], 400, [30, 300, 150])];
        }""")
    shared, kept, impossible = shares
    assert shared[2] < 150, "in proportion to their lengths the phone column would wrap"
    assert kept[2] == 150 and sum(kept) == pytest.approx(400) and kept[0] < shared[0] and kept[1] < shared[1]
    assert impossible == shared, "when the unbreakable parts are wider than the table, they break"
