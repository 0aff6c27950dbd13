"""Security headers on every response, and the session cookie's Secure flag over HTTPS.

The Content-Security-Policy allows nothing inline and nothing from another host: pages,
the screen player and its service worker load only their own files (halls often have no
internet anyway). JSON data reaches scripts through <script type="application/json">, which
a CSP does not block because it never runs.
"""
from flask import request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

CSP = "; ".join([
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:",
    "media-src 'self' blob:", "font-src 'self'", "connect-src 'self' ws: wss:", "worker-src 'self'",
    "manifest-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'",
    "object-src 'none'",
])
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers without CSP level 2
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

HSTS = "max-age=31536000"


class SessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        return bool(app.config["SESSION_COOKIE_SECURE"] or request.is_secure)


def install(app):
    """Headers after every request; the proxy's headers believed only when configured to."""
    app.session_interface = SessionInterface()
    if app.config["KIOSK_TRUST_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=0)
    elif app.config["KIOSK_PUBLIC_BASE_URL"].startswith("https://"):
        # Served publicly over HTTPS: a TLS terminator in front says which scheme was used.
        # Its X-Forwarded-For is not believed without KIOSK_TRUST_PROXY (login limits key on it).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=0, x_proto=1, x_host=0)

    @app.after_request
    def add_headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
