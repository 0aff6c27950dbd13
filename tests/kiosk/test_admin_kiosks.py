"""The 查询机 page: an admin sees their township's touchscreens and each one's address, pairs a
new one by the code it shows, renames it or moves it to another hall, gives it a new key or
retires it; every change is audited as the API's are, and nobody else gets in."""
import pytest

from .staff_pages import csrf_of, log_in, pages  # noqa: F401  (fixture)


def audited(client, staff, action):
    entries = client.get(f"/api/v1/audit?action={action}", headers=staff["admin"]).json["items"]
    return [(e["actor"], e["target"]) for e in entries]


def test_the_page_lists_only_the_townships_own_kiosks_with_their_addresses(pages, make_kiosk):
    mine = make_kiosk(name="东塘入口机")
    make_kiosk(who="ls_admin", name="柳山入口机", hall="柳山乡便民服务中心")
    page = pages("admin").get("/admin/kiosks")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "东塘入口机" in html and f"/kiosk/{mine['key']}" in html and "东塘镇便民服务中心" in html
    assert "柳山入口机" not in html and "柳山乡便民服务中心" not in html


def test_the_menu_shows_kiosks_to_admins_only(pages):
    assert 'href="/admin/kiosks"' in pages("admin").get("/admin/").get_data(as_text=True)
    for person in ("editor", "reviewer"):
        assert 'href="/admin/kiosks"' not in pages(person).get("/admin/").get_data(as_text=True)


def test_an_admin_pairs_the_code_a_new_kiosk_shows(pages, screens, client, staff):
    code, secret = screens.pairings.start()
    answer = pages("admin").post("/admin/kiosks/pair", data={"code": code.lower(), "name": "二楼查询机", "hall": "二楼大厅"})
    assert answer.status_code == 302
    kiosk = screens.kiosks.by_key(screens.pairings.poll(code, secret))
    assert (kiosk["name"], kiosk["hall"], kiosk["org"]) == ("二楼查询机", "二楼大厅", "QX-DT")
    assert "二楼查询机" in client.get(answer.headers["Location"]).get_data(as_text=True)
    assert ("admin", f"kiosk:{kiosk['id']}") in audited(client, staff, "kiosk.pair")


def expire(monkeypatch):
    from displays import pairing
    monkeypatch.setattr(pairing, "LIFETIME", -1)


def claim_first(pages, screens, code):
    assert pages("admin").post("/admin/kiosks/pair", data={"code": code, "name": "先到的"}).status_code == 302


