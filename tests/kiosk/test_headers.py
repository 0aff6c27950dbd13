"""Security headers on every response, and the session cookie's Secure flag over HTTPS."""
import pytest

from kiosk import create_app


@pytest.mark.parametrize("path", ["/", "/admin/login", "/healthz", "/api/v1/items", "/static/css/kiosk.css",
                                  "/no-such-page", "/screen/", "/api/v1/openapi.json"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    headers = response.headers
    response.close()  # a static file's handle
    csp = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'",
                      "object-src 'none'", "base-uri 'none'", "form-action 'self'"):
        assert directive in csp, (path, directive)
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_no_template_has_inline_script_or_style():
    import pathlib
    import re
    templates = pathlib.Path(__file__).resolve().parents[2] / "kiosk" / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\sstyle=", text), path
        assert not re.search(r"\son[a-z]+=", text), path
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/json"' in tag, (path, tag)


def log_in(client, **request):
    page = client.get("/admin/login", **request)
    token = page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    return client.post("/admin/login", data={"username": "editor", "password": "password-editor",
                                             "csrf_token": token}, **request)


def test_the_session_cookie_is_secure_over_https(client, staff):
    answer = log_in(client, base_url="https://localhost")
    cookie = answer.headers.get_all("Set-Cookie")[0]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Strict-Transport-Security" in answer.headers


def test_behind_a_tls_proxy_the_cookie_is_secure_when_the_public_url_is_https(client, staff):
    # the test app's KIOSK_PUBLIC_BASE_URL is https://kiosk.example.cn: X-Forwarded-Proto is believed
    answer = log_in(client, headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in answer.headers.get_all("Set-Cookie")[0]


def test_over_plain_http_the_cookie_is_not_secure(client, staff):
    answer = log_in(client)
    assert answer.status_code == 302 and "Secure" not in answer.headers.get_all("Set-Cookie")[0]


def test_forwarded_headers_are_ignored_without_a_proxy_setting(tmp_path):
    app = create_app({"KIOSK_DATA_DIR": str(tmp_path), "KIOSK_DEMO": False, "KIOSK_ASYNC_MODE": "threading",
                      "KIOSK_PUBLIC_BASE_URL": "http://192.168.1.20:8000", "TESTING": True})
    seen = {}

    @app.get("/probe")
    def probe():
        from flask import request
        seen.update(secure=request.is_secure, address=request.remote_addr)
        return "ok"
    app.test_client().get("/probe", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"})
    assert seen == {"secure": False, "address": "127.0.0.1"}


def test_a_trusted_proxy_gives_the_address_and_scheme(tmp_path):
    app = create_app({"KIOSK_DATA_DIR": str(tmp_path), "KIOSK_DEMO": False, "KIOSK_ASYNC_MODE": "threading",
                      "KIOSK_TRUST_PROXY": "1", "TESTING": True})
    seen = {}

    @app.get("/probe")
    def probe():
        from flask import request
        seen.update(secure=request.is_secure, address=request.remote_addr)
        return "ok"
    app.test_client().get("/probe", headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"})
    assert seen == {"secure": True, "address": "1.2.3.4"}
