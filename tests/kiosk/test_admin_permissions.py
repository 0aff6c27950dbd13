"""One permission table (content/permissions.py) drives both the JSON API and the staff pages:
role × org relation × action → status. Another township's ids answer 404 everywhere."""
import pytest

from content.permissions import PERMISSIONS

from .staff_pages import log_in

# The README's table, pinned: a change to who may do what must change this line too.
EVERYONE = {"item.read", "item.write", "item.submit", "display.read", "deadline.read", "item.import", "board.print"}
README = {"editor": EVERYONE,
          "reviewer": EVERYONE | {"item.review", "item.approve", "item.reject", "item.withdraw", "alert.raise",
                                  "alert.clear", "display.command"},
          "admin": set(PERMISSIONS)}
# Who acts (all with tokens from tests/conftest.py's `staff` fixture) and where they stand.
PEOPLE = {"editor": ("editor", "own"), "reviewer": ("reviewer", "own"), "admin": ("admin", "own"),
          "ls_admin": ("admin", "other township"), "county_admin": ("admin", "county over township")}


def test_the_table_is_the_readme_table():
    assert {role: {a for a, roles in PERMISSIONS.items() if role in roles} for role in README} == README


def expected(person, action):
    role, relation = PEOPLE[person]
    if relation == "other township" and action not in ("audit.read", "user.manage", "token.manage", "alert.raise",
                                                       "deadline.read", "calendar.enter", "item.import", "board.print"):
        # what they would act on belongs to 东塘镇: as if it did not exist
        return 404
    return "ok" if role in PERMISSIONS[action] else 403


@pytest.fixture
def world(client, staff, make_notice, publish):
    """A 东塘镇 record for every action: a draft, one in review by someone else, one published."""
    def create(**overrides):
        made = client.post("/api/v1/items", json=make_notice(**overrides), headers=staff["other_editor"])
        assert made.status_code == 201
        return made.json
    draft = create(title="草稿")
    review = create(title="待审")
    review = client.post(f"/api/v1/items/{review['id']}/submit", headers=staff["other_editor"]).json
    published = publish(make_notice(title="已发布"), author="other_editor")
    alert = client.post("/api/v1/alerts", json={"title": "演练"}, headers=staff["reviewer"]).json
    display = client.post("/api/v1/displays", json={"name": "大厅屏"}, headers=staff["admin"]).json
    kiosk = client.post("/api/v1/kiosks", json={"name": "查询机"}, headers=staff["admin"]).json
    return {"draft": draft, "review": review, "published": published, "alert": alert, "display": display,
            "kiosk": kiosk}


def api_call(client, headers, action, world):
    """The API request that takes `action`, as (method, url, kwargs)."""
    r = world
    calls = {
        "item.read": ("GET", f"/api/v1/items/{r['draft']['id']}", {}),
        "item.write": ("PUT", f"/api/v1/items/{r['draft']['id']}", {"json": {"title": "改"},
                                                                    "headers": {"If-Match": str(r['draft']['rev'])}}),
        "item.submit": ("POST", f"/api/v1/items/{r['draft']['id']}/submit", {}),
        "item.approve": ("POST", f"/api/v1/items/{r['review']['id']}/approve",
                         {"headers": {"If-Match": str(r["review"]["rev"])}}),
        "item.reject": ("POST", f"/api/v1/items/{r['review']['id']}/reject", {"json": {"comment": "请补充"}}),
        "item.withdraw": ("POST", f"/api/v1/items/{r['published']['id']}/withdraw", {"json": {"comment": "有误"}}),
        "alert.raise": ("POST", "/api/v1/alerts", {"json": {"title": "演练", "expire_at": "2026-11-24T08:00:00+08:00"}}),
        "audit.read": ("GET", "/api/v1/audit", {}),
        "alert.clear": ("DELETE", f"/api/v1/alerts/{r['alert']['id']}", {}),
        "board.print": ("GET", "/api/v1/notices/board", {}),
        "display.read": ("GET", f"/api/v1/displays/{r['display']['id']}", {}),
        "display.command": ("POST", f"/api/v1/displays/{r['display']['id']}/identify", {}),
        "display.manage": ("PUT", f"/api/v1/displays/{r['display']['id']}",
                           {"json": {"name": "改名"}, "headers": {"If-Match": str(r["display"]["rev"])}}),
        "deadline.read": ("GET", "/api/v1/timeliness", {}),
        "calendar.enter": ("PUT", "/api/v1/calendar/2027", {"json": {"holidays": ["2027-01-01"], "workdays": []}}),
        "item.import": ("POST", "/api/v1/catalogue/import?dry_run=1&filename=rows.csv",
                        {"data": "标题,类型\n测试,通知公告\n".encode(), "content_type": "text/csv"}),
    }
    if action not in calls:
        return None
    method, url, kwargs = calls[action]
    extra = kwargs.pop("headers", {})
    return client.open(url, method=method, headers={**headers, **extra}, **kwargs)


