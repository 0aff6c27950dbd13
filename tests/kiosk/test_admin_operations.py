"""Staff run the hall from the pages: pair a new TV, watch the screens, raise and clear an
alert, keep the statutory deadlines, import the catalogue they keep in Excel."""
import io
import re

import pytest
from openpyxl import Workbook

from .staff_pages import pages  # noqa: F401  (fixture)


def sheet(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_admin_pairs_the_code_a_new_tv_shows(pages, screens):
    client = pages("admin")
    code, secret = screens.pairings.start()
    answer = client.post("/admin/screens/pair", data={"code": code.lower(), "name": "大厅新屏", "hall": "东塘镇便民服务中心",
                                                      "orientation": "portrait"})
    assert answer.status_code == 302
    key = screens.pairings.poll(code, secret)
    display = screens.displays.by_key(key)
    assert (display["name"], display["orientation"], display["org"]) == ("大厅新屏", "portrait", "QX-DT")
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "大厅新屏" in page and "离线" in page


@pytest.mark.parametrize("code", ["", "ABCDEF", "AB"])
def test_a_wrong_or_expired_code_says_so_and_creates_nothing(pages, screens, code):
    before = len(screens.displays.all())
    answer = pages("admin").post("/admin/screens/pair", data={"code": code, "name": "大厅新屏"})
    assert answer.status_code == 422 and "没有屏幕显示这个登记码" in answer.get_data(as_text=True)
    assert len(screens.displays.all()) == before


def test_a_claimed_code_cannot_be_claimed_twice(pages, screens):
    code, _ = screens.pairings.start()
    client = pages("admin")
    assert client.post("/admin/screens/pair", data={"code": code, "name": "一号屏"}).status_code == 302
    again = client.post("/admin/screens/pair", data={"code": code, "name": "二号屏"})
    assert again.status_code == 422 and "只能使用一次" in again.get_data(as_text=True)


def test_a_code_shown_longer_than_its_lifetime_has_expired(pages, screens, monkeypatch):
    import displays.pairing
    code, _ = screens.pairings.start()
    monkeypatch.setattr(displays.pairing, "LIFETIME", -1)  # as if the 15 minutes had passed
    answer = pages("admin").post("/admin/screens/pair", data={"code": code, "name": "一号屏"})
    assert answer.status_code == 422 and "15 分钟内有效" in answer.get_data(as_text=True)
    assert not [d for d in screens.displays.all() if d["name"] == "一号屏"]


def test_the_screens_page_shows_names_states_and_what_is_playing(pages, make_display, socket_client, publish,
                                                                 make_notice):
    record = publish(make_notice(title="停水通知"))
    display = make_display()
    screen = socket_client(display["key"])
    screen.emit("heartbeat", {"version": 1, "item_id": record["id"]}, namespace="/screens")
    page = pages("editor").get("/admin/screens").get_data(as_text=True)
    assert "大厅左屏" in page and "在线" in page and "停水通知" in page
    assert "登记新屏幕" not in page, "editors see the screens but do not pair them"


def test_from_its_page_a_screen_is_reloaded_identified_and_given_a_new_key(pages, make_display, socket_client, client,
                                                                            screens):
    display = make_display()
    screen = socket_client(display["key"])
    reviewer = pages("reviewer")
    for command in ("reload", "identify"):
        sent = reviewer.post(f"/admin/screens/{display['id']}/{command}", follow_redirects=True)
        assert sent.status_code == 200 and "已发送，1 个连接收到" in sent.get_data(as_text=True)
    assert {"reload", "identify"} <= {e["name"] for e in screen.get_received("/screens")}
    assert reviewer.post(f"/admin/screens/{display['id']}/key").status_code == 403, "a new key is an admin's"
    rotated = pages("admin").post(f"/admin/screens/{display['id']}/key", follow_redirects=True)
    assert "已更换密钥" in rotated.get_data(as_text=True)
    assert screens.displays.by_key(display["key"]) is None, "the old key no longer opens the screen"


def test_the_screens_page_pages_and_filters_a_county_of_screens(app, pages, make_display, socket_client):
    from kiosk.admin.devices import PER_PAGE
    for n in range(PER_PAGE + 5):
        made = make_display(name=f"屏{n:03d}", hall="东塘镇便民服务中心" if n % 2 else "村服务站")
    socket_client(made["key"])  # the last one is online
    client = pages("county_admin")
    first = client.get("/admin/screens").get_data(as_text=True)
    assert first.count('href="/admin/screens/') == PER_PAGE and "第 1 / 2 页" in first and "屏000" in first
    assert "55 块屏幕" in first and "在线 1 块" in first
    second = client.get("/admin/screens?page=2").get_data(as_text=True)
    assert second.count('href="/admin/screens/') == 5 and f"屏{PER_PAGE + 4:03d}" in second
    offline = client.get("/admin/screens?state=online").get_data(as_text=True)
    assert offline.count('href="/admin/screens/') == 1 and f"屏{PER_PAGE + 4:03d}" in offline
    halls = client.get("/admin/screens?q=村服务站&org=QX-DT").get_data(as_text=True)
    assert "符合条件的 28 块" in halls and 'value="村服务站"' in halls
    assert "没有符合条件的屏幕" in client.get("/admin/screens?q=不存在").get_data(as_text=True)
    assert client.get("/admin/screens?page=x&state=bad&org=QX-LS-nope").status_code == 200
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/screens?state=offline"' in dashboard


def test_screen_settings_are_saved_with_field_messages_for_bad_values(pages, make_display):
    display = make_display()
    client = pages("admin")
    bad = client.post(f"/admin/screens/{display['id']}", data={"rev": display["rev"], "name": "", "seconds_per_slide": "2",
                                                              "kind_notice": "1"})
    assert bad.status_code == 422
    text = bad.get_data(as_text=True)
    assert 'id="name-error"' in text and 'id="seconds_per_slide-error"' in text
    good = client.post(f"/admin/screens/{display['id']}", data={"rev": display["rev"], "name": "大厅右屏",
                                                               "seconds_per_slide": "20", "kind_notice": "1",
                                                               "schedule_on": "08:00", "schedule_off": "18:00",
                                                               "schedule_days": ["1", "2", "3", "4", "5"]})
    assert good.status_code == 302
    stale = client.post(f"/admin/screens/{display['id']}", data={"rev": display["rev"], "name": "又改", "kind_notice": "1"})
    assert stale.status_code == 422 and "别人刚修改过" in stale.get_data(as_text=True)


def test_a_screens_areas_and_picture_rotation_are_set_on_its_page(pages, make_display):
    display = make_display()
    client = pages("admin")
    saved = client.post(f"/admin/screens/{display['id']}", data={"rev": display["rev"], "name": "公示屏",
                                                                "seconds_per_slide": "20", "kind_disclosure": "1",
                                                                "areas": ["社会救助", "涉农补贴"], "rotation": "270"})
    assert saved.status_code == 302
    page = client.get(f"/admin/screens/{display['id']}").get_data(as_text=True)
    ticked = re.findall(r'name="areas" value="([^"]+)" checked', page)
    assert ticked == ["社会救助", "涉农补贴"] and 'type="checkbox" name="areas"' in page, "ticked, no Ctrl-click list"
    assert re.search(r'<option value="270" selected>', page), "the picture turned back a quarter"
    wrong = client.post(f"/admin/screens/{display['id']}", data={"rev": saved_rev(client, display), "name": "公示屏",
                                                                "kind_disclosure": "1", "rotation": "45"})
    assert wrong.status_code == 422 and 'id="rotation-error"' in wrong.get_data(as_text=True)


def saved_rev(client, display):
    return re.search(r'name="rev" value="(\d+)"', client.get(f"/admin/screens/{display['id']}").get_data(as_text=True))[1]


def test_an_alert_without_an_end_asks_for_confirmation_then_reaches_the_screens(pages, make_display, socket_client):
    screen = socket_client(make_display()["key"])
    screen.get_received("/screens")
    client = pages("reviewer")
    unconfirmed = client.post("/admin/alerts", data={"title": "防汛紧急转移", "level": "red", "scope": "all"})
    assert unconfirmed.status_code == 422 and "确认不设结束时间" in unconfirmed.get_data(as_text=True)
    raised = client.post("/admin/alerts", data={"title": "防汛紧急转移", "body": "请立即转移", "level": "red",
                                                "scope": "all", "no_expiry_confirmed": "1"})
    assert raised.status_code == 302
    assert [e["name"] for e in screen.get_received("/screens")] == ["alert"]
    screen.emit("alert_ack", {"id": int(raised.headers["Location"].rsplit("/", 1)[1])}, namespace="/screens")
    page = client.get(raised.headers["Location"]).get_data(as_text=True)
    assert "✓" in page and "大厅左屏" in page
    cleared = client.post(raised.headers["Location"] + "/clear")
    assert cleared.status_code == 302
    assert "alert_cleared" in [e["name"] for e in screen.get_received("/screens")]


@pytest.mark.parametrize("fields, message", [
    ({"title": "", "no_expiry_confirmed": "1"}, 'id="title-error"'),
    ({"title": "演练", "expire_at": "2026-11-01T08:00"}, "结束时间必须晚于现在"),
    ({"title": "演练", "no_expiry_confirmed": "1", "scope": "displays", "displays": "999999"}, "所选屏幕中有不属于本单位的屏幕"),
])
def test_a_wrong_alert_is_refused_by_field(pages, fields, message):
    answer = pages("admin").post("/admin/alerts", data={"level": "red", "scope": "all", **fields})
    assert answer.status_code == 422 and message in answer.get_data(as_text=True)


def test_editors_cannot_raise_alerts_or_pair_screens(pages, screens):
    client = pages("editor")
    refused = client.get("/admin/alerts")
    assert refused.status_code == 403 and "你的角色不能使用这个页面" in refused.get_data(as_text=True)
    assert "needs one of the roles" not in refused.get_data(as_text=True), "no English on a Chinese page"
    code, _ = screens.pairings.start()
    assert client.post("/admin/screens/pair", data={"code": code, "name": "x"}).status_code == 403


def test_another_townships_screens_and_alerts_answer_404(pages, make_display, client, staff):
    display = make_display()
    alert = client.post("/api/v1/alerts", json={"title": "演练"}, headers=staff["reviewer"]).get_json()
    other = pages("ls_admin")
    hidden = other.get(f"/admin/screens/{display['id']}")
    assert hidden.status_code == 404 and "不属于你所在的单位" in hidden.get_data(as_text=True)
    assert "/admin/" in hidden.get_data(as_text=True).split("不属于你所在的单位")[1], "the way back is to the workspace"
    assert other.post(f"/admin/screens/{display['id']}/reload").status_code == 404
    assert other.get(f"/admin/alerts/{alert['id']}").status_code == 404
    assert other.post(f"/admin/alerts/{alert['id']}/clear").status_code == 404


def test_the_timeliness_board_and_the_dashboard_show_an_overdue_disclosure(pages, client, staff, make_disclosure):
    late = make_disclosure(title="第三季度财政收支公开", formed_at="2026-10-09", publish_at=None, expire_at=None)
    client.post("/api/v1/items", json=late, headers=staff["editor"])
    board = pages("editor").get("/admin/timeliness").get_data(as_text=True)
    assert "第三季度财政收支公开" in board and "2026-11-05" in board and "已超期" in board
    assert "2027 年的节假日安排尚未录入" in board
    dashboard = pages("admin").get("/admin/").get_data(as_text=True)
    tiles = dict(re.findall(r'id="tile-([a-z]+)"><a href="([^"]+)">', dashboard))
    assert tiles == {"deadlines": "/admin/timeliness", "offline": "/admin/screens?state=offline",
                     "ratings": "/admin/timeliness#feedback", "alerts": "/admin/alerts"}
    assert re.search(r'id="tile-deadlines">.*?<span class="count">1</span>', dashboard)


def test_an_admin_enters_next_years_holidays_from_the_board(pages):
    client = pages("admin")
    bad = client.post("/admin/timeliness/calendar", data={"year": "2027", "holidays": "2027-02-30"})
    assert bad.status_code == 422
    good = client.post("/admin/timeliness/calendar", data={"year": "2027", "holidays": "2027-01-01\n2027-02-10",
                                                           "workdays": "2027-02-06"})
    assert good.status_code == 302
    board = client.get("/admin/timeliness").get_data(as_text=True)
    assert "尚未录入" not in board and "已录入：2027" in board, "the warning goes once the year is entered"
    assert pages("editor").post("/admin/timeliness/calendar", data={"year": "2028"}).status_code == 403


def test_an_editor_imports_a_sheet_after_reading_its_report(pages, client, staff):
    rows = [["类型", "标题", "内容概述"], ["通知公告", "元旦放假安排", "1月1日休息"], ["通知公告", "停水通知", "周三停水"]]
    editor = pages("editor")
    report = editor.post("/admin/imports", data={"file": (io.BytesIO(sheet(rows)), "目录.xlsx")},
                         content_type="multipart/form-data")
    text = report.get_data(as_text=True)
    assert report.status_code == 200 and "可导入 2 行" in text
    token = text.split('/admin/imports/')[1].split('"')[0]
    done = editor.post(f"/admin/imports/{token}", data={"submit": "1"})
    assert done.status_code == 302
    listed = client.get("/api/v1/items?status=in_review", headers=staff["editor"]).get_json()["items"]
    assert {r["title"] for r in listed} >= {"元旦放假安排", "停水通知"}


def test_a_sheet_with_a_bad_row_shows_the_row_and_imports_nothing(pages, client, staff):
    rows = [["类型", "标题", "领域"], ["通知公告", "停水通知", ""], ["政务公开事项", "低保公示", "不存在"]]
    report = pages("editor").post("/admin/imports", data={"file": (io.BytesIO(sheet(rows)), "目录.xlsx")},
                                  content_type="multipart/form-data").get_data(as_text=True)
    assert "只要有一行有问题" in report and "第 3 行" in report and "领域" in report
    assert "/admin/imports/" not in report.split("检查结果")[1], "no import button while a row is wrong"
    assert client.get("/api/v1/items", headers=staff["editor"]).get_json()["total"] == 0


def test_the_report_says_what_is_wrong_in_chinese_with_the_values_allowed(pages):
    rows = [["类型", "标题", "领域", "五公开阶段", "形成日期", "发布渠道", "收费标准", "全县共享"],
            ["政务公开事项", "低保公示", "不存在的领域", "结论", "2026-13-01", "公示栏、微博", "", "对"],
            ["办事指南", "", "", "", "", "", "", ""]]
    report = pages("editor").post("/admin/imports", data={"file": (io.BytesIO(sheet(rows)), "目录.xlsx")},
                                  content_type="multipart/form-data").get_data(as_text=True)
    problems = report.split("检查结果")[1]
    assert "“不存在的领域”不是可选的值，可选的值见导入模板的“填写说明”页" in problems, "32 areas: named in the template"
    assert "“结论”不是可选的值，应为 决策、执行、管理、服务、结果 之一" in problems
    assert "“微博”不是可选的值" in problems, "only the wrong channel is named"
    assert "“2026-13-01”不是正确的日期" in problems and "必填" in problems and "“对”应填 是 或 否" in problems
    assert not re.search(r"Input should|must be|String should|month", problems), "no English on the page"


def test_a_file_larger_than_the_server_takes_gets_a_clear_message(app, pages):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    # a raw body: the test client would spool a large form to a file it never closes
    answer = pages("editor").post("/admin/imports", data=b"x" * (1024 * 1024 + 1),
                                  content_type="multipart/form-data; boundary=----sheet")
    assert answer.status_code == 413 and "上传的文件太大：最多 1 MB" in answer.get_data(as_text=True)


def test_an_unreadable_file_gets_a_clear_message(pages):
    answer = pages("editor").post("/admin/imports", data={"file": (io.BytesIO(b"%PDF-1.4"), "notice.pdf")},
                                  content_type="multipart/form-data")
    assert answer.status_code == 422 and "请上传 .xlsx 或 .csv 文件" in answer.get_data(as_text=True)


@pytest.mark.parametrize("base, problem", [
    ("", "unset"), ("http://localhost:8000", "local"), ("http://127.0.0.1:8000", "local"),
    ("http://192.168.1.20", "local"), ("http://10.0.0.5:8000", "local"), ("http://172.20.1.1", "local"),
    ("http://100.72.3.4", "local"), ("http://[::1]:8000", "local"), ("http://0.0.0.0:8000", "local"),
    ("http://169.254.10.1", "local"), ("http://kiosk-server:8000", "local"), ("http://hall.lan", "local"),
    ("https://gk.qingxi.gov.cn", None), ("http://203.0.113.9", "local"), ("http://36.110.1.2:8080", None)])
def test_which_qr_addresses_a_residents_phone_cannot_reach(base, problem):
    from kiosk.health import qr_address_problem
    assert qr_address_problem(base) == problem


def test_the_dashboard_warns_an_admin_when_qr_codes_would_point_at_an_unreachable_address(app, pages):
    client = pages("admin")
    assert "qr-address-warning" not in client.get("/admin/").get_data(as_text=True)  # the tests' public address
    app.config["KIOSK_PUBLIC_BASE_URL"] = ""
    assert "二维码的公网地址还没有设置" in client.get("/admin/").get_data(as_text=True)
    app.config["KIOSK_PUBLIC_BASE_URL"] = "http://127.0.0.1:8000"
    html = client.get("/admin/").get_data(as_text=True)
    assert "二维码指向内网地址 http://127.0.0.1:8000" in html and "KIOSK_PUBLIC_BASE_URL" in html


@pytest.mark.parametrize("person", ["editor", "reviewer"])
@pytest.mark.parametrize("base", ["", "http://127.0.0.1:8000"])
def test_the_qr_address_warning_is_not_shown_to_those_who_cannot_fix_it(app, pages, person, base):
    app.config["KIOSK_PUBLIC_BASE_URL"] = base
    html = pages(person).get("/admin/").get_data(as_text=True)
    assert "qr-address-warning" not in html and "KIOSK_PUBLIC_BASE_URL" not in html and "二维码" not in html


def test_the_timeliness_board_pages_its_deadlines(monkeypatch, pages, client, staff, make_disclosure):
    from kiosk.admin import timeliness
    monkeypatch.setattr(timeliness, "PER_PAGE", 2)
    for day in ("2026-10-09", "2026-10-12", "2026-10-13"):
        late = make_disclosure(title=f"{day}形成的公开事项", formed_at=day, publish_at=None, expire_at=None)
        assert client.post("/api/v1/items", json=late, headers=staff["editor"]).status_code == 201
    first = pages("editor").get("/admin/timeliness").get_data(as_text=True)
    assert "共 3 条" in first and "2026-10-09形成" in first and "2026-10-13形成" not in first and "第 1 / 2 页" in first
    second = client.get("/admin/timeliness?page=2").get_data(as_text=True)
    assert "2026-10-13形成" in second and "2026-10-09形成" not in second
    assert client.get("/admin/timeliness?page=x").status_code == 200


def test_residents_ratings_are_on_the_board_least_liked_first_and_new_ones_counted_on_the_dashboard(
        pages, client, clock, publish, make_guide, make_notice):
    liked, disliked = publish(make_guide(title="生育登记")), publish(make_notice(title="停水通知"))
    for record, rating in ((liked, {"useful": "yes", "rating": "5"}),
                           (disliked, {"useful": "no", "rating": "1", "reason": "outdated"}),
                           (disliked, {"rating": "2", "reason": "unclear"})):
        assert client.post(f"/items/{record['id']}/feedback", data=rating).status_code == 303
    editor = pages("editor")
    tile = re.search(r'id="tile-ratings"><a href="([^"]+)"><span class="count">(\d+)</span>',
                     editor.get("/admin/").get_data(as_text=True))
    assert tile[1] == "/admin/timeliness#feedback" and tile[2] == "3"
    section = editor.get("/admin/timeliness").get_data(as_text=True).split('id="feedback"')[1]
    assert "新 3 条" in section
    assert section.index("停水通知") < section.index("生育登记"), "the least liked first"
    assert "1.5 分" in section and "内容过时 1" in section and "看不懂 1" in section and "outdated" not in section
    assert ">0</span>" in editor.get("/admin/").get_data(as_text=True).split('id="tile-ratings"')[1][:200], \
        "read on the board: nothing new on the dashboard"
    clock.advance(minutes=5)
    client.post(f"/items/{liked['id']}/feedback", data={"rating": "4"})
    assert ">1</span>" in pages("editor").get("/admin/").get_data(as_text=True).split('id="tile-ratings"')[1][:200]
    other = pages("ls_admin").get("/admin/timeliness").get_data(as_text=True).split('id="feedback"')[1]
    assert "还没有群众评价" in other and "停水通知" not in other
