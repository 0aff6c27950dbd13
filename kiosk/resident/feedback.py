"""好差评 from a record page: anonymous, one bucket of ratings per kiosk."""
from flask import g, redirect, request, url_for

from content.errors import Invalid, NotFound

from ..clock import now
from ..context import content
from ..extensions import csrf
from . import bp  # noqa: F401
from .hall import hall_record, route


def parse_rating(form):
    """The form's fields as the domain's rating (bad values are left for it to refuse)."""
    useful = {"yes": True, "no": False}.get(form.get("useful"))
    rating = form.get("rating", "")
    rating = int(rating) if rating.isascii() and rating.isdigit() and len(rating) == 1 else None
    return {"useful": useful, "rating": rating, "reason": form.get("reason") or None}


@route("/items/<item_id>/feedback", methods=["POST"])
@csrf.exempt  # anonymous, cookie-less: there is no session to forge
def item_feedback(item_id):
    record = hall_record(item_id)
    if record is None:
        raise NotFound(f"no public record {item_id}")
    kiosk = g.get("kiosk")
    bucket = f"kiosk:{kiosk['id']}" if kiosk else "portal:" + (request.remote_addr or "")
    try:
        content().feedback.rate(record, parse_rating(request.form), bucket, bucket if kiosk else "portal", now())
    except Invalid:
        return redirect(url_for("resident.item", item_id=record["id"], _anchor="feedback"), 303)
    return redirect(url_for("resident.item", item_id=record["id"], thanks=1, _anchor="feedback"), 303)
