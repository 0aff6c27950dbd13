"""Notice screens: keys, bundles with ETags, pushes to the right rooms, alerts, presence."""
from types import SimpleNamespace

import pytest

from tests.conftest import events


def bundle(client, key, etag=None):
    return client.get(f"/api/v1/screens/{key}/bundle", headers={"If-None-Match": etag} if etag else {})


def test_a_new_display_gets_a_secret_key_and_defaults(make_display):
    display = make_display()
    assert len(display["key"]) >= 20 and display["org"] == "QX-DT"
    assert display["kinds"] == ["disclosure", "guide", "notice", "media"] and display["seconds_per_slide"] == 15
    assert display["online"] is False and display["last_seen"] is None


def test_display_settings_are_validated(client, staff):
    response = client.post("/api/v1/displays", json={"name": "", "orientation": "sideways", "seconds_per_slide": 1,
                                                     "schedule": {"on": "25:00"}, "kinds": ["video"]},
                           headers=staff["admin"])
    assert response.status_code == 422
    assert {"name", "orientation", "seconds_per_slide", "schedule.on", "kinds.0"} <= set(response.json["error"]["fields"])


def test_a_screen_on_its_side_turns_its_picture_a_quarter_and_nothing_else(client, staff, make_display):
    assert make_display()["rotation"] == 0
    turned = make_display(rotation=90)
    bundle = client.get(f"/api/v1/screens/{turned['key']}/bundle").json
    assert bundle["settings"]["rotation"] == 90
    assert 'data-rotation="90"' in client.get(f"/screen/{turned['key']}").get_data(as_text=True)
    for wrong in (45, 180, "90", True):
        response = client.post("/api/v1/displays", json={"name": "斜屏", "rotation": wrong}, headers=staff["admin"])
        assert response.status_code == 422 and "rotation" in response.json["error"]["fields"], wrong


def test_the_bundle_holds_what_the_screen_shows_now(client, make_display, make_disclosure, make_notice, publish):
    display = make_display()
    record = publish(make_disclosure())
    notice = publish(make_notice())
    response = bundle(client, display["key"])
    assert response.status_code == 200 and response.headers["ETag"].startswith('"')
    data = response.json
    assert [s["id"] for s in data["slides"]] == [notice["id"], record["id"]]  # newest first
    slide = next(s for s in data["slides"] if s["id"] == record["id"])
    assert slide["title"] == record["title"] and slide["expire_at"] == record["expire_at"]
    assert ["索引号", record["index_no"]] in slide["facts"]
    assert slide["qr"]["size"] >= 21 and slide["qr"]["path"].startswith("M")
    assert slide["link"] == f"https://kiosk.example.cn/items/{record['id']}"
    assert data["ticker"][0]["text"].startswith("便民服务中心元旦假期办公安排")
    assert data["alert"] is None and data["settings"]["seconds_per_slide"] == 15


def test_an_unchanged_bundle_answers_304(client, make_display, make_notice, publish):
    display = make_display()
    publish(make_notice())
    etag = bundle(client, display["key"]).headers["ETag"]
    assert bundle(client, display["key"], etag).status_code == 304
    publish(make_notice(title="停水通知"))
    changed = bundle(client, display["key"], etag)
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_an_unknown_or_revoked_key_cannot_fetch_or_connect(client, staff, make_display, socket_client):
    display = make_display()
    assert bundle(client, "not-a-real-key-at-all").status_code == 404
    assert not socket_client("not-a-real-key-at-all").is_connected("/screens")
    screen = socket_client(display["key"])
    assert screen.is_connected("/screens")
    assert client.delete(f"/api/v1/displays/{display['id']}", headers=staff["admin"]).status_code == 200
    assert not screen.is_connected("/screens")
    assert bundle(client, display["key"]).status_code == 404
    assert not socket_client(display["key"]).is_connected("/screens")


