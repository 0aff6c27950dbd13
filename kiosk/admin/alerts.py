"""Emergency alerts in the pages: raise with a preview and scope, see who acknowledged, clear."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from content.errors import Conflict, Invalid, NotFound
from displays.alerts import LEVELS, is_active
from displays.ordering import display_order, natural_key

from ..clock import now
from ..screens import operations
from ..screens.context import screens
from . import bp
from .access import me, needs
from .forms import message_for
from .devices import matches_text, mine

LEVEL_NAMES = {"red": _l("红色预警"), "orange": _l("橙色预警"), "yellow": _l("黄色预警"), "blue": _l("蓝色预警")}


def _my_alerts():
    return sorted((a for a in screens().alerts.all() if me().sees(a["org"])), key=lambda a: a["id"], reverse=True)


def _view(alert, displays, ordered=False):
    """An alert with the screens it reached, acknowledged and pending, from `displays` (id → display;
    read once per page: reading 1,000 screens costs ~10 ms). In counting order if `ordered`: the list
    of recent alerts only counts them."""
    reached = screens().alerts.reached(alert, list(displays.values()))
    reached = [d["id"] for d in (sorted(reached, key=display_order) if ordered else reached)]
    acks = screens().alerts.acks(alert["id"])
    return {**alert, "active": is_active(alert, now()),
            "reached": [displays[i] for i in reached],
            "acked": [(displays[i], acks[i]) for i in reached if i in acks],
            "pending": [displays[i] for i in reached if i not in acks]}


def alert_fields(form):
    """The alert a form describes, shaped as the API takes it."""
    data = {"title": form.get("title", "").strip(), "body": form.get("body", "").strip(),
            "level": form.get("level", "red")}
    scope = form.get("scope", "all")
    if scope == "halls":
        data["scope"] = {"halls": [h for h in form.getlist("halls") if h]}
    elif scope == "displays":
        data["scope"] = {"displays": [int(d) for d in form.getlist("displays") if d.isdigit() and len(d) < 10]}
    expire = form.get("expire_at", "").strip()
    data["expire_at"] = expire or None
    return data


PICKER_LIMIT = 24  # screens the scope picker lists at once; its search box finds the others


def scope_picker(displays, form):
    """What the scope picker shows: halls grouped by township with their screen counts, the screens
    already chosen, and at most PICKER_LIMIT others that match the search box (`more`: not listed)."""
    chosen_halls, chosen = set(form.getlist("halls")), set(form.getlist("displays"))
    halls = {}
    for d in displays:
        if d["hall"]:
            counts = halls.setdefault(d["org"], {})
            counts[d["hall"]] = counts.get(d["hall"], 0) + 1
    groups = [{"org": org, "halls": sorted(counts.items(), key=lambda hall: natural_key(hall[0])),
               "open": len(halls) == 1 or not chosen_halls.isdisjoint(counts)} for org, counts in halls.items()]
    q = form.get("screen_q", "").strip()[:50]
    found = [d for d in displays if str(d["id"]) not in chosen and matches_text(d, q)]
    return {"groups": groups, "chosen_halls": chosen_halls, "picked": [d for d in displays if str(d["id"]) in chosen],
            "found": found[:PICKER_LIMIT], "more": len(found) - PICKER_LIMIT, "q": q, "total": len(displays)}


def _page(form=None, errors=None, status=200):
    form, every = form or MultiDict(), screens().displays.all()
    displays = {d["id"]: d for d in every}
    return render_template("admin/alerts/list.html", alerts=[_view(a, displays) for a in _my_alerts()[:50]],
                           form=form, errors=errors or {}, levels=[(code, str(LEVEL_NAMES[code])) for code in LEVELS][::-1],
                           picker=scope_picker(mine(screens().displays, every), form)), status


@bp.get("/alerts")
@needs("alert.raise")
def alerts_page():
    return _page()


@bp.post("/alerts")
@needs("alert.raise")
def raise_alert_page():
    if request.form.get("find"):  # the picker's search button, for browsers without the page script
        return _page(request.form)
    data, errors = alert_fields(request.form), {}
    if not data["expire_at"] and not request.form.get("no_expiry_confirmed"):
        errors["expire_at"] = _("没有填写结束时间：预警会一直显示到有人解除。确认不设结束时间请勾选下方确认框。")
    if data.get("scope", {}).get("displays") == [] or data.get("scope", {}).get("halls") == []:
        errors["scope"] = _("请选择至少一个大厅或屏幕")
    if not errors:
        try:
            alert = operations.raise_alert(me(), data)
        except (Invalid, NotFound) as exc:
            errors = {key.split(".")[0]: message_for(value) for key, value in exc.fields.items()}
        else:
            flash(_("预警已发出，正在所有范围内的屏幕上显示"))
            return redirect(url_for("admin.alert_page", alert_id=alert["id"]))
    return _page(request.form, errors, 422)


@bp.get("/alerts/screens")
@needs("alert.raise")
def alert_screens():
    """The picker's list of screens alone, for the page script's search as you type."""
    return render_template("admin/alerts/screens.html", picker=scope_picker(mine(screens().displays), request.args))


def _alert(alert_id):
    try:
        return screens().alerts.get(me(), alert_id)
    except NotFound:
        abort(404)


@bp.get("/alerts/<alert_id>")
@needs("alert.raise")
def alert_page(alert_id):
    return render_template("admin/alerts/detail.html", alert=_view(_alert(alert_id), {d["id"]: d for d in screens().displays.all()}, ordered=True),
                           level_name=lambda code: str(LEVEL_NAMES.get(code, code)))


@bp.post("/alerts/<alert_id>/clear")
@needs("alert.clear")
def clear_alert_page(alert_id):
    alert = _alert(alert_id)
    try:
        operations.clear_alert(me(), alert["id"])
        flash(_("预警已解除，屏幕恢复正常播放"))
    except Conflict:
        flash(_("这条预警已经解除过了"), "error")
    return redirect(url_for("admin.alert_page", alert_id=alert["id"]))
