"""The production server: gevent, keep-alive without Nagle stalls, one server per data dir."""
import statistics
import time

import pytest
import requests

pytestmark = [pytest.mark.e2e, pytest.mark.timing]  # times itself: run alone (Makefile)


def test_keep_alive_requests_do_not_wait_for_delayed_acks(server_factory):
    server = server_factory()
    with requests.Session() as http:
        timings = []
        for _ in range(30):
            started = time.perf_counter()
            assert http.get(server.url + "/healthz", timeout=5).status_code == 200
            timings.append((time.perf_counter() - started) * 1000)
    # With Nagle on, each answer's body waits ~40 ms for the client's delayed ACK.
    assert statistics.median(timings) < 25, timings


def test_a_second_server_on_the_same_data_dir_refuses_to_start(server_factory):
    server = server_factory()
    second = server.run_command("serve", "--port", "0")
    assert second.returncode == 2 and "another server" in second.stderr
