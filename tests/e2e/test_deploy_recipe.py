"""The production recipe in deploy/ works as written: two processes, Redis and nginx."""
import subprocess
import time
from pathlib import Path

import pytest
import requests
import socketio

from tests.e2e.services import DEPLOY, nginx_binary, two_processes_behind_nginx
from tests.server import free_port

pytestmark = pytest.mark.e2e


@pytest.fixture
def stack(server_factory, tmp_path):
    """Two server processes on one data dir and Redis, behind the recipe's nginx locations."""
    with two_processes_behind_nginx(server_factory, tmp_path) as (first, second, base, _):
        yield first, second, base


def test_the_site_configuration_is_valid_nginx(tmp_path):
    """The TLS site as shipped passes `nginx -t` (with a throwaway certificate in place of the real one)."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    site = (DEPLOY / "nginx" / "kiosk-site.conf").read_text()
    site = site.replace("/etc/ssl/kiosk/fullchain.pem", str(cert)).replace("/etc/ssl/kiosk/privkey.pem", str(key))
    site = site.replace("/var/cache/nginx/kiosk-bundles", str(tmp_path / "cache"))
    site = site.replace("include snippets/kiosk-locations.conf", f"include {DEPLOY / 'nginx' / 'kiosk-locations.conf'}")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{free_port()} ssl;")
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log; events {{}}\n"
                    f"http {{ client_body_temp_path {tmp_path}/b; proxy_temp_path {tmp_path}/p; {site} }}")
    checked = subprocess.run([nginx_binary(), "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def test_systemd_unit_and_chromium_scripts_are_in_place():
    unit = (DEPLOY / "systemd" / "kiosk@.service").read_text()
    assert "Restart=always" in unit and "KIOSK_PORT=%i" in unit
    for script in ("wall-screen.sh", "touch-kiosk.sh"):
        text = (DEPLOY / "chromium" / script).read_text()
        assert "--kiosk" in text and "--user-data-dir" in text and "--no-first-run" in text
        assert Path(DEPLOY / "chromium" / script).stat().st_mode & 0o111


def test_screens_through_nginx_get_pushes_and_cached_bundles(stack, api_for):
    first, second, base = stack
    api = api_for(first)
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏"}, who="admin")
    bundle_url = f"{base}/api/v1/screens/{display['key']}/bundle"

    nudged, screen = [], socketio.Client(reconnection=False)
    screen.on("content_changed", nudged.append, namespace="/screens")
    screen.connect(base, namespaces=["/screens"], transports=["websocket"], auth={"key": display["key"]})
    try:
        api.url = second.url
        api.publish(kind="notice", title="经由nginx推送")
        deadline = time.monotonic() + 5
        while not nudged and time.monotonic() < deadline:
            time.sleep(0.02)
        assert nudged, "the publish on one process reached the screen connected through nginx"
    finally:
        screen.disconnect()
    time.sleep(1.1)  # past the one-second cache validity
    fetched = requests.get(bundle_url, timeout=5)
    assert fetched.status_code == 200 and [s["title"] for s in fetched.json()["slides"]] == ["经由nginx推送"]
    # nginx keeps it for one second: a stalled test machine may take that long between two requests
    statuses = [requests.get(bundle_url, timeout=5).headers["X-Cache-Status"] for _ in range(3)]
    assert "HIT" in statuses, statuses
    unchanged = requests.get(bundle_url, headers={"If-None-Match": fetched.headers["ETag"]}, timeout=5)
    assert unchanged.status_code == 304


def test_screens_still_get_their_bundle_while_every_process_is_down(stack, api_for):
    first, second, base = stack
    display = api_for(first).call("POST", "/api/v1/displays", json={"name": "大厅屏"}, who="admin")
    bundle_url = f"{base}/api/v1/screens/{display['key']}/bundle"
    assert requests.get(bundle_url, timeout=5).status_code == 200
    first.kill()
    second.kill()
    time.sleep(2.5)  # well past the one-second validity, however slowly the kills went
    stale = requests.get(bundle_url, timeout=10)
    assert stale.status_code == 200 and stale.headers["X-Cache-Status"] == "STALE"
