"""GET /healthz: is the service up, which content version it serves, and what to fix."""
import ipaddress
from urllib.parse import urlsplit

from flask import Blueprint, current_app, jsonify

from .context import library

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok", "content_version": library().content_version(),
                    "warnings": configuration_warnings(current_app.config)})


def configuration_warnings(config):
    """Settings a hall should fix, in plain words (the service still works)."""
    base = config.get("KIOSK_PUBLIC_BASE_URL") or ""
    if not base:
        return ["KIOSK_PUBLIC_BASE_URL is not set: QR codes carry the address a request came in on, "
                "often a LAN or localhost address that a resident's phone on mobile data cannot reach"]
    if is_local_address(urlsplit(base).hostname or ""):
        return [f"KIOSK_PUBLIC_BASE_URL ({base}) is a LAN or localhost address: "
                "residents' phones on mobile data cannot open the QR codes"]
    return []


def is_local_address(host):
    if host in ("localhost", "") or host.endswith((".local", ".lan", ".localdomain")):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local
