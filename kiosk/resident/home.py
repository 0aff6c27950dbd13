"""Home: big tiles for every way in, 常办事项, latest notices; plain-worded error pages."""
from flask import g, render_template, request
from werkzeug.exceptions import HTTPException

from content.errors import ContentError

from ..context import content
from . import bp
from .hall import hall_counts, hall_records, route

POPULAR = 6
LATEST_NOTICES = 3
AREA_TILES = 8


@route("/")
def home():
    records = hall_records()
    guides = [r for r in records if r["kind"] == "guide"]
    notices = [r for r in records if r["kind"] == "notice"][:LATEST_NOTICES]
    popular = content().popularity.most_viewed(guides, POPULAR)
    counts = hall_counts()
    highlights = (notices + popular)[:8]
    return render_template("resident/home.html", counts=counts, popular=popular, notices=notices,
                           areas=list(counts["areas"].items())[:AREA_TILES], highlights=highlights,
                           attract=request.args.get("attract") == "1")


@bp.errorhandler(ContentError)
@bp.errorhandler(HTTPException)
def resident_error(exc):
    """Errors in the resident's language and plain words, with a way home."""
    status = getattr(exc, "status", None) or getattr(exc, "code", None) or 500
    status = status if isinstance(status, int) else 500
    return render_template("resident/error.html", status=status, unknown_kiosk=g.get("unknown_kiosk")), status
