"""The JSON API under /api/v1 (its OpenAPI document is at /api/v1/openapi.json)."""
from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from . import alerts, audit, displays, items, kiosks, media, openapi, screens, sheets  # noqa: E402,F401  (views register on bp)
