"""Kiosk search: normalise → segment → expand → candidates → rank → highlight (see DESIGN.md)."""
from .engine import QUERY_MAX, Found, SearchIndex
from .normalise import fold, normalise

__all__ = ["QUERY_MAX", "Found", "SearchIndex", "fold", "normalise"]
