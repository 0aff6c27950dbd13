"""A process dies under its screens: the players come back through nginx to the other one,
up to date, whether or not the message queue (Redis) still carries pushes."""
import time

import pytest
import requests

from tests.e2e.services import stop, two_processes_behind_nginx

pytestmark = pytest.mark.e2e

RECONNECT_BOUND = 30  # seconds: the player's back-off tops out well under this


@pytest.fixture
def stack(server_factory, tmp_path):
    """(first, second, nginx base url, redis process): one data dir, one Redis, nginx in front."""
    with two_processes_behind_nginx(server_factory, tmp_path) as running:
        yield running


def player_through_nginx(page, stack, api):
    """The player of a new display, opened through nginx; (display, the process holding its socket, the other)."""
    first, second, base, _ = stack
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏", "seconds_per_slide": 5}, who="admin")
    page.goto(f"{base}/screen/{display['key']}")
    page.wait_for_function("() => window.screenPlayer && window.screenPlayer.bundle && window.screenPlayer.online")
    holder = next(s for s in _until(lambda: [s for s in (first, second) if _connected(s)], 10))
    return display, holder, second if holder is first else first


def shows(page, title):
    state = "() => [window.screenPlayer.online, (window.screenPlayer.bundle.slides || []).map(s => s.title)]"
    try:
        _shows(page, title)
    except Exception:
        raise AssertionError(f"the player shows {page.evaluate(state)}, not {title}")


def _shows(page, title):
    page.wait_for_function(
        "(title) => (window.screenPlayer.bundle.slides || []).some(s => s.title === title)",
        arg=title, polling=250, timeout=RECONNECT_BOUND * 1000)


def test_the_screens_of_a_killed_process_come_back_on_the_other_up_to_date(stack, page, api_for):
    api = api_for(stack[0])
    display, holder, survivor = player_through_nginx(page, stack, api)
    holder.kill()
    api.url = survivor.url
    api.publish(kind="notice", title="进程退出后发布")
    shows(page, "进程退出后发布")
    page.wait_for_function("() => window.screenPlayer.online", polling=250, timeout=RECONNECT_BOUND * 1000)
    assert _until(lambda: _connected(survivor), 10)
    assert _until(lambda: api.call("GET", f"/api/v1/displays/{display['id']}")["online"], 10)


def test_with_redis_stopped_a_screen_catches_up_by_version_when_it_reconnects(stack, page, api_for):
    *_, redis = stack
    api = api_for(stack[0])
    _, holder, survivor = player_through_nginx(page, stack, api)
    stop(redis)
    api.url = survivor.url
    api.publish(kind="notice", title="队列停止时发布")  # no push can cross processes now
    holder.kill()  # its screen reconnects to the survivor and compares versions
    shows(page, "队列停止时发布")


def _connected(server):
    health = requests.get(f"{server.url}/healthz", timeout=5).json()
    return health["screens"]["connected"] > 0


def _until(check, seconds):
    deadline = time.monotonic() + seconds
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return found
