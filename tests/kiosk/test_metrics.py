"""Operators read /metrics in Prometheus' text format, from loopback or with a token."""
from prometheus_client.parser import text_string_to_metric_families


def scrape(client, **kwargs):
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.get_data(as_text=True)
    return {s.name + str(sorted(s.labels.items())): s.value
            for family in text_string_to_metric_families(response.get_data(as_text=True)) for s in family.samples}


def test_publishes_bundles_screens_and_store_writes_are_counted(client, staff, publish, make_notice, make_display,
                                                                 socket_client):
    display = make_display()
    socket_client(display["key"])
    publish(make_notice())
    bundle = client.get(f"/api/v1/screens/{display['key']}/bundle")
    client.get(f"/api/v1/screens/{display['key']}/bundle", headers={"If-None-Match": bundle.headers["ETag"]})
    seen = scrape(client)
    assert seen["kiosk_publishes_total[]"] == 1
    assert seen["kiosk_bundle_fetches_total[('status', '200')]"] == 1
    assert seen["kiosk_bundle_fetches_total[('status', '304')]"] == 1
    assert seen["kiosk_nudge_to_fetch_seconds_count[]"] == 1
    assert seen["kiosk_connected_screens[('org', 'QX-DT')]"] == 1
    assert seen["kiosk_store_write_seconds_count[]"] > 0


def test_failed_logins_are_counted(client):
    client.post("/admin/login", data={"username": "nobody", "password": "wrong-password"})
    assert scrape(client).get("kiosk_login_failures_total[]", 0) >= 0


def test_metrics_are_not_for_other_hosts_without_a_token(app, client, staff):
    outside = {"REMOTE_ADDR": "192.0.2.7"}
    assert client.get("/metrics", environ_base=outside).status_code == 403
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"},
                      headers={"X-Forwarded-For": "192.0.2.7"}).status_code == 403
    assert client.get("/metrics", environ_base=outside, headers=staff["editor"]).status_code == 403
    assert client.get("/metrics", environ_base=outside, headers=staff["admin"]).status_code == 200
    app.config["KIOSK_METRICS_TOKEN"] = "prometheus-scraper-secret"
    assert client.get("/metrics", environ_base=outside,
                      headers={"Authorization": "Bearer prometheus-scraper-secret"}).status_code == 200
