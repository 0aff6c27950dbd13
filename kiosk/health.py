"""GET /healthz: is the service up, and which content version is it serving."""
from flask import Blueprint, jsonify

from .context import library

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify({"status": "ok", "content_version": library().content_version()})