def test_a_rotated_key_replaces_the_old_one(client, staff, make_display):
    display = make_display()
    rotated = client.post(f"/api/v1/displays/{display['id']}/key", headers=staff["admin"]).json
    assert rotated["key"] != display["key"]
    assert bundle(client, display["key"]).status_code == 404
    assert bundle(client, rotated["key"]).status_code == 200


def test_a_screen_plays_its_own_townships_records_and_shared_county_ones(
        client, make_display, make_notice, publish):
    dt_screen = make_display()
    ls_screen = make_display(who="ls_admin", name="柳山乡大厅")
    own = publish(make_notice(title="东塘镇停水通知"))
    shared = publish(make_notice(title="全县医保缴费提醒", all_townships=True), author="county_admin",
                     reviewer="county_reviewer")
    assert {s["id"] for s in bundle(client, dt_screen["key"]).json["slides"]} == {own["id"], shared["id"]}
    assert {s["id"] for s in bundle(client, ls_screen["key"]).json["slides"]} == {shared["id"]}


def test_a_screen_plays_only_the_kinds_areas_and_tags_it_is_set_to(
        client, make_display, make_disclosure, make_guide, publish):
    publish(make_disclosure())
    guide = publish(make_guide())
    assert [s["id"] for s in bundle(client, make_display(kinds=["guide"])["key"]).json["slides"]] == [guide["id"]]
    assert bundle(client, make_display(areas=["救灾"])["key"]).json["slides"] == []
    assert len(bundle(client, make_display(tags=["低保"])["key"]).json["slides"]) == 1


def test_publishing_nudges_only_the_screens_of_that_township(
        client, make_display, make_notice, publish, socket_client):
    dt_screen = socket_client(make_display()["key"])
    ls_screen = socket_client(make_display(who="ls_admin", name="柳山乡大厅")["key"])
    events(dt_screen), events(ls_screen)
    publish(make_notice())
    assert events(dt_screen, "content_changed") == [{"version": 1, "delay_ms": 0, "spread_ms": 3}]
    assert events(ls_screen, "content_changed") == []


def test_a_screen_learns_the_content_version_when_it_connects(make_display, make_notice, publish, socket_client):
    """A push sent while a screen was away is lost: on (re)connect it is told what to reach."""
    publish(make_notice())
    publish(make_notice(title="第二条"))
    screen = socket_client(make_display()["key"])
    received = [(e["name"], e["args"]) for e in screen.get_received("/screens")]
    assert received == [("content_version", [{"version": 2}])]  # not a nudge: counting nudges is unaffected


def test_withdrawal_nudges_the_screens_too(client, staff, make_display, make_notice, publish, socket_client):
    record = publish(make_notice())
    screen = socket_client(make_display()["key"])
    events(screen)
    client.post(f"/api/v1/items/{record['id']}/withdraw", headers=staff["reviewer"])
    assert events(screen, "content_changed")[0]["version"] == 2


def test_an_alert_reaches_every_screen_in_scope_at_once(client, staff, make_display, socket_client):
    hall = socket_client(make_display()["key"])
    other_hall = socket_client(make_display(hall="东塘镇石桥村便民服务站", name="服务站")["key"])
    county_screen_elsewhere = socket_client(make_display(who="ls_admin", name="柳山乡大厅")["key"])
    raised = client.post("/api/v1/alerts", json={"title": "暴雨红色预警", "body": "请勿前往河道", "level": "red",
                                                 "scope": {"halls": ["东塘镇便民服务中心"]}}, headers=staff["reviewer"])
    assert raised.status_code == 201
    assert events(hall, "alert") == [{"id": raised.json["id"], "title": "暴雨红色预警", "body": "请勿前往河道",
                                      "level": "red", "expire_at": None}]
    assert events(other_hall, "alert") == [] and events(county_screen_elsewhere, "alert") == []


def test_a_county_alert_reaches_every_township(client, staff, make_display, socket_client):
    screens = [socket_client(make_display()["key"]), socket_client(make_display(who="ls_admin")["key"])]
    client.post("/api/v1/alerts", json={"title": "全县防汛紧急转移", "level": "critical"}, headers=staff["county_admin"])
    assert all(events(s, "alert")[0]["level"] == "red" for s in screens)


