"""GET /metrics: what operators graph and alert on, in Prometheus' text format.

The official prometheus-client, one registry per app (tests build many apps in one
process). Counted where things happen without touching the hot paths' code: request
hooks for bundles and logins, the library's publish listeners, the store's write hook.
Readable from loopback, or with a bearer token of an admin or KIOSK_METRICS_TOKEN; a
proxy in front must not pass /metrics through (deploy/nginx refuses it).
"""
import hmac
import time

from flask import Blueprint, Response, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

bp = Blueprint("metrics", __name__)
LOOPBACK = ("127.0.0.1", "::1")


class Metrics:
    def __init__(self, screens):
        self.registry = CollectorRegistry(auto_describe=True)
        self.publishes = Counter("kiosk_publishes", "Changes of what is public (approve, withdraw, window boundary)",
                                 registry=self.registry)
        self.bundles = Counter("kiosk_bundle_fetches", "Bundle requests by answer", ["status"],
                               registry=self.registry)
        self.nudge_to_fetch = Histogram(
            "kiosk_nudge_to_fetch_seconds", "From a content_changed nudge to a screen fetching that version",
            buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30), registry=self.registry)
        self.store_writes = Histogram("kiosk_store_write_seconds", "Durable writes of a store file (fsync included)",
                                      buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1), registry=self.registry)
        self.login_failures = Counter("kiosk_login_failures", "Refused staff logins (wrong password or rate-limited)",
                                      registry=self.registry)
        self.registry.register(_ScreensCollector(screens))
        self._nudged_at = {}  # content version → monotonic time it was announced

    def published(self, version, record=None):
        self.publishes.inc()
        self._nudged_at[version] = time.monotonic()
        for old in sorted(self._nudged_at)[:-50]:
            del self._nudged_at[old]

    def bundle_fetched(self, status, version):
        self.bundles.labels(status=str(status)).inc()
        announced = self._nudged_at.get(version)
        if status == 200 and announced is not None:
            self.nudge_to_fetch.observe(time.monotonic() - announced)


class _ScreensCollector:
    """Connected screens per org, read at scrape time from presence (no bookkeeping per event)."""

    def __init__(self, screens):
        self.screens = screens

    def collect(self):
        family = GaugeMetricFamily("kiosk_connected_screens", "Screens with an open connection", labels=["org"])
        counts = {}
        orgs = {d["id"]: d["org"] for d in self.screens.displays.all()}
        for display_id in {s.display_id for s in list(self.screens.presence.sessions.values())}:
            org = orgs.get(display_id, "unknown")
            counts[org] = counts.get(org, 0) + 1
        for org, count in sorted(counts.items()):
            family.add_metric([org], count)
        yield family


def install(app, library, screens):
    """Create the app's Metrics and hook it to the library, the store and the requests."""
    metrics = Metrics(screens)
    app.extensions["kiosk.metrics"] = metrics
    library.listeners.append(metrics.published)
    library.store.write_observers.append(metrics.store_writes.observe)

    @app.after_request
    def _count(response):
        if request.endpoint == "api.bundle":
            metrics.bundle_fetched(response.status_code, _bundle_version(response))
        elif request.endpoint == "admin.login" and response.status_code in (401, 429):
            metrics.login_failures.inc()
        return response

    app.register_blueprint(bp)
    return metrics


def _bundle_version(response):
    """The version a bundle answer carries, read from its head without parsing it."""
    if response.status_code != 200 or not isinstance(response.response, list) or not response.response:
        return None
    head = response.response[0]
    marker = b'"version":'
    at = head.find(marker)
    if at < 0:
        return None
    digits = head[at + len(marker):at + len(marker) + 20].split(b",")[0]
    return int(digits) if digits.isdigit() else None


@bp.get("/metrics")
def metrics_text():
    if not _allowed():
        return Response("metrics are readable from loopback or with a token\n", status=403, mimetype="text/plain")
    return Response(generate_latest(current_app.extensions["kiosk.metrics"].registry), mimetype=CONTENT_TYPE_LATEST)


def _allowed():
    header = request.headers.get("Authorization", "")
    token = header.removeprefix("Bearer ").strip() if header.startswith("Bearer ") else ""
    configured = current_app.config.get("KIOSK_METRICS_TOKEN") or ""
    if token and configured and hmac.compare_digest(token, configured):
        return True
    if token:
        from .context import content
        actor = content().accounts.actor_for_token(token)
        return bool(actor and actor.can("admin"))
    return request.remote_addr in LOOPBACK and "X-Forwarded-For" not in request.headers
