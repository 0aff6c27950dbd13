"""GET /healthz: is the service up, which content version it serves, and what it stands on.

Operators' checks and the load balancer call it often, and the abuse benchmarks time it
under load: the store and message-queue probes are cached for a couple of seconds so an
answer costs microseconds. 503 when the store cannot be read or written.
"""
import ipaddress
import os
import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify

from .context import content, library

bp = Blueprint("health", __name__)
PROBE_EVERY = 2.0


class Probes:
    """The last result of each slow check, refreshed at most every PROBE_EVERY seconds."""

    def __init__(self):
        self._results = {}

    def get(self, name, check):
        at, result = self._results.get(name, (None, None))
        clock = time.monotonic()
        if at is None or clock - at > PROBE_EVERY:
            result = check()
            self._results[name] = (clock, result)
        return result


def store_state(store):
    """{"ok", "detail"}: the data dir readable and writable, the meta table loadable."""
    try:
        store.counter("content_version")
    except Exception as exc:  # any failure to read the store is what this reports
        return {"ok": False, "detail": f"cannot read the store: {type(exc).__name__}"}
    if not os.access(store.db_dir, os.W_OK):
        return {"ok": False, "detail": f"{store.db_dir} is not writable"}
    stats = os.statvfs(store.db_dir)
    free = stats.f_bavail * stats.f_frsize
    if free < 16 * 1024 * 1024:
        return {"ok": False, "detail": f"the disk is nearly full ({free // 1024} KB free)"}
    return {"ok": True, "free_mb": free // (1024 * 1024)}


def queue_state(url):
    """{"configured", "ok"}: whether the Redis message queue answers a PING."""
    if not url:
        return {"configured": False, "ok": True}
    try:
        import redis
        redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5).ping()
    except Exception as exc:  # any failure to reach Redis is what this reports
        return {"configured": True, "ok": False, "detail": type(exc).__name__}
    return {"configured": True, "ok": True}


@bp.get("/healthz")
def healthz():
    probes = current_app.extensions.setdefault("kiosk.health", Probes())
    store = probes.get("store", lambda: store_state(content().store))
    queue = probes.get("queue", lambda: queue_state(current_app.config.get("KIOSK_MESSAGE_QUEUE")))
    screens = current_app.extensions["kiosk.screens"].presence.connected_count()
    body = {"status": "ok" if store["ok"] else "unavailable",
            "content_version": library().content_version() if store["ok"] else None,
            "store": store, "message_queue": queue, "screens": {"connected": screens},
            "warnings": configuration_warnings(current_app.config)}
    return jsonify(body), 200 if store["ok"] else 503


def configuration_warnings(config):
    """Settings a hall should fix, in plain words (the service still works)."""
    base = config.get("KIOSK_PUBLIC_BASE_URL") or ""
    problem = qr_address_problem(base)
    if problem == "unset":
        return ["KIOSK_PUBLIC_BASE_URL is not set: QR codes carry the address a request came in on, "
                "often a LAN or localhost address that a resident's phone on mobile data cannot reach"]
    if problem == "local":
        return [f"KIOSK_PUBLIC_BASE_URL ({base}) is a LAN or localhost address: "
                "residents' phones on mobile data cannot open the QR codes"]
    return []


def qr_address_problem(base):
    """Why QR codes built on `base` would not open on a resident's phone: "unset", "local", or
    None when it looks public. Read by /healthz and the staff dashboard."""
    if not base:
        return "unset"
    try:
        host = urlsplit(base).hostname or ""
    except ValueError:
        return "local"
    return "local" if is_local_address(host) else None


SHARED_ADDRESS_SPACE = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT: not reachable either


def is_local_address(host):
    """True for names and addresses a phone on mobile data cannot reach: localhost, single-label
    and .local/.lan names, loopback, private, link-local, unspecified and CGNAT addresses."""
    if host in ("localhost", "") or host.endswith((".local", ".lan", ".localdomain", ".localhost", ".internal")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return "." not in host  # a single-label name only resolves on the hall's own network
    return (address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified
            or (address.version == 4 and address in SHARED_ADDRESS_SPACE))
