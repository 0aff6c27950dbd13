"""A notice screen left open in Chromium follows every change within a second, and
survives the server going away."""
import datetime as dt
import time

import pytest

from content.dates import DEFAULT_TZ
from tests.e2e.waiting import SW_ACTIVE, wait_until

pytestmark = [pytest.mark.e2e, pytest.mark.timing]  # times itself: run alone (Makefile)
WITHIN = 1000  # ms: "on every screen within a second"


def in_ticker(page, title, present=True):
    """Wait (at most a second) until the ticker plays, or no longer plays, `title` (it scrolls
    one notice at a time: what it plays is its queue)."""
    negate = "" if present else "!"
    page.wait_for_function(f"() => {negate}window.screenPlayer.tickerTexts().join('\\n').includes({title!r})",
                           timeout=WITHIN)


def open_screen(page, server, api, **settings):
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏", "hall": "便民服务中心",
                                                         "seconds_per_slide": 5, **settings}, who="admin")
    page.goto(f"{server.url}/screen/{display['key']}")
    page.wait_for_function("() => window.screenPlayer && window.screenPlayer.bundle && window.screenPlayer.etag")
    page.wait_for_function("() => window.screenPlayer.online")
    return display


def boot_of(page):
    return page.evaluate("() => window.screenPlayer.bootedAt")


def test_a_screen_follows_publish_withdrawal_window_end_and_alerts_without_reloading(server_factory, page, api_for):
    server = server_factory()
    api = api_for(server)
    first = api.publish(kind="notice", title="便民服务中心元旦假期办公安排", summary="1月1日休息。")
    open_screen(page, server, api)
    page.wait_for_selector(".slide-title")
    assert page.text_content(".slide-title") == first["title"]
    booted = boot_of(page)

    second = api.publish(kind="notice", title="东塘镇停水通知", summary="明日8时至12时停水。")
    in_ticker(page, "东塘镇停水通知")

    api.call("POST", f"/api/v1/items/{second['id']}/withdraw", who="reviewer")
    in_ticker(page, "东塘镇停水通知", present=False)

    ends = dt.datetime.now(DEFAULT_TZ) + dt.timedelta(seconds=3)
    api.publish(kind="notice", title="临时交通管制", expire_at=ends.isoformat(timespec="seconds"))
    in_ticker(page, "临时交通管制")
    time.sleep(max(0.0, (ends - dt.datetime.now(DEFAULT_TZ)).total_seconds()))
    in_ticker(page, "临时交通管制", present=False)

    api.call("POST", "/api/v1/alerts", who="reviewer",
             json={"title": "暴雨红色预警", "body": "请勿前往河道", "level": "red"})
    page.wait_for_selector("#alert:not([hidden])", timeout=WITHIN)
    assert page.text_content("#alert-title") == "暴雨红色预警"
    assert boot_of(page) == booted, "the page must never reload to follow a change"


def test_an_admin_clears_the_alert_on_the_screen(server_factory, page, api_for):
    server = server_factory()
    api = api_for(server)
    admin = {"Authorization": "Bearer " + server.run_command("create-token", "e2e-admin").stdout.strip()}
    open_screen(page, server, api)
    alert = api.call("POST", "/api/v1/alerts", who="reviewer", json={"title": "燃气泄漏，请立即疏散", "level": "red"})
    page.wait_for_selector("#alert:not([hidden])", timeout=WITHIN)
    assert api.http.delete(f"{server.url}/api/v1/alerts/{alert['id']}", headers=admin).status_code == 200
    page.wait_for_selector("#alert", state="hidden", timeout=WITHIN)
    acked = api.call("GET", f"/api/v1/alerts/{alert['id']}")
    assert acked["pending"] == [] and len(acked["acknowledged"]) == 1


def test_a_screen_keeps_rotating_while_the_server_is_down_and_catches_up_after(server_factory, page, api_for):
    server = server_factory()
    api = api_for(server)
    for title in ("城乡低保新增对象公示", "耕地地力保护补贴发放结果", "防汛应急避险转移路线通告"):
        api.publish(kind="notice", title=title)
    open_screen(page, server, api)
    booted = boot_of(page)
    server.stop()
    page.wait_for_function("() => !window.screenPlayer.online", timeout=5000)
    shown = {page.text_content(".slide-title")}
    deadline = time.monotonic() + 12
    while len(shown) < 3 and time.monotonic() < deadline:
        page.wait_for_timeout(500)
        shown.add(page.text_content(".slide-title"))
    assert len(shown) == 3, "the screen must keep rotating its last bundle while the server is away"
    assert "离线" in page.text_content("#status")

    server.restart()
    page.wait_for_function("() => window.screenPlayer.online", timeout=60000)
    api.publish(kind="notice", title="服务器恢复后的新通知")
    in_ticker(page, "服务器恢复后的新通知")
    assert boot_of(page) == booted


def test_a_screen_comes_back_from_a_reload_while_the_server_is_away(server_factory, page, api_for):
    server = server_factory()
    api = api_for(server)
    api.publish(kind="notice", title="离线也要显示的通知")
    open_screen(page, server, api)
    wait_until(page, SW_ACTIVE, timeout_s=10, what="the service worker active")
    page.reload()  # once under the service worker's control, so it has cached the page and scripts
    page.wait_for_function("() => window.screenPlayer && window.screenPlayer.online", timeout=10000)
    # the worker keeps the page and its scripts as they pass (not awaited): wait until they are kept
    wait_until(page, """async () => { const cache = await caches.open('screen-shell-v1');
        const urls = [location.href, ...performance.getEntriesByType('resource').map((e) => e.name)
            .filter((u) => /\\.(js|css)(\\?|$)/.test(u) && !u.includes('/socket.io/'))];
        for (const url of urls) if (!(await cache.match(url))) return false;
        return true; }""", timeout_s=10, what="the page and its scripts kept by the worker")
    server.stop()
    page.reload()
    page.wait_for_selector(".slide-title", timeout=10000)
    assert page.text_content(".slide-title") == "离线也要显示的通知"
