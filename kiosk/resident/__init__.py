"""The resident touch kiosk: a hall's kiosk at /kiosk/<key>, the county portal at /."""
from flask import Blueprint

bp = Blueprint("resident", __name__)

from . import feedback, hall, home, lists, offline, record, search, speech  # noqa: E402,F401  (views register on bp)
from .record import public_base_url  # noqa: E402  (the screens' bundles link records the same way)

__all__ = ["bp", "public_base_url"]
