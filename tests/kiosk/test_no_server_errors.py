"""The inputs that once answered 500 (issue 6, finding 15) now get a clear 4xx."""
import pytest

from .test_bad_input import assert_error


@pytest.mark.parametrize("level", [["red"], {"red": 1}, [], {}, 3, None, True])
def test_an_alert_level_of_the_wrong_type_is_422(client, staff, level):
    answer = client.post("/api/v1/alerts", json={"title": "防汛预警", "level": level}, headers=staff["admin"])
    assert_error(answer, 422, field="level")


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00"])
def test_an_alert_expiry_beyond_the_calendar_is_422(client, staff, moment):
    answer = client.post("/api/v1/alerts", json={"title": "防汛预警", "expire_at": moment}, headers=staff["admin"])
    assert_error(answer, 422, field="expire_at")


@pytest.mark.parametrize("query", ["at=0001-01-01", "at=9999-12-31T23:59:59-12:00", "day=0001-01-01",
                                   "day=9999-12-31", "at=" + "9" * 5000, "day=²⁰²⁶-01-01", "at=2026-02-30"])
def test_a_plays_moment_beyond_range_is_422(client, staff, make_display, query):
    display = make_display()
    answer = client.get(f"/api/v1/displays/{display['id']}/plays?{query}", headers=staff["editor"])
    assert_error(answer, 422, field=query.split("=")[0])


def test_plays_at_a_sane_moment_still_answer(client, staff, make_display):
    display = make_display()
    answer = client.get(f"/api/v1/displays/{display['id']}/plays?at=2026-11-23T09:00:00%2B08:00",
                        headers=staff["editor"])
    assert answer.status_code == 200 and answer.json["play"] is None


@pytest.mark.parametrize("query", ["before=" + "9" * 5000, "before=²", "limit=²", "before=-1", "limit=0",
                                   "limit=501", "before=", "before=9007199254740992"])
def test_audit_paging_out_of_range_is_422(client, staff, query):
    answer = client.get(f"/api/v1/audit?{query}", headers=staff["admin"])
    assert_error(answer, 422, field=query.split("=")[0])


def test_a_crlf_in_next_is_not_a_500(client, staff):
    page = client.get("/admin/login?next=/%0d%0aSet-Cookie:%20x=1")
    assert page.status_code == 200
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    answer = client.post("/admin/login?next=/%0d%0aSet-Cookie:%20x=1",
                         data={"username": "editor", "password": "password-editor", "csrf_token": token})
    assert answer.status_code == 302 and answer.headers["Location"] == "/admin/"
    assert "x=1" not in " ".join(answer.headers.get_all("Set-Cookie"))