def page_call(client, action, world, person):
    r = world
    calls = {
        "item.read": ("GET", f"/admin/records/{r['draft']['id']}", None),
        "item.write": ("POST", f"/admin/records/{r['draft']['id']}", {"rev": str(r["draft"]["rev"]), "title": "改"}),
        "item.submit": ("POST", f"/admin/records/{r['draft']['id']}/submit", {"rev": str(r["draft"]["rev"])}),
        "item.review": ("GET", f"/admin/review/{r['review']['id']}", None),
        "item.approve": ("POST", f"/admin/review/{r['review']['id']}",
                         {"rev": str(r["review"]["rev"]), "decision": "approve", "secrecy": "y", "privacy": "y",
                          "legality": "y", "wording": "y"}),
        "item.reject": ("POST", f"/admin/review/{r['review']['id']}",
                        {"rev": str(r["review"]["rev"]), "decision": "reject", "comment": "请补充依据"}),
        "item.withdraw": ("POST", f"/admin/records/{r['published']['id']}/withdraw",
                          {"rev": str(r["published"]["rev"]), "comment": "信息有误"}),
        "audit.read": ("GET", "/admin/audit", None),
        "alert.raise": ("GET", "/admin/alerts", None),
        "alert.clear": ("POST", f"/admin/alerts/{r['alert']['id']}/clear", {}),
        "display.read": ("GET", f"/admin/screens/{r['display']['id']}", None),
        "display.command": ("POST", f"/admin/screens/{r['display']['id']}/identify", {}),
        "display.manage": ("POST", f"/admin/screens/{r['display']['id']}",
                           {"rev": str(r["display"]["rev"]), "name": "改名", "kind_notice": "1"}),
        "deadline.read": ("GET", "/admin/timeliness", None),
        "calendar.enter": ("POST", "/admin/timeliness/calendar", {"year": "2027", "holidays": "2027-01-01"}),
        "item.import": ("GET", "/admin/imports", None),
        "board.print": ("GET", "/admin/board", None),
        "user.manage": ("GET", "/admin/users", None),
        "token.manage": ("POST", "/admin/tokens", {"user": person, "label": "脚本"}),
    }
    if action not in calls:
        return None
    method, url, data = calls[action]
    return client.open(url, method=method, data=data)


def check(response, want):
    if want == "ok":
        assert response.status_code in (200, 201, 302), response.get_data(as_text=True)[:400]
    else:
        assert response.status_code == want, response.get_data(as_text=True)[:400]


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_the_api_follows_the_table(client, staff, world, person, action):
    response = api_call(client, staff[person], action, world)
    if response is None:
        pytest.skip(f"{action} has no API endpoint of its own")
    check(response, expected(person, action))


def screen_calls(client, world):
    """Every API endpoint that manages screens and kiosks: each is `display.manage` in the table."""
    display, kiosk = world["display"], world["kiosk"]

    def code():
        return client.post("/api/v1/pairings").json["code"]
    return {
        "create display": lambda: ("POST", "/api/v1/displays", {"name": "新屏", "org": "QX-DT"}),
        "update display": lambda: ("PUT", f"/api/v1/displays/{display['id']}", {"name": "改名"}),
        "retire display": lambda: ("DELETE", f"/api/v1/displays/{display['id']}", None),
        "rotate display key": lambda: ("POST", f"/api/v1/displays/{display['id']}/key", None),
        "pair a new display": lambda: ("POST", "/api/v1/displays/pair", {"code": code(), "name": "新屏", "org": "QX-DT"}),
        "pair an old display": lambda: ("POST", "/api/v1/displays/pair", {"code": code(), "display_id": display["id"]}),
        "create kiosk": lambda: ("POST", "/api/v1/kiosks", {"name": "查询机", "org": "QX-DT"}),
        "pair a new kiosk": lambda: ("POST", "/api/v1/kiosks/pair", {"code": code(), "name": "查询机", "org": "QX-DT"}),
        "pair an old kiosk": lambda: ("POST", "/api/v1/kiosks/pair", {"code": code(), "kiosk_id": kiosk["id"]}),
        "update kiosk": lambda: ("PUT", f"/api/v1/kiosks/{kiosk['id']}", {"hall": "二楼"}),
        "retire kiosk": lambda: ("DELETE", f"/api/v1/kiosks/{kiosk['id']}", None),
        "rotate kiosk key": lambda: ("POST", f"/api/v1/kiosks/{kiosk['id']}/key", None),
    }


