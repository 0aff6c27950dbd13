"""One record as a page (kiosk, portal, and the phone behind its QR code), and its QR code."""
from flask import Response, current_app, render_template, request, url_for

from content import speech
from content.dates import last_day
from content.errors import NotFound
from content.qrcodes import qr_png, qr_svg, record_link
from content.rendering import render_markdown
from content.workflow import publicity_days_left

from ..clock import now
from ..context import content, library
from ..i18n import localise
from . import bp
from .hall import hall_record, route, safe_back

CACHE_QR = "public, max-age=300"


def public_base_url():
    """Where residents' phones reach us: the configured public URL, else this request's."""
    return current_app.config["KIOSK_PUBLIC_BASE_URL"] or request.host_url.rstrip("/")


def body_html(record):
    """The body as safe HTML in the reader's script: converted before rendering, so the
    Markdown structure (tables included) is untouched and only text changes."""
    return render_markdown(localise(record.get("body") or ""))


@route("/items/<item_id>")
def item(item_id):
    record = hall_record(item_id)
    if record is None:
        raise NotFound(f"no public record {item_id}")
    content().popularity.viewed(record["id"], now())
    return render_template("resident/item.html", record=record, body_html=body_html(record),
                           link=record_link(record, public_base_url()),
                           days_left=publicity_days_left(record, now()),
                           last_day=last_day(record["expire_at"]).isoformat() if record.get("expire_at") else None,
                           back=safe_back(request.args.get("back")),
                           speech_url=_speech_url(record), thanks=request.args.get("thanks") == "1")


def _speech_url(record):
    return url_for("resident.item_speech", item_id=record["id"]) if speech.available() else None


@bp.get("/qr/<item_id>.svg")
def qr_code_svg(item_id):
    record = library().public_get(item_id, now())
    return Response(qr_svg(record_link(record, public_base_url())), mimetype="image/svg+xml",
                    headers={"Cache-Control": CACHE_QR})


@bp.get("/qr/<item_id>.png")
def qr_code_png(item_id):
    record = library().public_get(item_id, now())
    return Response(qr_png(record_link(record, public_base_url())), mimetype="image/png",
                    headers={"Cache-Control": CACHE_QR})
