"""The timeliness board (政务公开时限) and the entry of a year's official holiday schedule."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from content.errors import Invalid
from content.workdays import library_years

from ..api.sheets import board_for, calendars_and_cache
from ..clock import now
from ..context import content, library
from ..query import page_arg
from . import bp
from .access import me, needs


PER_PAGE = 50
SECTION_MAX = 50  # 公示期 ending, stale guides, ratings: the first 50, with the total
# why a resident found a record wanting, as the kiosk asks it (content.feedback.REASONS)
REASON_LABELS = {"unclear": _l("看不懂"), "outdated": _l("内容过时"), "incomplete": _l("信息不全"), "wrong": _l("信息有误")}


@bp.get("/timeliness")
@needs("deadline.read")
def timeliness_page(errors=None, form=None, status=200):
    board, calendars = board_for(me())
    page = page_arg(request.args)
    # a county has thousands of open deadlines: the page shows them 50 at a time, soonest first
    deadlines = {"items": board["deadlines"][(page - 1) * PER_PAGE:page * PER_PAGE],
                 "total": len(board["deadlines"]), "page": page, "per_page": PER_PAGE}
    return render_template("admin/timeliness.html", board=board, deadlines=deadlines, shown=SECTION_MAX,
                           library_years=library_years(), entered=calendars.entered(), errors=errors or {},
                           form=form or {}, ratings=_ratings(me()), reason_labels=REASON_LABELS), status


def _ratings(actor):
    """Residents' ratings of the actor's records, least liked first; reading them marks them read."""
    feedback = content().feedback
    rows = feedback.worst_first(actor.sees)
    new = feedback.unread(actor.sees, actor.name)
    if new:
        feedback.mark_read(actor.name, now())
    shown = []
    for row in rows:
        record = library().items.get(row["item"]) if len(shown) < SECTION_MAX else None
        if record is not None:
            shown.append({**row, "title": record["title"], "kind": record["kind"]})
    return {"items": shown, "total": len(rows), "new": new}


def unread_ratings(actor):
    """Ratings that came in since the actor last opened the board (the dashboard's tile)."""
    return content().feedback.unread(actor.sees, actor.name)


@bp.post("/timeliness/calendar")
@needs("calendar.enter")
def enter_calendar_page():
    year = request.form.get("year", "")
    data = {key: [line.strip() for line in request.form.get(key, "").replace("，", "\n").replace(",", "\n").splitlines()
                  if line.strip()] for key in ("holidays", "workdays")}
    try:
        if not (year.isdigit() and len(year) == 4):
            raise Invalid("year", {"year": _("请填写四位年份")})
        calendars, _cache = calendars_and_cache()
        doc = calendars.enter(me(), int(year), data, now())
    except Invalid as exc:
        return timeliness_page(errors=dict(exc.fields), form=request.form, status=422)
    library().audit.record(me().name, "calendar.enter", f"calendar:{year}", me().org, now(),
                           holidays=len(doc["holidays"]), workdays=len(doc["workdays"]))
    flash(_("已录入 %(year)s 年节假日安排，时限按官方安排重新计算", year=year))
    return redirect(url_for("admin.timeliness_page"))


def deadline_counts(actor):
    """(near or overdue, overdue) for the dashboard tile."""
    board, _calendars = board_for(actor)
    return board["counts"]["near"] + board["counts"]["overdue"], board["counts"]["overdue"]

