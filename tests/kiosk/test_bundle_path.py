"""The bundle path without Flask answers exactly as the Flask view would, and only where it may."""
import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from content.store import Store

from tests.kiosk.test_metrics import scrape


@pytest.fixture
def paths(app):
    """(the fast path, the Flask app behind it), both WSGI callables."""
    fast = app.extensions["kiosk.bundle_path"]
    return fast, fast.app


def answer(wsgi, path, method="GET", headers=None, base_url="http://127.0.0.1:8000", query=None):
    environ = EnvironBuilder(path=path, method=method, headers=headers or {}, base_url=base_url,
                             query_string=query).get_environ()
    body, status, response_headers = run_wsgi_app(wsgi, environ, buffered=True)
    return status, list(response_headers.items()), b"".join(body)


def same_answer(paths, *args, fast_path=True, **kwargs):
    """The answers of both paths, which must be equal; `fast_path`: whether the fast path
    answered itself (else it passed the request on to Flask)."""
    answers = paths[0]._answers
    answers.clear()
    fast = answer(paths[0], *args, **kwargs)
    assert bool(answers) == fast_path
    assert fast == answer(paths[1], *args, **kwargs)
    return fast


def bundle_url(key):
    return f"/api/v1/screens/{key}/bundle"


def test_a_bundle_and_its_304_are_the_flask_views_own_bytes_and_headers(paths, make_display, make_notice, publish):
    display = make_display()
    publish(make_notice())
    status, headers, body = same_answer(paths, bundle_url(display["key"]))
    assert status == "200 OK" and body.startswith(b'{"version":') and ("Vary", "Cookie") in headers
    etag = dict(headers)["ETag"]
    for sent in (etag, f'W/"x", {etag}', "*", '"another"', 'W/' + etag):
        status, headers, body = same_answer(paths, bundle_url(display["key"]), headers={"If-None-Match": sent})
        assert status == ("200 OK" if sent in ('"another"', 'W/' + etag) else "304 NOT MODIFIED")


def test_over_https_and_with_any_host_the_answers_match(app, paths, make_display, make_notice, publish):
    app.config["KIOSK_PUBLIC_BASE_URL"] = ""  # links follow the address asked on
    display = make_display()
    publish(make_notice())
    for base in ("https://kiosk.example.cn", "http://10.0.0.5:8080", "http://[::1]:8000/"):
        status, headers, body = same_answer(paths, bundle_url(display["key"]), base_url=base)
        assert status == "200 OK" and base.rstrip("/").encode() in body
        assert ("Strict-Transport-Security" in dict(headers)) == base.startswith("https")


def test_unknown_revoked_and_odd_requests_are_left_to_flask(client, staff, paths, make_display):
    display = make_display()
    for key in ("not-a-real-key-at-all", "short", "x" * 65, "a/b" * 5):
        status, _, body = same_answer(paths, bundle_url(key), fast_path=False)
        assert status.startswith("404") and b"not_found" in body
    for method in ("HEAD", "POST", "DELETE"):
        same_answer(paths, bundle_url(display["key"]), method=method, fast_path=False)
    same_answer(paths, bundle_url(display["key"]), query="lang=en", fast_path=False)
    assert client.delete(f"/api/v1/displays/{display['id']}", headers=staff["admin"]).status_code == 200
    assert same_answer(paths, bundle_url(display["key"]), fast_path=False)[0].startswith("404")


def test_a_change_is_seen_at_once_even_when_another_process_made_it(
        app, client, staff, paths, make_display, make_notice, publish, data_dir):
    display = make_display()
    fast = paths[0]
    first = dict(answer(fast, bundle_url(display["key"]))[1])["ETag"]
    publish(make_notice())
    second = dict(answer(fast, bundle_url(display["key"]))[1])["ETag"]
    assert second != first
    response = client.put(f"/api/v1/displays/{display['id']}", json={"name": "改名屏"},
                          headers={**staff["admin"], "If-Match": str(display["rev"])})
    assert response.status_code == 200, response.json
    status, headers, body = answer(fast, bundle_url(display["key"]), headers={"If-None-Match": second})
    assert status == "200 OK" and "改名屏".encode() in body
    # another process (its own Store on the shared data dir) bumps the content version
    bumped = Store(data_dir).bump("content_version")
    status, _, body = answer(fast, bundle_url(display["key"]))
    assert status == "200 OK" and body.startswith(b'{"version":%d,' % bumped)


def test_fetches_through_the_fast_path_are_counted(client, paths, make_display, socket_client, make_notice, publish):
    display = make_display()
    publish(make_notice())
    _, headers, _ = answer(paths[0], bundle_url(display["key"]))
    answer(paths[0], bundle_url(display["key"]), headers={"If-None-Match": dict(headers)["ETag"]})
    seen = scrape(client)
    assert seen["kiosk_bundle_fetches_total[('status', '200')]"] == 1
    assert seen["kiosk_bundle_fetches_total[('status', '304')]"] == 1
    assert seen["kiosk_nudge_to_fetch_seconds_count[]"] == 1
