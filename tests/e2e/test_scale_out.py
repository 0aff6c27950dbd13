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

