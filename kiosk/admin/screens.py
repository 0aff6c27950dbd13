"""Screens in the pages: which are online and what they show, pairing a new TV, settings, commands."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from content import catalogue
from content.errors import Conflict, Invalid, NotFound

from ..screens import operations
from ..screens.context import screens
from ..context import library
from . import bp, devices
from .access import me, needs

KEYS = ("name", "hall", "orientation", "seconds_per_slide", "kinds", "areas", "notes")


def _status(display, status=None):
    status = status or screens().presence.status(display["id"])
    showing = library().items.get(status["showing"]) if status.get("showing") else None
    if showing is not None and not me().sees(showing["org"]) and not showing.get("all_townships"):
        showing = None
    return {**display, **status, "showing_title": showing["title"] if showing else None}


STATES = ("online", "offline")


def _list_page(filters, page, form=None, errors=None, status=200):
    """A page of the screens that match, with how many are online in all (a county has 1,000)."""
    mine = devices.mine(screens().displays)
    statuses = screens().presence.statuses(d["id"] for d in mine)  # one round trip to the shared state
    online = {d["id"]: statuses[d["id"]]["online"] for d in mine}
    chosen = [d for d in mine if devices.matches(d, filters)
              and (not filters["state"] or online[d["id"]] == (filters["state"] == "online"))]
    result = devices.page_of(chosen, page)
    result["items"] = [_status(d, statuses[d["id"]]) for d in result["items"]]
    orgs = sorted({d["org"] for d in mine})
    return render_template("admin/screens/list.html", result=result, filters=filters, orgs=orgs, count=len(mine),
                           online=sum(online.values()), version=library().content_version(), form=form or {},
                           errors=errors or {}), status


@bp.get("/screens")
@needs("display.read")
def screens_page():
    return _list_page(*devices.list_filters(request.args, STATES))


def display_fields(form, every_kind=False):
    """The display fields a settings form carries, shaped as the API takes them (a new screen
    paired without choosing plays every kind)."""
    data = {"name": form.get("name", "").strip(), "hall": form.get("hall", "").strip(),
            "orientation": form.get("orientation", "landscape"),
            "kinds": list(catalogue.KINDS) if every_kind else [k for k in catalogue.KINDS if form.get(f"kind_{k}")],
            "areas": [a for a in form.getlist("areas") if a], "notes": form.get("notes", "").strip()}
    seconds = form.get("seconds_per_slide", "15").strip()
    data["seconds_per_slide"] = int(seconds) if seconds.isdigit() and len(seconds) < 5 else seconds
    rotation = form.get("rotation")
    if rotation is not None:  # the settings page has it; pairing a new screen does not
        data["rotation"] = int(rotation) if rotation.isdigit() and len(rotation) < 4 else rotation
    if form.get("schedule_on") or form.get("schedule_off"):
        days = [int(d) for d in form.getlist("schedule_days") if d in "1234567" and len(d) == 1]
        data["schedule"] = {"days": days, "on": form.get("schedule_on", ""), "off": form.get("schedule_off", "")}
    else:
        data["schedule"] = None
    return data


@bp.post("/screens/pair")
@needs("display.manage")
def pair_screen():
    code = request.form.get("code", "")
    fields = display_fields(request.form, every_kind=True)
    try:
        display = operations.pair(me(), code, fields=fields)
    except (Invalid, NotFound) as exc:
        errors = devices.form_errors(exc)
        if "code" in errors:
            errors["code"] = _("没有屏幕显示这个登记码：请核对屏幕上的 6 位字母，登记码 15 分钟内有效，且只能使用一次")
        return _list_page(*devices.list_filters({}), form=request.form, errors=errors, status=422)
    flash(_("已配对：%(name)s 将在几秒内开始播放", name=display["name"]))
    return redirect(url_for("admin.screen_page", display_id=display["id"]))


def _display(display_id):
    try:
        return screens().displays.get(me(), display_id)
    except NotFound:
        abort(404)


@bp.route("/screens/<display_id>", methods=["GET", "POST"])
@needs("display.read")
def screen_page(display_id):
    display, errors, form = _display(display_id), {}, None
    if request.method == "POST":
        from content import permissions
        permissions.require(me(), "display.manage")
        form = request.form
        rev = request.form.get("rev", "")
        try:
            display = operations.update_display(me(), display["id"], display_fields(form),
                                                int(rev) if rev.isdigit() and len(rev) < 10 else -1)
            flash(_("屏幕设置已保存，屏幕会立即更新"))
            return redirect(url_for("admin.screen_page", display_id=display["id"]))
        except Invalid as exc:
            errors = devices.form_errors(exc)
        except Conflict:
            errors = {"rev": _("别人刚修改过这块屏幕的设置：请刷新页面后再改")}
    acks = {a["id"]: screens().alerts.acks(a["id"]).get(display["id"]) for a in screens().alerts.all()
            if me().sees(a["org"])}
    return render_template("admin/screens/detail.html", display=_status(display), form=form, errors=errors,
                           areas=catalogue.AREAS, acks=acks), 422 if errors else 200


@bp.post("/screens/<display_id>/<action>")
@needs("display.read")
def screen_action(display_id, action):
    from content import permissions
    display = _display(display_id)
    if action in operations.COMMANDS:
        permissions.require(me(), "display.command")
        connections = operations.command(me(), display["id"], action)[1]
        flash(_("已发送，%(count)s 个连接收到", count=connections) if connections
              else _("屏幕不在线：命令没有送达"), "ok" if connections else "error")
    elif action in ("key", "retire"):
        permissions.require(me(), "display.manage")
        change = screens().displays.rotate_key if action == "key" else screens().displays.revoke
        operations.cut_off(me(), display["id"], change, f"display.{'rotate_key' if action == 'key' else 'revoke'}")
        flash(_("已更换密钥：请在电视上重新打开配对页 /screen/ 并再次配对") if action == "key" else _("屏幕已停用"))
        if action == "retire":
            return redirect(url_for("admin.screens_page"))
    else:
        abort(404)
    return redirect(url_for("admin.screen_page", display_id=display["id"]))
