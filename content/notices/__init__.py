"""Printed A4 notices (PDF, PNG) with a verification code, and the paper board set."""
from .fonts import FontMissing, cjk_font
from .service import Notices

__all__ = ["FontMissing", "Notices", "cjk_font"]
