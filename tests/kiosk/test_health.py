"""/healthz says what the service stands on, and 503 when the store is unusable."""
import os

import pytest

from kiosk import health


def test_a_healthy_service_reports_its_store_queue_and_screens(client, make_display, socket_client):
    socket_client(make_display()["key"])
    body = client.get("/healthz").get_json()
    assert body["status"] == "ok" and body["content_version"] == 0
    assert body["store"]["ok"] and body["message_queue"] == {"configured": False, "ok": True}
    assert body["screens"] == {"connected": 1}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through read-only permissions")
def test_a_store_that_cannot_be_written_answers_503(app, client, content):
    os.chmod(content.store.db_dir, 0o500)
    try:
        response = client.get("/healthz")
    finally:
        os.chmod(content.store.db_dir, 0o700)
    assert response.status_code == 503 and response.get_json()["status"] == "unavailable"


def test_a_broken_store_answers_503(app, client, content, monkeypatch):
    def broken(name):
        raise OSError("input/output error")
    monkeypatch.setattr(content.store, "counter", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and "cannot read the store" in response.get_json()["store"]["detail"]


def test_an_unreachable_message_queue_is_reported():
    assert health.queue_state("redis://127.0.0.1:1/0") == {"configured": True, "ok": False,
                                                           "detail": "ConnectionError"}


def test_probes_are_cached_between_calls():
    calls = []
    probes = health.Probes()
    for _ in range(3):
        probes.get("x", lambda: calls.append(1) or {"ok": True})
    assert len(calls) == 1
