"""An editor uploads a poster through /admin/media in Chromium; it waits as a draft, a
reviewer approves it, and it plays full screen on a notice screen. A bad file is refused on
the page in Chinese and nothing reaches the uploads folder."""
import pytest

from tests.media_samples import bomb_png, image_bytes, mp4_bytes

from .axe import violations
from .test_screen_player import open_screen
from .test_staff_flow import log_in, people
from .waiting import wait_for_images

pytestmark = pytest.mark.e2e
TITLE = "冬季防火宣传海报"


def uploads(server):
    folder = server.data_dir / "uploads" / "media"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def upload_through_the_page(page, server, name, data, title=TITLE):
    page.goto(f"{server.url}/admin/media")
    page.set_input_files("#f-file", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}])
    page.fill("#f-title", title)
    page.fill("#f-seconds", "10")
    page.click(".media-upload button[type=submit]")


@pytest.fixture(scope="module")
def refusing(tmp_path_factory):
    """One server for the refusals: none of them may leave a file behind."""
    from tests.server import ServerProcess
    server = ServerProcess(tmp_path_factory.mktemp("refusals") / "data").start()
    people(server)
    yield server
    server.stop()


@pytest.mark.parametrize("name, data, words", [
    ("poster.jpg", image_bytes("PNG", (800, 450)), "扩展名"),         # a lying extension
    ("setup.png", b"MZ\x90\0" + b"\0" * 200, "无法识别"),              # not an image at all
    ("cut.png", image_bytes("PNG", (800, 450))[:-60], "损坏"),        # truncated
    ("bomb.png", bomb_png(), "过大"),                                 # decompression bomb
    ("hevc.mp4", mp4_bytes(codec=b"hev1"), "H.264"),                  # a codec a screen cannot play
])
def test_a_bad_file_is_refused_on_the_page_in_chinese_and_nothing_is_kept(refusing, page, name, data, words):
    server = refusing
    log_in(page, server, "wang")
    upload_through_the_page(page, server, name, data, title="保留的标题")
    alert = page.text_content(".media-upload [role=alert]")
    assert words in alert, alert
    assert page.input_value("#f-title") == "保留的标题", "what was typed stays"
    assert uploads(server) == [] and page.locator("table.media-list").count() == 0


def test_an_uploaded_poster_is_reviewed_then_plays_on_a_screen(server_factory, browser, page, api_for):
    server = server_factory()
    people(server)
    api = api_for(server)
    api.admin = {"Authorization": "Bearer " + server.create_token("zhang")}
    screen = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN").new_page()
    open_screen(screen, server, api)

    log_in(page, server, "wang")
    page.goto(f"{server.url}/admin/media")
    assert violations(page) == [], "the upload page"
    upload_through_the_page(page, server, "poster.png", image_bytes("PNG", (1920, 1080), (180, 30, 30)))
    page.wait_for_selector("text=已上传为草稿")
    assert page.locator("text=1920×1080 像素").count() == 1
    item = page.url.rstrip("/").rsplit("/", 1)[1]
    page.goto(f"{server.url}/admin/media")
    assert page.locator("table.media-list img.media-thumb, table.media-list .media-thumb img").count() == 1
    wait_for_images(page, ".media-list img")  # lazy thumbnails
    assert not screen.evaluate(f"() => window.screenPlayer.bundle.slides.some(s => s.id === {item})"), "a draft never plays"

    page.goto(f"{server.url}/admin/records/{item}")
    page.click(".record-actions button:has-text('提交审核')")
    page.wait_for_selector("text=已提交审核")

    reviewer = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN").new_page()
    log_in(reviewer, server, "li")
    reviewer.goto(f"{server.url}/admin/review/{item}")
    assert reviewer.evaluate("() => { const i = document.querySelector('main img[src^=\"/media/\"]');"
                             " return Boolean(i && i.complete && i.naturalWidth); }"), "the reviewer sees the poster"
    for check in ("secrecy", "privacy", "legality", "wording"):
        reviewer.check(f"#{check}")
    reviewer.click("button[value=approve]")
    reviewer.wait_for_selector("text=已发布")

    screen.wait_for_function(f"() => window.screenPlayer.bundle.slides.some(s => s.id === {item})", timeout=5000)
    screen.evaluate(f"() => window.screenPlayer.hold({item}, 0)")
    screen.wait_for_function("() => { const i = document.querySelector('#stage .slide-media img');"
                             " return i && i.complete && i.naturalWidth === 1920; }", timeout=5000)
    assert screen.get_attribute("#stage .slide-media img", "alt") == TITLE
    assert len(uploads(server)) == 2, "the poster and its thumbnail"
