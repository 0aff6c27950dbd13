"""Several server processes share one data dir and their pushes through Redis."""
import shutil
import subprocess
import time

import pytest
import socketio

from tests.server import free_port

pytestmark = pytest.mark.e2e


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: `make test` installs Debian's redis-server")
    port = free_port()
    process = subprocess.Popen([binary, "--port", str(port), "--save", "", "--appendonly", "no",
                                "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() != b"PONG":
        assert time.monotonic() < deadline, "redis-server did not start"
        time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(10)


def test_a_publish_on_one_process_reaches_a_screen_connected_to_another(server_factory, tmp_path, redis_url,
                                                                      api_for):
    data_dir = tmp_path / "shared"
    first = server_factory(data_dir, env={"KIOSK_MESSAGE_QUEUE": redis_url})
    second = server_factory(data_dir, env={"KIOSK_MESSAGE_QUEUE": redis_url})
    api = api_for(first)
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏"}, who="admin")

    nudged, screen = [], socketio.Client(reconnection=False)
    screen.on("content_changed", nudged.append, namespace="/screens")
    screen.connect(second.url, namespaces=["/screens"], transports=["websocket"], auth={"key": display["key"]})
    try:
        api.publish(kind="notice", title="跨进程推送")
        deadline = time.monotonic() + 5
        while not nudged and time.monotonic() < deadline:
            time.sleep(0.02)
        assert nudged and nudged[0]["version"] >= 1
    finally:
        screen.disconnect()
    bundle = api.http.get(f"{second.url}/api/v1/screens/{display['key']}/bundle").json()
    assert [s["title"] for s in bundle["slides"]] == ["跨进程推送"]  # the other process sees the new record



@pytest.fixture
def two_processes(server_factory, tmp_path, redis_url, api_for):
    """(first, second, staff client of the first): two servers on one data dir and Redis."""
    data_dir = tmp_path / "shared"
    first = server_factory(data_dir, env={"KIOSK_MESSAGE_QUEUE": redis_url})
    second = server_factory(data_dir, env={"KIOSK_MESSAGE_QUEUE": redis_url})
    return first, second, api_for(first)


def until(check, seconds=5):
    deadline = time.monotonic() + seconds
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


def test_a_screen_on_one_process_shows_online_in_a_listing_served_by_another(two_processes):
    first, second, api = two_processes
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏"}, who="admin")
    screen = socketio.Client(reconnection=False)
    screen.connect(first.url, namespaces=["/screens"], transports=["websocket"], auth={"key": display["key"]})

    def listed_by_second():
        items = api.http.get(f"{second.url}/api/v1/displays", headers=api.editor, timeout=10).json()["items"]
        return next(d for d in items if d["id"] == display["id"])
    try:
        screen.emit("heartbeat", {"version": 3}, namespace="/screens")
        shown = until(lambda: (d := listed_by_second())["online"] and d["version"] == 3 and d)
        assert shown and shown["connections"] == 1 and shown["last_seen"]
    finally:
        screen.disconnect()
    assert until(lambda: not listed_by_second()["online"])


def test_a_pairing_code_shown_by_one_process_is_claimed_through_another(two_processes):
    first, second, api = two_processes
    started = api.http.post(f"{first.url}/api/v1/pairings", timeout=10).json()
    claimed = api.http.post(f"{second.url}/api/v1/displays/pair", json={"code": started["code"], "name": "二楼屏"},
                            headers=api.admin, timeout=10)
    assert claimed.status_code == 201, claimed.text
    polled = api.http.get(f"{first.url}/api/v1/pairings/{started['code']}", params={"secret": started["secret"]},
                          timeout=10).json()
    assert polled == {"status": "paired", "key": claimed.json()["key"]}
