"""One screen key flooding a real server: the flooder is cut off, everyone else carries on."""
import signal
import time

import pytest
import socketio

from bench.common import percentile
from tests.abuse import measure, start_flooder, start_server

pytestmark = [pytest.mark.e2e, pytest.mark.timing]  # times itself: run alone (Makefile)
MB = 1024 * 1024


@pytest.fixture
def flooded(tmp_path):
    server, dongtang, liushan = start_server(tmp_path / "data")
    yield server, dongtang, liushan
    server.stop()


def test_a_flooding_screen_is_cut_off_and_told_to_wait_while_other_screens_and_health_carry_on(flooded):
    server, dongtang, liushan = flooded
    figures = measure(server, flooding=dongtang, calm=liushan, seconds=10)
    health, flooder = figures["healthz"], figures["flooder"]
    print(f"\nflood: /healthz n={len(health)} p50={percentile(health, 50) * 1000:.1f} ms "
          f"p99={percentile(health, 99) * 1000:.1f} ms max={max(health) * 1000:.1f} ms; "
          f"other township's nudge {figures['nudge'] * 1000:.0f} ms; RSS growth {figures['rss_growth'] / MB:.1f} MB; "
          f"server CPU {figures['server_cpu']:.2f} s in {len(health)} polls; "
          f"flooder sent {flooder['sent']}, cut off after {flooder['disconnected_after']} s, "
          f"told {flooder['slow_down']}, {len(flooder['refused'])} reconnects refused")
    assert percentile(health, 99) < 0.100
    assert figures["nudge"] is not None and figures["nudge"] < 0.500
    assert figures["rss_growth"] < 50 * MB
    assert flooder["disconnected_after"] is not None and flooder["disconnected_after"] < 5
    assert flooder["slow_down"]["retry_after"] >= 1
    assert flooder["refused"] and all(r and r["data"]["retry_after"] >= 1 for r in flooder["refused"])
    assert "too many messages" in flooder["refused"][0]["message"]
    assert "sent too many messages" in server.log()


def test_the_server_answers_sigterm_during_a_flood(flooded):
    server, dongtang, _ = flooded
    display = dongtang.new_display("二楼屏")
    process, _, go = start_flooder(server.url, display["key"], 5)
    try:
        go.set()
        time.sleep(0.05)
        started = time.monotonic()
        server.process.send_signal(signal.SIGTERM)
        assert server.process.wait(20) == 0  # a clean exit (5 s without a flood on a busy 2-core machine)
        print(f"\nSIGTERM during a flood: exited after {time.monotonic() - started:.1f} s")
    finally:
        process.terminate()
        process.join(10)


def test_a_calm_screen_keeps_its_connection(flooded):
    """A screen at ten times a player's pace (heartbeat every 3 s, a slide every 0.5 s) is never cut off."""
    server, dongtang, _ = flooded
    events = []
    screen = socketio.Client(reconnection=False)
    screen.on("slow_down", events.append, namespace="/screens")
    screen.connect(server.url, namespaces=["/screens"], transports=["websocket"],
                   auth={"key": dongtang.display["key"]}, wait_timeout=10)
    try:
        for n in range(12):
            screen.emit("played", {"item_id": 1}, namespace="/screens")
            if n % 6 == 0:
                screen.emit("heartbeat", {"version": n}, namespace="/screens")
            time.sleep(0.5)
        assert screen.connected and events == []
    finally:
        screen.disconnect()
