"""Choosing where an alert shows, in a county of 1,000 screens: halls grouped by township, and a
search box for single screens that works with or without the page script. Screens are listed
in the order people count them (屏3 before 屏27)."""
import pytest

from .staff_pages import pages  # noqa: F401  (fixture)


@pytest.fixture
def few_listed(monkeypatch):
    """The picker lists 5 screens at a time, so a dozen screens stand for a county's 1,000."""
    import kiosk.admin.alerts
    monkeypatch.setattr(kiosk.admin.alerts, "PICKER_LIMIT", 5)


def checkboxes(html, name):
    return html.count(f'name="{name}" value=')


def order_of(html, *names):
    return sorted(names, key=html.index)


def test_halls_are_offered_by_township_with_how_many_screens_each_has(pages, make_display):
    make_display(name="1号屏", hall="东塘镇便民服务中心")
    make_display(name="2号屏", hall="东塘镇便民服务中心")
    make_display(name="3号屏", hall="东塘镇第10村服务站")
    make_display(name="4号屏", hall="东塘镇第2村服务站")
    make_display("county_admin", name="1号屏", hall="龙山镇便民服务中心", org="QX-LS")
    page = pages("county_admin").get("/admin/alerts").get_data(as_text=True)
    assert page.count('<details class="hall-group"') == 2, "one group per township, folded"
    assert checkboxes(page, "halls") == 4 and "本单位全部屏幕（5 块）" in page
    assert order_of(page, "东塘镇第10村服务站", "东塘镇第2村服务站") == ["东塘镇第2村服务站", "东塘镇第10村服务站"]
    township = pages("admin").get("/admin/alerts").get_data(as_text=True)
    assert checkboxes(township, "halls") == 3 and "龙山镇" not in township
    assert '<details class="hall-group" open>' in township, "a township's own halls are shown unfolded"


def test_a_county_of_screens_is_listed_a_few_at_a_time_in_counting_order(pages, make_display, few_listed):
    for n in (27, 3, 10, 1, 2, 5, 4, 8, 9, 6, 7, 11):
        make_display(name=f"屏{n}")
    page = pages("admin").get("/admin/alerts").get_data(as_text=True)
    assert checkboxes(page, "displays") == 5 and "还有 7 块没有列出" in page
    listed = [f"<span>屏{n} " for n in (1, 2, 3, 4, 5)]
    assert order_of(page, *reversed(listed)) == listed and "<span>屏10 " not in page


def test_searching_without_the_script_keeps_what_was_typed_and_chosen_and_raises_nothing(
        pages, make_display, screens, few_listed):
    made = {n: make_display(name=f"屏{n}") for n in range(1, 13)}
    answer = pages("admin").post("/admin/alerts", data={
        "title": "防汛紧急转移", "level": "orange", "scope": "displays", "displays": [str(made[7]["id"])],
        "screen_q": "屏1", "find": "1"})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and screens.alerts.all() == []
    assert 'value="防汛紧急转移"' in page and 'value="屏1"' in page
    assert f'value="{made[7]["id"]}" checked' in page, "a screen chosen before the search stays chosen"
    found = [n for n in made if f'value="{made[n]["id"]}">' in page]
    assert found == [1, 10, 11, 12]


def test_the_search_as_you_type_answers_with_the_list_alone(pages, make_display):
    wanted = make_display(name="二楼大厅屏")
    make_display(name="一楼大厅屏")
    client = pages("admin")
    by_number = client.get(f"/admin/alerts/screens?screen_q=%23{wanted['id']}").get_data(as_text=True)
    assert checkboxes(by_number, "displays") == 1 and "二楼大厅屏" in by_number and "<html" not in by_number
    nothing = client.get("/admin/alerts/screens?screen_q=不存在").get_data(as_text=True)
    assert "没有找到名称、大厅或编号含“不存在”的屏幕" in nothing
    assert pages("editor").get("/admin/alerts/screens").status_code == 403


def test_an_alert_for_one_hall_reaches_that_halls_screens_only(pages, make_display, socket_client):
    village = socket_client(make_display(name="村屏", hall="东塘镇第2村服务站")["key"])
    centre = socket_client(make_display(name="中心屏", hall="东塘镇便民服务中心")["key"])
    for screen in (village, centre):
        screen.get_received("/screens")
    raised = pages("admin").post("/admin/alerts", data={
        "title": "村道塌方", "level": "yellow", "scope": "halls", "halls": "东塘镇第2村服务站", "no_expiry_confirmed": "1"})
    assert raised.status_code == 302
    assert [e["name"] for e in village.get_received("/screens")] == ["alert"]
    assert centre.get_received("/screens") == []


def test_choosing_hall_scope_without_a_hall_is_refused_by_the_field(pages, make_display):
    make_display()
    answer = pages("admin").post("/admin/alerts", data={"title": "演练", "scope": "halls", "no_expiry_confirmed": "1"})
    assert answer.status_code == 422 and 'id="scope-error"' in answer.get_data(as_text=True)


def test_the_screens_page_and_an_alerts_screens_are_listed_in_counting_order(pages, make_display):
    for n in (27, 3, 10):
        make_display(name=f"大厅{n}号屏")
    client = pages("admin")
    listed = client.get("/admin/screens").get_data(as_text=True)
    assert order_of(listed, "大厅27号屏", "大厅3号屏", "大厅10号屏") == ["大厅3号屏", "大厅10号屏", "大厅27号屏"]
    raised = client.post("/admin/alerts", data={"title": "演练", "scope": "all", "no_expiry_confirmed": "1"})
    detail = client.get(raised.headers["Location"]).get_data(as_text=True)
    assert order_of(detail, "大厅27号屏", "大厅3号屏", "大厅10号屏") == ["大厅3号屏", "大厅10号屏", "大厅27号屏"]


def test_another_townships_screen_in_the_scope_is_refused_by_the_field_in_chinese(pages, make_display):
    theirs = make_display("county_admin", name="龙山屏", hall="龙山镇便民服务中心", org="QX-LS")
    answer = pages("admin").post("/admin/alerts", data={"title": "演练", "scope": "displays", "no_expiry_confirmed": "1",
                                                        "displays": str(theirs["id"])})
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'id="scope-error">所选屏幕中有不属于本单位的屏幕<' in page
    assert "龙山屏" not in page and "organisation" not in page
