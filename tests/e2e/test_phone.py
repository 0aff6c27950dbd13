"""Every staff page a township admin opens fits a phone's width: nothing scrolls sideways,
whatever a record holds (wide tables, long titles, long field values). And a resident who
opens the portal on a phone reads record titles across the screen, not three characters a line."""
import re

import pytest

pytestmark = pytest.mark.e2e
PHONE = {"width": 390, "height": 844}
WIDEST = """() => { const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1
      && !el.closest('.table-scroll, .scroll-x'));
  return { scrollWidth: document.documentElement.scrollWidth,
           first: wide.slice(0, 3).map((el) => `${el.tagName}.${el.className}`) }; }"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from tests.server import ServerProcess
    server = ServerProcess(tmp_path_factory.mktemp("demo") / "data", env={"KIOSK_DEMO": "1"}).start()
    assert server.run_command("create-user", "zhang", "--role", "admin", "--org", "QX-DT", "--password-stdin",
                              stdin="s3cret-pass\n").returncode == 0
    yield server
    server.stop()


def test_every_record_edit_page_and_the_workspace_pages_fit_a_phone(demo, browser):
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        page.goto(f"{demo.url}/admin/")
        page.fill("#username", "zhang")
        page.fill("#password", "s3cret-pass")
        page.click("button[type=submit]")
        page.wait_for_selector("h1:has-text('工作台')")
        page.goto(f"{demo.url}/admin/records")
        links = page.eval_on_selector_all("a", "els => els.map((e) => e.getAttribute('href'))")
        records = sorted({href for href in links if href and re.fullmatch(r"/admin/records/\d+", href)})
        assert len(records) >= 10, "the demo township's records"
        pages = ["/admin/", "/admin/records", "/admin/users", "/admin/audit", "/admin/screens", "/admin/alerts",
                 "/admin/timeliness", "/admin/media", "/admin/board", *records]
        too_wide = {}
        for path in pages:
            response = page.goto(f"{demo.url}{path}")
            assert response.status == 200, path
            seen = page.evaluate(WIDEST)
            if seen["scrollWidth"] > PHONE["width"] or seen["first"]:
                too_wide[path] = seen
        assert too_wide == {}
    finally:
        ctx.close()


def test_on_a_phone_the_home_lists_are_one_column_so_titles_are_not_three_characters_a_line(demo, browser):
    ctx = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True)
    try:
        page = ctx.new_page()
        for size in ("normal", "large"):
            page.goto(f"{demo.url}/?size={size}")
            widths = page.eval_on_selector_all(".columns .records li", "els => els.map((e) => e.offsetWidth)")
            assert widths and min(widths) > PHONE["width"] * 0.8, (size, widths)
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], size
    finally:
        ctx.close()
