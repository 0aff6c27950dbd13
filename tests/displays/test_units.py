"""displays/ on its own: pairing codes, message budgets, play reports, reach of alerts, schedule."""
import datetime as dt

import pytest

from content import open_content
from content.accounts import Actor
from content.dates import DEFAULT_TZ
from content.errors import Invalid, NotFound
from content.publication import PublicSet
from displays import alerts as alerts_module, pairing, presence
from displays.alerts import Alerts
from displays.bundles import qr_path
from displays.pairing import Pairings
from displays.plays import PlayLog
from displays.presence import Presence
from displays.schedule import EVERYONE, orgs_crossing

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=DEFAULT_TZ)


@pytest.fixture
def content(tmp_path):
    content = open_content(tmp_path)
    content.orgs.create("QX", "青溪县")
    content.orgs.create("QX-DT", "东塘镇", "QX")
    content.orgs.create("QX-LS", "柳山乡", "QX")
    return content


def actor(org, role="editor"):
    return Actor(f"{role}@{org}", role, org, frozenset({org}) if org != "QX" else frozenset({"QX", "QX-DT", "QX-LS"}))


def test_pairing_codes_are_short_unambiguous_and_expire(monkeypatch):
    pairings = Pairings()
    code, secret = pairings.start()
    assert len(code) == 6 and set(code) <= set(pairing.ALPHABET)
    assert pairings.poll(code, secret) is None
    pairings.claim(code.lower(), {"key": "k" * 24, "id": 1})
    assert pairings.poll(code, secret) == "k" * 24
    late_code, late_secret = pairings.start()
    monkeypatch.setattr(pairing, "LIFETIME", -1)
    with pytest.raises(NotFound):
        pairings.poll(late_code, late_secret)


def test_a_screens_message_budget_refills_with_time(content, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(presence.time, "monotonic", lambda: clock[0])
    seen = Presence(content.store)
    seen.connect(1, "sid", NOW)
    assert sum(seen.allow("sid") for _ in range(100)) == presence.BURST
    clock[0] += 1
    assert sum(seen.allow("sid") for _ in range(100)) == int(presence.PER_SECOND)
    assert seen.allow("unknown-sid") is False


def test_last_seen_survives_a_restart_in_one_write(content):
    seen = Presence(content.store)
    seen.connect(7, "sid", NOW)
    assert seen.flush() is True and seen.flush() is False
    assert Presence(content.store).status(7)["last_seen"] == "2026-11-23T09:00:00+08:00"


def test_play_reports_trust_the_screen_clock_only_when_plausible(content):
    plays = PlayLog(content.store)
    plays.record(1, 10, "2026-11-23T08:59:30+08:00", NOW)
    plays.record(1, 11, "1999-01-01T00:00:00+08:00", NOW)  # a screen with a dead clock battery
    plays.record(1, 12, "not a time", NOW + dt.timedelta(seconds=5))
    assert plays.flush() == 3
    assert [p["at"] for p in plays.history(1, NOW.date())] == [
        "2026-11-23T09:00:05+08:00", "2026-11-23T09:00:00+08:00", "2026-11-23T08:59:30+08:00"]
    assert plays.shown_at(1, NOW - dt.timedelta(seconds=10))["item"] == 10
    assert plays.shown_at(1, NOW - dt.timedelta(hours=1)) is None


def test_alert_levels_accept_the_colours_and_english_aliases(content):
    alerts = Alerts(content.store, content.orgs)
    assert alerts.raise_alert(actor("QX-DT", "reviewer"), {"title": "a", "level": "warning"}, NOW)["level"] == "orange"
    assert alerts.raise_alert(actor("QX-DT", "reviewer"), {"title": "b", "level": "黄色"}, NOW)["level"] == "yellow"
    with pytest.raises(Invalid):
        alerts.raise_alert(actor("QX-DT", "reviewer"), {"title": "c", "level": "purple"}, NOW)


def test_an_alert_reaches_its_org_and_the_orgs_below_it(content):
    alerts = Alerts(content.store, content.orgs)
    dt_screen, ls_screen = {"id": 2, "org": "QX-DT", "hall": ""}, {"id": 3, "org": "QX-LS", "hall": ""}
    for screen in (dt_screen, ls_screen):
        content.store.table("displays").put(screen["id"], screen)
    county = alerts.raise_alert(actor("QX", "reviewer"), {"title": "全县"}, NOW)
    township = alerts.raise_alert(actor("QX-DT", "reviewer"), {"title": "东塘", "scope": {"displays": [2]}}, NOW)
    with pytest.raises(Invalid):  # a scope may not name another township's screen
        alerts.raise_alert(actor("QX-DT", "reviewer"), {"title": "东塘", "scope": {"displays": [3]}}, NOW)
    assert alerts.reaches(county, dt_screen) and alerts.reaches(county, ls_screen)
    assert alerts.reaches(township, dt_screen) and not alerts.reaches(township, ls_screen)
    assert alerts.for_display(dt_screen, NOW)["id"] == township["id"]  # same level: the newest


def test_the_most_severe_alert_wins(content):
    alerts = Alerts(content.store, content.orgs)
    red = alerts.raise_alert(actor("QX", "reviewer"), {"title": "红色", "level": "red"}, NOW)
    alerts.raise_alert(actor("QX-DT", "reviewer"), {"title": "蓝色", "level": "blue"}, NOW)
    assert alerts.for_display({"id": 1, "org": "QX-DT", "hall": ""}, NOW)["id"] == red["id"]
    assert alerts_module.LEVELS["red"] > alerts_module.LEVELS["blue"]


def test_window_crossings_name_the_orgs_to_nudge():
    def live(item_id, org, start=None, end=None, shared=False):
        return {"id": item_id, "rev": 2, "org": org, "status": "published", "publish_at": start,
                "expire_at": end, "all_townships": shared}
    public = PublicSet(1, [live(1, "QX-DT", end="2026-11-23T10:00:00+08:00"),
                           live(2, "QX-LS", start="2026-11-23T12:00:00+08:00"),
                           live(3, "QX", end="2026-11-24T00:00:00+08:00", shared=True)])
    assert orgs_crossing(public, NOW, NOW + dt.timedelta(hours=1)) == {"QX-DT"}
    assert orgs_crossing(public, NOW, NOW + dt.timedelta(hours=3)) == {"QX-DT", "QX-LS"}
    assert EVERYONE in orgs_crossing(public, NOW, NOW + dt.timedelta(days=1))
    assert public.next_boundary(NOW) == NOW + dt.timedelta(hours=1)


def test_the_qr_path_draws_the_same_modules_as_the_qr_library():
    import qrcode
    code = qrcode.QRCode(border=0, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data("https://kiosk.example.cn/items/1")
    matrix = code.get_matrix()
    drawn = qr_path("https://kiosk.example.cn/items/1")
    assert drawn["size"] == len(matrix)
    dark = sum(int(part.split("h")[1].split("v")[0]) for part in drawn["path"].split("z") if part)
    assert dark == sum(sum(row) for row in matrix)


def test_play_reports_wait_in_memory_while_the_disk_is_full(content, monkeypatch):
    from content.errors import StorageFull
    from content.journal import Journal
    plays = PlayLog(content.store)
    plays.record(1, 10, None, NOW)
    real = Journal.append_many

    def full(self, entries):
        raise StorageFull("the disk is full")
    monkeypatch.setattr(Journal, "append_many", full)
    with pytest.raises(StorageFull):
        plays.flush()
    monkeypatch.setattr(Journal, "append_many", real)
    assert plays.flush() == 1 and plays.history(1, NOW.date())[0]["item"] == 10
