"""The 公示栏 page: what changed since the last board print, and the board set's PDF for the
staff member's org, from the same domain calls as /api/v1/notices/board(.pdf)."""
import re
import shutil
import subprocess

import pytest

from .staff_pages import csrf_of, log_in
from .test_notices import edit_and_approve, pdf_text

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler-utils")


@pytest.fixture
def board(publish, make_disclosure, make_notice):
    """東塘镇: one 公示 in its window, one notice marked for the board, one not; 柳山乡: one 公示."""
    return {"window": publish(make_disclosure()),
            "marked": publish(make_notice(title="便民服务中心办事须知", board=True)),
            "plain": publish(make_notice(title="不上公示栏的通知")),
            "other": publish(make_disclosure(title="柳山乡的公示"), author="ls_admin", reviewer="county_admin")}


def test_the_page_lists_what_goes_up_and_a_button_to_print(client, board):
    log_in(client, "reviewer")
    page = client.get("/admin/board")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "还没有打印过公示栏" in html and board["window"]["title"] in html and "便民服务中心办事须知" in html
    assert "不上公示栏的通知" not in html and "柳山乡的公示" not in html
    assert 'action="/admin/board.pdf"' in html and 'name="csrf_token"' in html and "下载公示栏 PDF" in html
    assert 'href="/admin/board"' in html, "the navigation leads to it"


@needs_poppler
def test_the_pdf_is_served_to_staff_and_the_next_page_counts_from_that_print(client, staff, board, tmp_path):
    log_in(client, "admin")
    html = client.get("/admin/board").get_data(as_text=True)
    printed = client.post("/admin/board.pdf", data={"csrf_token": csrf_of(html)})
    assert printed.status_code == 200 and printed.mimetype == "application/pdf"
    assert printed.headers["Cache-Control"] == "no-store"
    text = pdf_text(printed.data, tmp_path)
    assert "公示栏张贴清单" in text and board["window"]["title"] in text and "柳山乡的公示" not in text
    edit_and_approve(client, staff, board["marked"]["id"], {"summary": "新的须知"})
    again = client.get("/admin/board").get_data(as_text=True)
    assert "上次打印" in again and "还没有打印过" not in again
    changed = again.split('id="board-changed"')[1].split("</section>")[0]
    assert "便民服务中心办事须知" in changed and '<span class="count">1</span>' in changed


def test_anonymous_visitors_and_forged_forms_get_no_board(app, client, board):
    assert client.get("/admin/board").status_code == 302
    assert client.post("/admin/board.pdf", data={"org": "QX-DT"}).status_code == 400, "no CSRF token, no session"
    log_in(client, "editor")
    assert client.post("/admin/board.pdf", data={"org": "QX-DT"}).status_code == 400, "no CSRF token"
    app.config["WTF_CSRF_ENABLED"] = False
    anonymous = app.test_client().post("/admin/board.pdf", data={"org": "QX-DT"})
    assert anonymous.status_code == 302 and anonymous.headers["Location"].startswith("/admin/login")


def test_another_townships_board_answers_404_and_the_county_picks_the_township(app, client, board):
    app.config["WTF_CSRF_ENABLED"] = False
    log_in(client, "ls_admin")
    assert client.get("/admin/board?org=QX-DT").status_code == 404
    assert client.post("/admin/board.pdf", data={"org": "QX-DT"}).status_code == 404
    log_in(client, "county_admin")
    html = client.get("/admin/board?org=QX-LS").get_data(as_text=True)
    assert "柳山乡的公示" in html and board["window"]["title"] not in html and '<select id="f-org"' in html


@needs_poppler
def test_the_clerk_may_print_two_pages_to_a_sheet(client, board, tmp_path):
    log_in(client, "admin")
    html = client.get("/admin/board").get_data(as_text=True)
    assert 'name="layout" value="single" checked' in html and 'name="layout" value="tiled"' in html
    printed = client.post("/admin/board.pdf", data={"csrf_token": csrf_of(html), "layout": "tiled"})
    assert printed.status_code == 200
    path = tmp_path / "board.pdf"
    path.write_bytes(printed.data)
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "3", str(path)], capture_output=True, text=True).stdout
    assert re.findall(r"size: +([\d.]+) x", info) == ["595.28", "841.89"], "the checklist, then one sheet of two"
    refused = client.post("/admin/board.pdf", data={"csrf_token": csrf_of(html), "layout": "sideways"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "链接里的参数不对" in page and "layout" not in page