SCREEN_CALLS = ("create display", "update display", "retire display", "rotate display key", "pair a new display",
                "pair an old display", "create kiosk", "pair a new kiosk", "pair an old kiosk", "update kiosk",
                "retire kiosk", "rotate kiosk key")


@pytest.mark.parametrize("call", SCREEN_CALLS)
@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_every_screen_and_kiosk_endpoint_follows_the_table(client, staff, world, person, call):
    method, url, body = screen_calls(client, world)[call]()
    response = client.open(url, method=method, json=body, headers=staff[person])
    check(response, expected(person, "display.manage"))


@pytest.mark.parametrize("action", sorted(PERMISSIONS))
@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_the_pages_follow_the_table(app, client, staff, world, person, action):
    app.config["WTF_CSRF_ENABLED"] = False
    log_in(client, person)
    response = page_call(client, action, world, person)
    if response is None:
        pytest.skip(f"{action} has no staff page yet (operations issue)")
    check(response, expected(person, action))


def kiosk_page_calls(client, world):
    """Every staff page that manages kiosks, as (method, url, form, acts on 东塘镇's kiosk): all `display.manage`."""
    kiosk = world["kiosk"]["id"]

    def code():
        return client.post("/api/v1/pairings").json["code"]
    return {
        "list kiosks": lambda: ("GET", "/admin/kiosks", None, False),
        "add a kiosk": lambda: ("POST", "/admin/kiosks", {"name": "查询机"}, False),
        "pair a new kiosk": lambda: ("POST", "/admin/kiosks/pair", {"code": code(), "name": "查询机"}, False),
        "open a kiosk": lambda: ("GET", f"/admin/kiosks/{kiosk}", None, True),
        "change a kiosk": lambda: ("POST", f"/admin/kiosks/{kiosk}", {"rev": "1", "hall": "二楼", "name": "查询机"}, True),
        "pair an old kiosk": lambda: ("POST", f"/admin/kiosks/{kiosk}/pair", {"code": code()}, True),
        "rotate a kiosk's key": lambda: ("POST", f"/admin/kiosks/{kiosk}/key", {"confirm": "1"}, True),
        "retire a kiosk": lambda: ("POST", f"/admin/kiosks/{kiosk}/retire", {"confirm": "1"}, True),
    }


KIOSK_PAGES = ("list kiosks", "add a kiosk", "pair a new kiosk", "open a kiosk", "change a kiosk", "pair an old kiosk",
               "rotate a kiosk's key", "retire a kiosk")


@pytest.mark.parametrize("call", KIOSK_PAGES)
@pytest.mark.parametrize("person", sorted(PEOPLE))
def test_every_kiosk_page_follows_the_table(app, client, world, person, call):
    app.config["WTF_CSRF_ENABLED"] = False
    method, url, form, on_their_kiosk = kiosk_page_calls(client, world)[call]()
    log_in(client, person)
    want = expected(person, "display.manage")
    check(client.open(url, method=method, data=form), want if on_their_kiosk or want != 404 else "ok")


def test_another_townships_ids_are_404_on_every_page(app, client, staff, world):
    log_in(client, "ls_admin")
    item = world["published"]["id"]
    for url in (f"/admin/records/{item}", f"/admin/records/{item}/revisions", f"/admin/records/{item}/revisions/1",
                f"/admin/records/{item}/compare?a=1&b=2", f"/admin/review/{world['review']['id']}"):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/admin/records/{item}/revisions/1/restore").status_code in (400, 404)


def test_a_logged_out_visitor_is_sent_to_login_and_back(client):
    response = client.get("/admin/records?kind=guide")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=")
    assert "records" in response.headers["Location"]


def test_a_form_without_the_csrf_token_is_refused(client, staff, world):
    log_in(client, "editor")
    before = client.get(f"/api/v1/items/{world['draft']['id']}", headers=staff["editor"]).json
    response = client.post(f"/admin/records/{world['draft']['id']}", data={"rev": str(before["rev"]), "title": "伪造"})
    assert response.status_code == 400
    after = client.get(f"/api/v1/items/{world['draft']['id']}", headers=staff["editor"]).json
    assert after == before
