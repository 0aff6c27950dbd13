"""Screens change by themselves when a window opens or ends, or an alert expires."""
from kiosk.screens.tasks import LONGEST_SLEEP
from tests.conftest import events


def test_the_scheduler_sleeps_until_the_next_window_boundary(app, make_disclosure, publish, clock):
    scheduler = app.extensions["kiosk.scheduler"]
    assert scheduler.seconds_to_sleep(clock()) == LONGEST_SLEEP  # nothing due: only the safety net
    publish(make_disclosure(publish_at="2026-11-23T09:30:00+08:00", expire_at="2026-11-30T08:00:00+08:00"))
    assert scheduler.seconds_to_sleep(clock()) == 1800.005


def test_a_record_leaves_the_screens_when_its_window_ends(
        app, client, make_display, make_disclosure, publish, socket_client, clock):
    display = make_display()
    record = publish(make_disclosure())
    screen = socket_client(display["key"])
    events(screen)
    scheduler = app.extensions["kiosk.scheduler"]
    scheduler.checked_until = clock()
    clock.advance(days=6, hours=22)
    assert scheduler.tick(clock()) == set()
    clock.advance(hours=2)
    assert scheduler.tick(clock()) == {"QX-DT"}
    assert events(screen, "content_changed")[0]["version"] == 2
    assert client.get("/healthz").json["content_version"] == 2
    assert record["id"] not in [s["id"] for s in client.get(f"/api/v1/screens/{display['key']}/bundle").json["slides"]]


def test_a_scheduled_record_arrives_by_itself(app, client, make_display, make_notice, publish, socket_client, clock):
    display = make_display()
    publish(make_notice(publish_at="2026-11-23T10:00:00+08:00"))
    assert client.get(f"/api/v1/screens/{display['key']}/bundle").json["slides"] == []
    screen = socket_client(display["key"])
    scheduler = app.extensions["kiosk.scheduler"]
    scheduler.checked_until = clock()
    clock.advance(hours=1)
    scheduler.tick(clock())
    assert events(screen, "content_changed")
    assert len(client.get(f"/api/v1/screens/{display['key']}/bundle").json["slides"]) == 1


def test_an_alert_ends_by_itself_at_its_expiry(app, client, staff, make_display, socket_client, clock):
    display = make_display()
    screen = socket_client(display["key"])
    alert = client.post("/api/v1/alerts", json={"title": "道路封闭", "expire_at": "2026-11-23T12:00:00+08:00"},
                        headers=staff["reviewer"]).json
    scheduler = app.extensions["kiosk.scheduler"]
    scheduler.checked_until = clock()
    clock.advance(hours=3)
    scheduler.tick(clock())
    assert events(screen, "alert_cleared") == [{"id": alert["id"]}]
    assert client.get(f"/api/v1/screens/{display['key']}/bundle").json["alert"] is None


def test_an_alert_that_would_already_be_over_is_refused(client, staff):
    response = client.post("/api/v1/alerts", json={"title": "x", "expire_at": "2026-11-23T08:00:00+08:00"},
                           headers=staff["reviewer"])
    assert response.status_code == 422 and "expire_at" in response.json["error"]["fields"]