def test_a_screen_that_connects_later_shows_the_active_alert_at_once(client, staff, make_display, socket_client):
    display = make_display()
    client.post("/api/v1/alerts", json={"title": "停电通知", "level": "orange"}, headers=staff["reviewer"])
    screen = socket_client(display["key"])
    assert events(screen, "alert")[0]["title"] == "停电通知"
    assert bundle(client, display["key"]).json["alert"]["title"] == "停电通知"


def test_clearing_an_alert_is_for_whoever_may_raise_one_and_reaches_every_screen(client, staff, make_display,
                                                                                 socket_client):
    display = make_display()
    screen = socket_client(display["key"])
    assert client.post("/api/v1/alerts", json={"title": "燃气泄漏"}, headers=staff["editor"]).status_code == 403
    alert = client.post("/api/v1/alerts", json={"title": "燃气泄漏"}, headers=staff["reviewer"]).json
    assert client.delete(f"/api/v1/alerts/{alert['id']}", headers=staff["editor"]).status_code == 403
    cleared = client.delete(f"/api/v1/alerts/{alert['id']}", headers=staff["admin"])
    assert cleared.status_code == 200 and cleared.json["active"] is False
    assert events(screen, "alert_cleared") == [{"id": alert["id"]}]
    assert bundle(client, display["key"]).json["alert"] is None
    assert client.delete(f"/api/v1/alerts/{alert['id']}", headers=staff["admin"]).status_code == 409


def test_staff_see_which_screens_acknowledged_an_alert(client, staff, make_display, socket_client):
    first, second = make_display(), make_display(name="右屏")
    screen = socket_client(first["key"])
    socket_client(second["key"])
    alert = client.post("/api/v1/alerts", json={"title": "疏散演练"}, headers=staff["reviewer"]).json
    screen.emit("alert_ack", {"id": alert["id"]}, namespace="/screens")
    seen = client.get(f"/api/v1/alerts/{alert['id']}", headers=staff["editor"]).json
    assert list(seen["acknowledged"]) == [str(first["id"])] and seen["pending"] == [second["id"]]


@pytest.mark.parametrize("bad", ["x", 5, None, [], {"version": "one"}, {"item_id": "1"}, {"id": True}])
def test_malformed_events_are_ignored_and_the_connection_stays(client, staff, make_display, socket_client, bad):
    display = make_display()
    screen = socket_client(display["key"])
    for event in ("heartbeat", "played", "alert_ack", "no_such_event"):
        screen.emit(event, bad, namespace="/screens")
    assert screen.is_connected("/screens")
    screen.emit("heartbeat", {"version": 7, "etag": '"abc"'}, namespace="/screens")
    listed = client.get(f"/api/v1/displays/{display['id']}", headers=staff["editor"]).json
    assert listed["online"] and listed["version"] == 7


def test_presence_shows_online_last_seen_and_the_version_shown(client, staff, make_display, socket_client, clock):
    display = make_display()
    screen = socket_client(display["key"])
    screen.emit("heartbeat", {"version": 3, "item_id": 12}, namespace="/screens")
    listed = client.get("/api/v1/displays", headers=staff["editor"]).json["items"][0]
    assert (listed["online"], listed["version"], listed["showing"]) == (True, 3, 12)
    assert listed["last_seen"] == "2026-11-23T09:00:00+08:00"
    screen.disconnect("/screens")
    assert client.get("/api/v1/displays", headers=staff["editor"]).json["items"][0]["online"] is False


