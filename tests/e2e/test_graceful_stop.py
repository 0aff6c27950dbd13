"""On SIGTERM a server stops accepting, sends its screens elsewhere with jitter, and exits
within 10 s (kiosk/screens/departure.py); the player goes and comes back by itself."""
import signal
import socket
import time

import pytest
import socketio

pytestmark = [pytest.mark.e2e, pytest.mark.timing]  # times itself: run alone (Makefile)


def until(check, seconds):
    deadline = time.monotonic() + seconds
    while not (found := check()) and time.monotonic() < deadline:
        time.sleep(0.02)
    return found


def test_sigterm_sends_the_screens_elsewhere_and_the_process_exits_within_ten_seconds(server_factory, api_for):
    server = server_factory()
    api = api_for(server)
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏"}, who="admin")
    told, screens = [], []
    for _ in range(3):
        screen = socketio.Client(reconnection=False)
        screen.on("reconnect_elsewhere", told.append, namespace="/screens")
        screen.connect(server.url, namespaces=["/screens"], transports=["websocket"], auth={"key": display["key"]})
        screens.append(screen)

    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    assert until(lambda: len(told) == 3, 5), told
    assert all(m["delay_ms"] >= 0 and 1000 <= m["spread_ms"] <= 10_000 for m in told)
    with pytest.raises(OSError):  # no longer accepting: a proxy tries the next process
        socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
    for screen in screens[:2]:  # two obey; the third (an old player) stays until the process ends
        screen.disconnect()
    assert server.process.wait(10) == 0
    assert time.monotonic() - started < 10
    assert "asked 3 screen(s) to reconnect elsewhere" in server.log() and "stopped" in server.log()
    screens[2].disconnect()


def test_a_quiet_server_stops_at_once(server_factory):
    server = server_factory()
    started = time.monotonic()
    server.process.send_signal(signal.SIGTERM)
    assert server.process.wait(10) == 0 and time.monotonic() - started < 3


def test_the_player_leaves_on_the_signal_and_comes_back_to_the_restarted_server(server_factory, page, api_for):
    from tests.e2e.test_screen_player import boot_of, open_screen
    server = server_factory()
    api = api_for(server)
    display = open_screen(page, server, api)
    booted = boot_of(page)
    server.process.send_signal(signal.SIGTERM)
    page.wait_for_function("() => !window.screenPlayer.online", timeout=3000)  # it left when told
    assert server.process.wait(10) == 0 and "asked 1 screen(s) to reconnect elsewhere" in server.log()
    server.restart()
    page.wait_for_function("() => window.screenPlayer.online", timeout=60000)
    assert until(lambda: api.call("GET", f"/api/v1/displays/{display['id']}")["online"], 10)
    assert boot_of(page) == booted  # came back without reloading its page