@pytest.mark.parametrize("case", ["empty", "wrong", "expired", "already claimed"])
def test_a_code_no_kiosk_is_waiting_with_says_so_by_the_field_and_creates_nothing(pages, screens, monkeypatch, case):
    code, _ = screens.pairings.start()
    if case == "expired":
        expire(monkeypatch)
    elif case == "already claimed":
        claim_first(pages, screens, code)
    before = len(screens.kiosks.all())
    sent = {"empty": "", "wrong": "ACDEFH" if code != "ACDEFH" else "HFEDCA"}.get(case, code)
    answer = pages("admin").post("/admin/kiosks/pair", data={"code": sent, "name": "二楼查询机"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert 'id="code-error"' in html and "没有查询机显示这个登记码" in html and 'value="二楼查询机"' in html
    assert len(screens.kiosks.all()) == before


def test_a_kiosk_added_by_hand_and_a_name_left_out(pages, client, staff, screens):
    client = pages("admin")
    empty = client.post("/admin/kiosks", data={"name": " ", "hall": "一楼"})
    assert empty.status_code == 422 and 'id="name-error"' in empty.get_data(as_text=True)
    assert "请填写名称" in empty.get_data(as_text=True) and not screens.kiosks.all()
    added = client.post("/admin/kiosks", data={"name": "备用查询机", "hall": "一楼"})
    assert added.status_code == 302
    kiosk = screens.kiosks.all()[0]
    assert f"/kiosk/{kiosk['key']}" in client.get(added.headers["Location"]).get_data(as_text=True)
    assert ("admin", f"kiosk:{kiosk['id']}") in audited(client, staff, "kiosk.create")


def test_renaming_and_moving_a_kiosk_to_another_hall(pages, make_kiosk, client, staff, screens):
    kiosk = make_kiosk()
    client = pages("admin")
    answer = client.post(f"/admin/kiosks/{kiosk['id']}", data={"rev": str(kiosk["rev"]), "name": "入口一号机",
                                                             "hall": "新大厅", "idle_seconds": "120"})
    assert answer.status_code == 302
    saved = screens.kiosks.by_key(kiosk["key"])
    assert (saved["name"], saved["hall"], saved["idle_seconds"]) == ("入口一号机", "新大厅", 120)
    assert ("admin", f"kiosk:{kiosk['id']}") in audited(client, staff, "kiosk.update")
    stale = client.post(f"/admin/kiosks/{kiosk['id']}", data={"rev": str(kiosk["rev"]), "name": "别的名字"})
    assert stale.status_code == 422 and "别人刚修改过" in stale.get_data(as_text=True)


@pytest.mark.parametrize("idle", ["4", "99999999999999999999999", "-5", "1e9", "九十", "１２０"])
def test_an_idle_time_out_of_range_says_so_by_the_field(pages, make_kiosk, idle):
    kiosk = make_kiosk()
    answer = pages("admin").post(f"/admin/kiosks/{kiosk['id']}", data={"rev": str(kiosk["rev"]), "name": "入口机",
                                                                     "idle_seconds": idle})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'id="idle_seconds-error"' in html and "5 到 3600" in html


def test_a_new_key_stops_the_old_address_at_once(pages, make_kiosk, client, staff, screens):
    kiosk = make_kiosk()
    assert client.get(f"/kiosk/{kiosk['key']}").status_code == 200
    admin = pages("admin")
    unconfirmed = admin.post(f"/admin/kiosks/{kiosk['id']}/key")
    assert unconfirmed.status_code == 422 and 'id="confirm_key-error"' in unconfirmed.get_data(as_text=True)
    assert screens.kiosks.by_key(kiosk["key"]) is not None
    assert admin.post(f"/admin/kiosks/{kiosk['id']}/key", data={"confirm": "1"}).status_code == 302
    assert client.get(f"/kiosk/{kiosk['key']}").status_code == 404
    new_key = screens.kiosks.get(content_admin(client), kiosk["id"])["key"]
    assert new_key != kiosk["key"] and client.get(f"/kiosk/{new_key}").status_code == 200
    assert f"/kiosk/{new_key}" in admin.get(f"/admin/kiosks/{kiosk['id']}").get_data(as_text=True)
    assert ("admin", f"kiosk:{kiosk['id']}") in audited(client, staff, "kiosk.rotate_key")


def content_admin(client):
    return client.application.extensions["kiosk.content"].accounts.actor("admin")


def test_a_kiosk_with_a_new_key_is_paired_again_by_its_code(pages, make_kiosk, screens):
    kiosk = make_kiosk()
    code, secret = screens.pairings.start()
    admin = pages("admin")
    wrong = admin.post(f"/admin/kiosks/{kiosk['id']}/pair", data={"code": "XXXXXX"})
    assert wrong.status_code == 422 and 'id="code-error"' in wrong.get_data(as_text=True)
    assert admin.post(f"/admin/kiosks/{kiosk['id']}/pair", data={"code": code}).status_code == 302
    assert screens.pairings.poll(code, secret) == kiosk["key"]


def test_retiring_a_kiosk_needs_a_confirm_and_takes_it_off_the_list(pages, make_kiosk, client, staff):
    kiosk = make_kiosk(name="旧查询机")
    admin = pages("admin")
    assert admin.post(f"/admin/kiosks/{kiosk['id']}/retire").status_code == 422
    assert client.get(f"/kiosk/{kiosk['key']}").status_code == 200
    answer = admin.post(f"/admin/kiosks/{kiosk['id']}/retire", data={"confirm": "1"})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/admin/kiosks")
    assert client.get(f"/kiosk/{kiosk['key']}").status_code == 404
    assert "旧查询机" not in admin.get("/admin/kiosks").get_data(as_text=True).replace("“旧查询机”已停用", "")
    assert admin.get(f"/admin/kiosks/{kiosk['id']}").status_code == 404
    assert ("admin", f"kiosk:{kiosk['id']}") in audited(client, staff, "kiosk.revoke")


def every_request(kiosk_id, code="ACDEFH"):
    return [("GET", "/admin/kiosks", None), ("POST", "/admin/kiosks", {"name": "x"}),
            ("POST", "/admin/kiosks/pair", {"code": code, "name": "x"}),
            ("GET", f"/admin/kiosks/{kiosk_id}", None), ("POST", f"/admin/kiosks/{kiosk_id}", {"rev": "1", "name": "x"}),
            ("POST", f"/admin/kiosks/{kiosk_id}/pair", {"code": code}),
            ("POST", f"/admin/kiosks/{kiosk_id}/key", {"confirm": "1"}),
            ("POST", f"/admin/kiosks/{kiosk_id}/retire", {"confirm": "1"})]


@pytest.mark.parametrize("person", ["editor", "reviewer"])
def test_editors_and_reviewers_get_403_and_change_nothing(pages, make_kiosk, screens, person):
    kiosk = make_kiosk()
    code, _ = screens.pairings.start()
    client = pages(person)
    for method, url, data in every_request(kiosk["id"], code):
        assert client.open(url, method=method, data=data).status_code == 403, url
    assert screens.kiosks.all() == [screens.kiosks.by_key(kiosk["key"])]


def test_another_townships_kiosk_answers_404(pages, make_kiosk, screens):
    kiosk = make_kiosk()
    client = pages("ls_admin")
    for method, url, data in every_request(kiosk["id"])[3:]:
        assert client.open(url, method=method, data=data).status_code == 404, url
    assert screens.kiosks.by_key(kiosk["key"])["name"] == "大厅查询机"


def test_every_form_needs_its_csrf_token(app, client, make_kiosk, screens):
    kiosk = make_kiosk()
    log_in(client, "admin")
    for method, url, data in every_request(kiosk["id"])[1:]:
        if method == "POST":
            assert client.post(url, data=data).status_code == 400, url
    assert screens.kiosks.by_key(kiosk["key"])["name"] == "大厅查询机"
    token = csrf_of(client.get(f"/admin/kiosks/{kiosk['id']}").get_data(as_text=True))
    renamed = client.post(f"/admin/kiosks/{kiosk['id']}", data={"csrf_token": token, "rev": "1", "name": "改名"})
    assert renamed.status_code == 302


@pytest.mark.parametrize("query", ["page=99999999999999999999999", "page=-1", "page=x", "page=%EF%BC%91",
                                   "q=" + "查" * 5000, "org=QX-LS", "org=%00", "q=%F0%9F%98%80&page=2"])
def test_odd_query_strings_give_a_normal_page(pages, make_kiosk, query):
    make_kiosk()
    answer = pages("admin").get(f"/admin/kiosks?{query}")
    assert answer.status_code == 200


@pytest.mark.parametrize("kiosk_id", ["99999999999999999999999", "-1", "x", "1e3", "%EF%BC%91"])
def test_odd_kiosk_ids_are_404(pages, kiosk_id):
    client = pages("admin")
    assert client.get(f"/admin/kiosks/{kiosk_id}").status_code == 404
    assert client.post(f"/admin/kiosks/{kiosk_id}/key", data={"confirm": "1"}).status_code == 404


def test_an_unknown_action_is_404(pages, make_kiosk):
    kiosk = make_kiosk()
    assert pages("admin").post(f"/admin/kiosks/{kiosk['id']}/reload").status_code == 404


def test_the_list_pages_fifty_at_a_time(pages, make_kiosk, monkeypatch):
    from kiosk.admin import devices
    monkeypatch.setattr(devices, "PER_PAGE", 2)
    for n in range(3):
        make_kiosk(name=f"查询机{n}")
    client = pages("admin")
    first, last = client.get("/admin/kiosks").get_data(as_text=True), client.get("/admin/kiosks?page=9").get_data(as_text=True)
    assert "查询机0" in first and "查询机2" not in first and "第 1 / 2 页" in first
    assert "查询机2" in last and "第 2 / 2 页" in last
    assert "查询机1" in client.get("/admin/kiosks?q=查询机1").get_data(as_text=True)


def test_the_kiosk_pairing_page_names_the_staff_page_that_claims_it(client):
    assert "“查询机”页面" in client.get("/kiosk/").get_data(as_text=True)
