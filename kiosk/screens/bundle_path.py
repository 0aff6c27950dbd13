"""GET /api/v1/screens/<key>/bundle without Flask: the hottest path, at the cost of bare WSGI.

Every screen fetches its bundle on every nudge and reconnect. Through Flask each fetch paid
for a request context, session, login, limiter, Babel and header hooks, none of which a
screen needs: the answer is prepared bytes and an ETag. This WSGI middleware answers a
known key's GET itself with the very status, headers and body the Flask view gives
(kiosk/api/screens.py, tests/kiosk/test_bundle_path.py compares them), and hands every
other request, and any key it does not know or cannot answer, to Flask unchanged (so a
bad key gets the same JSON 404 through the same error handlers).

What it keeps per key is checked on every request against the stamps of the two files a
bundle depends on (displays, and meta with the content and alert versions), so a change
made by another process sharing the data dir is seen at once, as through Flask.
"""
import logging

from werkzeug.http import parse_etags
from werkzeug.sansio.utils import get_current_url, get_host

from ..headers import HEADERS, HSTS

log = logging.getLogger(__name__)
PREFIX, SUFFIX = "/api/v1/screens/", "/bundle"
MAX_BASES = 64  # Host headers remembered; any number of Host headers costs no memory beyond this
MAX_KEYS = 100_000


class Answer:
    """A key's prepared answer: its bundle, what it was built from, and its headers."""

    __slots__ = ("inputs", "until", "parts", "etag", "version", "head_200", "head_304")

    def __init__(self, inputs, bundle, security):
        self.inputs, self.until, self.parts = inputs, bundle.until, bundle.parts
        self.etag, self.version = bundle.etag, bundle.version
        common = [("ETag", bundle.etag), ("Cache-Control", "no-cache")]
        length = str(sum(len(part) for part in bundle.parts))
        self.head_200 = (common, [("Content-Type", "application/json"), *security, ("Content-Length", length)])
        self.head_304 = (common, security)


class BundlePath:
    def __init__(self, app, flask_app, screens, metrics):
        self.app = app  # the WSGI app behind (Flask and its middleware)
        self.config = flask_app.config
        self.screens = screens
        self.metrics = metrics
        self.displays_table = screens.displays.table
        self.meta_table = screens.displays.store.table("meta")
        self._answers = {}  # key → Answer
        self._bases = {}  # (scheme, host, server, script) → base URL
        secure = {False: [*HEADERS.items(), ("Vary", "Cookie")]}
        secure[True] = [*HEADERS.items(), ("Strict-Transport-Security", HSTS), ("Vary", "Cookie")]
        self._security = secure

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if (environ.get("REQUEST_METHOD") != "GET" or not path.startswith(PREFIX) or not path.endswith(SUFFIX)
                or environ.get("QUERY_STRING")):
            return self.app(environ, start_response)
        try:
            answer, now = self._answer(path[len(PREFIX):-len(SUFFIX)], environ)
        except Exception:  # noqa: BLE001 — whatever it is, Flask answers it with its error handlers
            log.exception("the bundle path passed a request on to Flask")
            answer = None
        if answer is None:
            return self.app(environ, start_response)
        return self._respond(answer, now, environ.get("HTTP_IF_NONE_MATCH"), start_response)

    def _respond(self, answer, now, if_none_match, start_response):
        server_time = ("X-Server-Time", str(int(now.timestamp() * 1000)))
        not_modified = bool(if_none_match) and (if_none_match == answer.etag or
                                                parse_etags(if_none_match).contains(answer.etag.strip('"')))
        self.metrics.bundle_fetched(304 if not_modified else 200, answer.version)
        before, after = answer.head_304 if not_modified else answer.head_200
        start_response("304 NOT MODIFIED" if not_modified else "200 OK", [*before, server_time, *after])
        return [] if not_modified else list(answer.parts)

    def _answer(self, key, environ):
        """(the key's Answer, now), or (None, now) when Flask must answer (unknown key...)."""
        now = self.config["KIOSK_CLOCK"]()
        if "/" in key or not 10 <= len(key) <= 64 or self.config.get("TRUSTED_HOSTS"):
            return None, now
        secure = environ.get("wsgi.url_scheme") == "https"
        base_url = self.config["KIOSK_PUBLIC_BASE_URL"] or self._base_url(environ)
        inputs = (self.displays_table.stamp(), self.meta_table.stamp(), base_url, secure)
        answer = self._answers.get(key)
        if answer is not None and answer.inputs == inputs and (answer.until is None or now < answer.until):
            return answer, now
        display = self.screens.displays.by_key(key)
        if display is None:
            self._answers.pop(key, None)
            return None, now
        bundle = self.screens.bundles.bundle(display, base_url, now)
        if len(self._answers) >= MAX_KEYS:
            self._answers.clear()
        answer = self._answers[key] = Answer(inputs, bundle, self._security[secure])
        return answer, now

    def _base_url(self, environ):
        """request.host_url without its slash, as the Flask view computes it (kept per Host)."""
        found = (environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST"), environ.get("SERVER_NAME"),
                 environ.get("SERVER_PORT"))
        base = self._bases.get(found)
        if base is None:
            scheme, host_header, name, port = found
            server = None if name is None else (name, int(port) if str(port).isdigit() else None)
            base = get_current_url(scheme, get_host(scheme, host_header, server)).rstrip("/")
            if len(self._bases) >= MAX_BASES:
                self._bases.clear()
            self._bases[found] = base
        return base


def install(app, screens, metrics):
    """Put the bundle path in front of the app's WSGI stack (inside the proxy fix, which
    headers.install adds after it, so that forwarded scheme and address apply here too)."""
    app.wsgi_app = BundlePath(app.wsgi_app, app, screens, metrics)
    app.extensions["kiosk.bundle_path"] = app.wsgi_app
