"""Topic lists: guides of a theme, disclosures of an area or 五公开 stage, notices; paged."""
from flask import render_template, request

from content import catalogue

from ..query import page_arg
from . import bp  # noqa: F401
from .hall import hall_records, route

PER_PAGE = 8


def list_filters(args):
    """The filters of a topic list from its query arguments (unknown values are dropped)."""
    kind = args.get("kind") if args.get("kind") in catalogue.KINDS else None
    theme = args.get("theme") if args.get("theme") in catalogue.THEMES else None
    area = args.get("area") if args.get("area") in catalogue.AREAS else None
    stage = args.get("stage") if args.get("stage") in catalogue.STAGES else None
    if theme:
        kind = "guide"
    if area or stage:
        kind = "disclosure"
    return {"kind": kind, "theme": theme, "area": area, "stage": stage}


def page_number(args, pages):
    return min(page_arg(args), max(pages, 1))


@route("/list")
def topic_list():
    filters = list_filters(request.args)
    chosen = [r for r in hall_records() if all(v is None or r.get(k) == v for k, v in filters.items())]
    pages = (len(chosen) + PER_PAGE - 1) // PER_PAGE
    page = page_number(request.args, pages)
    shown = chosen[(page - 1) * PER_PAGE:page * PER_PAGE]
    return render_template("resident/list.html", records=shown, total=len(chosen), page=page, pages=pages,
                           filters=filters)
