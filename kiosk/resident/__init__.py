"""The resident touch kiosk: browse, search, read a record, scan its QR code."""
from flask import Blueprint, Response, current_app, render_template, request

from content.qrcodes import qr_png, qr_svg, record_link
from content.rendering import render_markdown
from content.workflow import publicity_days_left

from ..clock import now
from ..context import library

bp = Blueprint("resident", __name__)
CACHE_QR = "public, max-age=300"


def public_base_url():
    """Where residents' phones reach us: the configured public URL, else this request's."""
    return current_app.config["KIOSK_PUBLIC_BASE_URL"] or request.host_url.rstrip("/")


@bp.get("/")
def home():
    query = request.args.get("q", "").strip()[:100]
    kind = request.args.get("kind") if request.args.get("kind") in ("disclosure", "guide", "notice") else None
    filters = {"kind": kind, "q": query or None}
    page = library().public_list(filters, now(), 1, 100)
    return render_template("resident/home.html", records=page["items"], total=page["total"],
                           query=query, kind=kind)


@bp.get("/items/<item_id>")
def item(item_id):
    record = library().public_get(item_id, now())
    return render_template("resident/item.html", record=record, body_html=render_markdown(record.get("body")),
                           link=record_link(record, public_base_url()),
                           days_left=publicity_days_left(record, now()))


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
