"""An admin who has never seen it pairs a new screen, raises and clears an alert, and an editor
imports a catalogue sheet, all through the pages, in real Chromium."""
import re
import subprocess
import time

import pytest
import requests
from openpyxl import Workbook

from tests.kiosk.test_notices import WIDE_BODY

from .axe import violations
from .test_staff_flow import PHONE, log_in, people, shoot

pytestmark = pytest.mark.e2e


def catalogue_sheet(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["类型", "标题", "内容概述", "公开主体", "领域", "五公开阶段", "形成日期"])
    sheet.append(["通知公告", "元旦假期便民服务中心办公安排", "1月1日休息，2日起正常办公。", "", "", "", ""])
    sheet.append(["政务公开事项", "第四季度临时救助发放结果", "本季度临时救助12户。", "东塘镇社会事务办公室", "社会救助", "结果",
                  "2026-11-20"])
    book.save(path)
    return path


def pairing_code(device, url):
    """Open a new screen's or kiosk's pairing page and read the code it shows."""
    device.goto(url)
    # The page shows a placeholder (······) until the server answers: wait for letters or digits.
    device.wait_for_function(
        "() => /^[A-Z0-9]{3} [A-Z0-9]{3}$/.test(document.getElementById('code').textContent.trim())")
    return device.text_content("#code").replace(" ", "")


def test_an_admin_pairs_a_new_tv_raises_and_clears_an_alert(browser, server_factory):
    server = server_factory()
    people(server)
    staff = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    tv = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    admin, screen = staff.new_page(), tv.new_page()
    try:
        code = pairing_code(screen, f"{server.url}/screen/")

        log_in(admin, server, "zhang")
        admin.click("nav >> text=屏幕")
        shoot(admin, "screens-empty")
        admin.fill("#f-code", code)
        admin.fill("#f-name", "大厅左侧屏")
        admin.fill("#f-hall", "东塘镇便民服务中心")
        admin.click("button:has-text('配对')")
        admin.wait_for_selector("text=已配对")
        screen.wait_for_url(re.compile(r"/screen/[^/?#]+([?#].*)?$"), timeout=15000)  # the pairing page itself is /screen/
        screen.wait_for_function("() => window.screenPlayer && window.screenPlayer.online === true", timeout=15000)

        admin.click("nav >> text=预警")
        admin.fill("#f-title", "防汛紧急转移通知")
        admin.fill("#f-body", "请沿河居民立即转移到镇中学。")
        admin.wait_for_function("() => document.querySelector('#alert-preview h3').textContent === '防汛紧急转移通知'",
                                timeout=5000)  # the preview follows the typing
        admin.check("input[name=no_expiry_confirmed]")
        admin.click("button:has-text('立即发布到屏幕')")
        admin.wait_for_selector("text=预警已发出")
        screen.wait_for_selector("#alert:not([hidden])", timeout=5000)
        assert "防汛紧急转移通知" in screen.text_content("#alert")
        deadline = time.monotonic() + 10
        while "✓" not in admin.text_content("main") and time.monotonic() < deadline:
            time.sleep(0.5)
            admin.reload()
        assert "✓" in admin.text_content("main"), "the screen's acknowledgement is listed"
        assert violations(admin) == []
        shoot(admin, "alert")
        admin.click("button:has-text('解除预警')")
        admin.wait_for_selector("text=预警已解除")
        screen.wait_for_selector("#alert", state="hidden", timeout=5000)

        admin.click("nav >> text=屏幕")
        assert "大厅左侧屏" in admin.text_content("main") and "在线" in admin.text_content("main")
        assert violations(admin) == []
        shoot(admin, "screens")
        admin.set_viewport_size(PHONE)
        shoot(admin, "screens")
    finally:
        staff.close()
        tv.close()