def test_a_flooding_screen_is_throttled_without_affecting_others(client, staff, make_display, socket_client, screens,
                                                                 monkeypatch):
    from displays import presence
    monkeypatch.setattr(presence, "time", SimpleNamespace(monotonic=lambda: 1000.0))  # no refill on a slow machine
    flood, calm = make_display(), make_display(name="右屏")
    flooding = socket_client(flood["key"])
    quiet = socket_client(calm["key"])
    for n in range(500):
        flooding.emit("heartbeat", {"version": n}, namespace="/screens")
    quiet.emit("heartbeat", {"version": 1}, namespace="/screens")
    shown = {d["id"]: d["version"] for d in client.get("/api/v1/displays", headers=staff["editor"]).json["items"]}
    assert shown[calm["id"]] == 1
    assert shown[flood["id"]] < 100  # most of the flood was dropped, not queued
    assert flooding.is_connected("/screens")


def test_staff_can_reload_and_identify_a_screen(client, staff, make_display, socket_client):
    display = make_display()
    screen = socket_client(display["key"])
    for command in ("reload", "identify"):
        response = client.post(f"/api/v1/displays/{display['id']}/{command}", headers=staff["reviewer"])
        assert response.status_code == 200 and response.json["connections"] == 1
    names = [e["name"] for e in screen.get_received("/screens")]
    assert "reload" in names and "identify" in names


def test_proof_of_play_answers_what_a_screen_showed_at_a_time(
        client, staff, make_display, make_notice, publish, socket_client, clock):
    display = make_display()
    first, second = publish(make_notice()), publish(make_notice(title="停水通知"))
    screen = socket_client(display["key"])
    screen.emit("played", {"item_id": first["id"], "at": "2026-11-23T09:00:00+08:00"}, namespace="/screens")
    screen.emit("played", {"item_id": second["id"], "at": "2026-11-23T09:00:15+08:00"}, namespace="/screens")
    asked = client.get(f"/api/v1/displays/{display['id']}/plays", query_string={"at": "2026-11-23T09:00:10+08:00"},
                       headers=staff["editor"]).json
    assert asked["play"]["item"] == first["id"] and asked["play"]["title"] == first["title"]
    day = client.get(f"/api/v1/displays/{display['id']}/plays?day=2026-11-23", headers=staff["editor"]).json
    assert [p["item"] for p in day["items"]] == [second["id"], first["id"]]
    assert client.get(f"/api/v1/displays/{display['id']}/plays?at=soon", headers=staff["editor"]).status_code == 422


def test_pairing_a_new_screen_with_its_code(client, staff):
    started = client.post("/api/v1/pairings")
    code, secret = started.json["code"], started.json["secret"]
    assert client.get(f"/api/v1/pairings/{code}?secret={secret}").json == {"status": "waiting"}
    assert client.get(f"/api/v1/pairings/{code}?secret=wrong").status_code == 404
    claimed = client.post("/api/v1/displays/pair", json={"code": code.lower(), "name": "二楼屏"}, headers=staff["admin"])
    assert claimed.status_code == 201
    assert client.get(f"/api/v1/pairings/{code}?secret={secret}").json == {"status": "paired", "key": claimed.json["key"]}
    again = client.post("/api/v1/displays/pair", json={"code": code, "name": "x"}, headers=staff["admin"])
    assert again.status_code == 404


def test_a_township_never_sees_another_townships_screens_or_alerts(client, staff, make_display):
    display = make_display()
    alert = client.post("/api/v1/alerts", json={"title": "演练"}, headers=staff["reviewer"]).json
    assert client.get(f"/api/v1/displays/{display['id']}", headers=staff["ls_admin"]).status_code == 404
    assert client.get("/api/v1/displays", headers=staff["ls_admin"]).json["total"] == 0
    assert client.get(f"/api/v1/alerts/{alert['id']}", headers=staff["ls_admin"]).status_code == 404
    assert client.delete(f"/api/v1/alerts/{alert['id']}", headers=staff["ls_admin"]).status_code == 404


