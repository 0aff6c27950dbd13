"""Two people who have never seen it, an editor and a reviewer, take a guide from nothing to
every screen through the staff pages alone; the audit trail shows both of them."""
import time
from pathlib import Path

import pytest
import requests

from .axe import violations
from .test_screen_player import WITHIN, open_screen

pytestmark = [pytest.mark.e2e, pytest.mark.timing]  # times itself: run alone (Makefile)
SHOTS = Path(__file__).resolve().parents[2] / "test-results"
PHONE = {"width": 390, "height": 844}
TITLE = "残疾人两项补贴申请"


def people(server):
    assert server.run_command("create-org", "QX-DT", "东塘镇").returncode == 0
    for name, role in (("wang", "editor"), ("li", "reviewer"), ("zhang", "admin")):
        done = server.run_command("create-user", name, "--role", role, "--org", "QX-DT", "--password-stdin",
                                  stdin="s3cret-pass\n")
        assert done.returncode == 0, done.stderr


def log_in(page, server, name):
    page.goto(f"{server.url}/admin/")
    page.fill("#username", name)
    page.fill("#password", "s3cret-pass")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('工作台')")


def shoot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"staff-{name}-{page.viewport_size['width']}.png"), full_page=False)


def no_serious_violations(page):
    assert violations(page) == [], page.url


def write_guide(page):
    page.click("text=新建内容")
    page.click("a.choice:has-text('办事指南')")
    page.wait_for_load_state("domcontentloaded")  # module scripts have run: edit.js adds rows in place
    page.fill("#f-title", TITLE)
    page.fill("#f-summary", "持证残疾人申请困难残疾人生活补贴和重度残疾人护理补贴。")
    page.fill("#f-department", "东塘镇社会事务办公室")
    page.select_option("#f-time_limit_type", "committed")
    page.fill("#f-statutory_days", "20")
    page.fill("#f-committed_days", "10")
    page.fill("#f-location", "东塘镇便民服务中心2号窗口")
    page.fill("#f-hours", "工作日 8:30-12:00, 14:30-17:30")
    page.fill("#f-phone", "0795-6123456")
    page.click("[data-rows-group=materials] button[data-row=add]")
    page.click("[data-rows-group=materials] button[data-row=add]")
    for n, name in enumerate(("残疾人证", "居民身份证", "户口簿")):
        page.fill(f"#f-materials-{n}-name", name)
        page.fill(f"#f-materials-{n}-source", "申请人自备")
    page.fill("#f-steps-0-name", "受理")
    page.fill("#f-steps-0-actor", "窗口工作人员")
    page.fill("#f-steps-0-duration", "即时")
    page.fill("#f-body", "## 办理须知\n\n经办人王小明，电话 13812345678，可电话咨询。")
    page.wait_for_selector("#preview-body h2:has-text('办理须知')")  # the live preview, from the server
    page.click(".form-actions button[name=save]")
    page.wait_for_selector("text=已保存草稿")


def test_an_editor_and_a_reviewer_take_a_guide_to_every_screen(server_factory, browser, page, api_for):
    server = server_factory()
    people(server)
    admin = {"Authorization": "Bearer " + server.create_token("zhang")}
    api = api_for(server)
    api.editor = api.admin = admin  # 东塘镇's admin: the screen is the township's
    screen_page = browser.new_page(viewport={"width": 1280, "height": 720})
    open_screen(screen_page, server, api)

    log_in(page, server, "wang")
    write_guide(page)
    assert [page.input_value(f"#f-materials-{n}-name") for n in range(3)] == ["残疾人证", "居民身份证", "户口簿"]
    shoot(page, "editor")
    no_serious_violations(page)
    page.click(".record-actions button:has-text('提交审核')")
    page.wait_for_selector("text=已提交审核")

    reviewer = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN").new_page()
    log_in(reviewer, server, "li")
    assert reviewer.text_content(".tile-review .count").strip() == "1"
    shoot(reviewer, "dashboard")
    no_serious_violations(reviewer)
    reviewer.click(f".tile-review a:has-text('{TITLE}')")
    reviewer.wait_for_selector(".privacy-scan.has-hits mark:has-text('13812345678')")
    assert reviewer.locator(".diff").count() >= 5 and reviewer.locator(".diff ins:has-text('户口簿')").count() == 1
    shoot(reviewer, "review")
    no_serious_violations(reviewer)
    for check in ("secrecy", "privacy", "legality", "wording"):
        reviewer.check(f"#{check}")
    reviewer.click("button[value=approve]")
    started = time.monotonic()
    screen_page.wait_for_function(  # within a second of the approval
        f"() => window.screenPlayer.bundle.slides.some(s => s.title === {TITLE!r})", timeout=WITHIN)
    item_id = page.url.rstrip("/").split("/")[-1]
    public = requests.get(f"{server.url}/items/{item_id}", timeout=5)
    assert public.status_code == 200 and TITLE in public.text and time.monotonic() - started < 1.0
    kiosk = browser.new_page()
    kiosk.goto(f"{server.url}/items/{item_id}")
    assert kiosk.text_content("h1") == TITLE
    reviewer.wait_for_selector("text=已发布")

    reviewer.goto(f"{server.url}/admin/records")
    shoot(reviewer, "list")
    audit = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    log_in(audit, server, "zhang")
    audit.goto(f"{server.url}/admin/audit?target={item_id}")
    rows = audit.text_content("table.list")
    assert "wang" in rows and "li" in rows and "审核通过" in rows and "提交审核" in rows
    shoot(audit, "audit")


def test_the_staff_pages_fit_a_phone(server_factory, browser, api_for):
    server = server_factory()
    people(server)
    phone = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True).new_page()
    log_in(phone, server, "wang")
    shoot(phone, "dashboard")
    write_guide(phone)
    shoot(phone, "editor")
    phone.click(".record-actions button:has-text('提交审核')")
    phone.goto(f"{server.url}/admin/records")
    shoot(phone, "list")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    reviewer = browser.new_context(viewport=PHONE, locale="zh-CN", is_mobile=True, has_touch=True).new_page()
    log_in(reviewer, server, "li")
    reviewer.click(f".tile-review a:has-text('{TITLE}')")
    reviewer.wait_for_selector(".privacy-scan")
    shoot(reviewer, "review")
    assert reviewer.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