def test_an_admin_finds_one_screen_among_many_and_alerts_it_alone(browser, server_factory, api_for):
    server = server_factory()
    people(server)
    api = api_for(server)
    for n in range(1, 41):
        api.call("POST", "/api/v1/displays", who="admin", json={
            "name": f"大厅{n}号屏", "org": "QX-DT", "hall": "东塘镇便民服务中心" if n % 2 else "东塘镇第2村服务站"})
    staff = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    plain = browser.new_context(viewport=PHONE, locale="zh-CN", java_script_enabled=False)
    try:
        admin = staff.new_page()
        log_in(admin, server, "zhang")
        admin.goto(f"{server.url}/admin/alerts")
        assert violations(admin) == []
        admin.fill("#f-screen_q", "大厅27")  # the list follows the typing, no reload
        admin.wait_for_function("() => document.querySelectorAll('#screen-results input').length === 1")
        admin.check("#screen-results input")
        assert admin.is_checked("input[name=scope][value=displays]"), "ticking a screen chooses that scope"
        admin.locator(".screen-search").scroll_into_view_if_needed()
        shoot(admin, "alert-scope")
        admin.fill("#f-title", "演练：大厅27号屏")
        admin.check("input[name=no_expiry_confirmed]")
        admin.click("button:has-text('立即发布到屏幕')")
        admin.wait_for_selector("text=预警已发出")
        assert "(0 / 1)" in admin.text_content("main") and "大厅27号屏" in admin.text_content("main")

        page = plain.new_page()  # without the page script, Enter in the search box searches, never raises
        log_in(page, server, "zhang")
        page.goto(f"{server.url}/admin/alerts")
        page.fill("#f-title", "不要发出")
        page.fill("#f-screen_q", "大厅3")
        page.press("#f-screen_q", "Enter")
        page.wait_for_selector("#f-screen_q[value='大厅3']")
        assert page.locator("#screen-results input").count() == 11  # 3 and 30-39
        assert page.input_value("#f-title") == "不要发出" and "不要发出" not in page.text_content("table.list")
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator(".screen-search").scroll_into_view_if_needed()
        shoot(page, "alert-scope")
    finally:
        staff.close()
        plain.close()


def test_an_editor_imports_a_sheet_and_finds_the_drafts_in_review(browser, server_factory, tmp_path):
    server = server_factory()
    people(server)
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    page = context.new_page()
    try:
        log_in(page, server, "wang")
        page.click("nav >> text=导入导出")
        page.set_input_files("#f-file", str(catalogue_sheet(tmp_path / "东塘镇目录.xlsx")))
        page.click("button:has-text('检查表格')")
        page.wait_for_selector("text=可导入 2 行")
        assert violations(page) == []
        shoot(page, "import-report")
        page.click("button:has-text('导入 2 条')")
        page.wait_for_selector("text=已导入 2 条草稿")
        assert "第四季度临时救助发放结果" in page.text_content("main")
        assert "元旦假期便民服务中心办公安排" in page.text_content("main")
        page.click("nav >> text=时限")
        assert "时限看板" in page.text_content("h1")
        assert violations(page) == []
        shoot(page, "timeliness")
        page.set_viewport_size(PHONE)
        shoot(page, "timeliness")
    finally:
        context.close()


def test_a_clerk_prints_the_whole_board_from_the_pages(browser, server_factory, tmp_path):
    server = server_factory()
    people(server)
    tokens = {name: {"Authorization": "Bearer " + server.run_command("create-token", name).stdout.strip()}
              for name in ("wang", "li")}
    for title, body in (("便民服务中心办事须知", "请取号后等候叫号。"), ("村级财务收支明细", WIDE_BODY)):
        record = {"kind": "notice", "title": title, "summary": title, "body": body, "org": "QX-DT", "board": True}
        publish_as(server.url, tokens["wang"], tokens["li"], record)
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    try:
        log_in(page, server, "wang")
        page.click("nav >> text=公示栏")
        assert "还没有打印过公示栏" in page.text_content("main")
        assert "便民服务中心办事须知" in page.text_content("#board-added + p + ul")
        assert violations(page) == []
        shoot(page, "board")
        with page.expect_download(timeout=90_000) as download:  # three cold renders
            page.click("button:has-text('下载公示栏 PDF')", no_wait_after=True)
        pdf = tmp_path / download.value.suggested_filename
        download.value.save_as(pdf)
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
        assert "公示栏张贴清单" in text and "便民服务中心办事须知" in text and "村级财务收支明细" in text
        sizes = subprocess.run(["pdfinfo", "-f", "1", "-l", "9", str(pdf)], capture_output=True, text=True).stdout
        widths = re.findall(r"size: +([\d.]+) x", sizes)
        pages = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                                text=True).stdout for n in range(1, len(widths) + 1)]
        assert [w for w, t in zip(widths, pages) if "第9列" in t] == ["841.89"], "the wide table prints landscape"
        assert widths.count("595.28") == 2, "the cover and the plain notice stay portrait"
        page.reload()
        assert "上次打印" in page.text_content("main")
        assert page.text_content("#board-unchanged .count") == "2"
    finally:
        context.close()


def publish_as(url, author, reviewer, record):
    created = requests.post(f"{url}/api/v1/items", json=record, headers=author, timeout=10).json()
    submitted = requests.post(f"{url}/api/v1/items/{created['id']}/submit", headers=author, timeout=10).json()
    approved = requests.post(f"{url}/api/v1/items/{created['id']}/approve", timeout=10,
                             headers={**reviewer, "If-Match": f'"{submitted["rev"]}"'})
    assert approved.status_code == 200, approved.text