def test_the_player_page_is_served_for_a_known_key_only(client, make_display):
    display = make_display()
    page = client.get(f"/screen/{display['key']}")
    assert page.status_code == 200 and 'data-key="' + display["key"] in page.text
    assert "http://" not in page.text and "https://" not in page.text.replace("http://www.w3.org", "")
    assert client.get("/screen/nope-nope-nope-nope").status_code == 404
    assert client.get("/screen/").status_code == 200
    with client.get("/screen/sw.js") as worker:
        assert worker.headers["Service-Worker-Allowed"] == "/screen/"


def test_screens_with_the_same_filters_share_one_copy_of_the_bundle_body(
        client, screens, make_display, make_notice, publish, clock):
    publish(make_notice())
    left, right = make_display(), make_display(name="右屏")
    first = screens.bundles.bundle(screens.displays.by_key(left["key"]), "https://kiosk.example.cn", clock())
    second = screens.bundles.bundle(screens.displays.by_key(right["key"]), "https://kiosk.example.cn", clock())
    assert first.parts[1] is second.parts[1]
    assert first.etag != second.etag  # each head names its own screen
    assert client.get(f"/api/v1/screens/{left['key']}/bundle").json["display"]["name"] == "大厅左屏"


def test_the_bundle_carries_body_blocks_the_halls_time_zone_and_the_servers_clock(client, make_display, make_guide,
                                                                                 publish, clock):
    display = make_display(ticker_chars_per_second=4)
    guide = publish(make_guide())
    response = bundle(client, display["key"])
    slide = next(s for s in response.json["slides"] if s["id"] == guide["id"])
    assert slide["blocks"][0]["text"] == "申请材料" and slide["blocks"][1]["rows"][0][0] == "居民身份证"
    assert slide["countdown"] is False
    settings = response.json["settings"]
    assert settings["time_zone"] == "Asia/Shanghai" and settings["ticker_chars_per_second"] == 4
    assert int(response.headers["X-Server-Time"]) == int(clock().timestamp() * 1000)
    clock.advance(minutes=5)
    unchanged = bundle(client, display["key"], response.headers["ETag"])
    assert unchanged.status_code == 304, "the server's time is beside the bundle, not in it"
    assert int(unchanged.headers["X-Server-Time"]) == int(clock().timestamp() * 1000)


def test_the_ticker_reading_speed_is_bounded(client, staff):
    response = client.post("/api/v1/displays", json={"name": "屏", "ticker_chars_per_second": 40},
                           headers=staff["admin"])
    assert response.status_code == 422 and "ticker_chars_per_second" in response.json["error"]["fields"]


def test_a_favicon_is_served(client):
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200 and response.data[:4] == b"\x00\x00\x01\x00"
    with client.get("/static/favicon.svg") as response:
        assert response.status_code == 200


def test_a_displays_playlist_and_dayparts_go_in_its_bundle(client, staff, make_display, make_notice, make_guide,
                                                          publish, clock):
    guide = publish(make_guide())
    notice = publish(make_notice())
    display = make_display(pinned=[guide["id"]], item_seconds=[{"id": notice["id"], "seconds": 30}],
                           dayparts=[{"kinds": ["notice"], "on": "08:00", "off": "12:00"}])
    first = bundle(client, display["key"])
    assert first.json["playlist"] == [{"id": guide["id"], "seconds": 15}, {"id": notice["id"], "seconds": 30}]
    assert first.json["playlist_until"] == "2026-11-23T12:00:00+08:00"
    clock.advance(hours=3)  # 12:00: the notices' daypart is over
    later = bundle(client, display["key"], first.headers["ETag"])
    assert later.status_code == 200 and later.json["playlist"] == [{"id": guide["id"], "seconds": 15}]
    refused = client.post("/api/v1/displays", json={"name": "屏", "item_seconds": [{"id": 1, "seconds": 1}],
                                                    "dayparts": [{"kinds": ["notice"], "on": "8:00", "off": "12:00"}]},
                          headers=staff["admin"])
    assert refused.status_code == 422
    assert {"dayparts.0.on", "item_seconds.0.seconds"} <= set(refused.json["error"]["fields"])
