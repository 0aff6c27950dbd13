"""Kiosks in the pages: the org's touchscreens and their addresses, pairing, settings, new key, retiring."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from content.errors import Conflict, Invalid, NotFound

from ..screens import operations
from ..screens.context import screens
from . import bp, devices
from .access import me, needs

# The domain's messages are English and technical: each field says what it needs in words staff read.
FIELD_MESSAGES = {"name": _l("请填写名称（不超过 100 个字）"), "hall": _l("大厅名称不超过 100 个字"),
                  "idle_seconds": _l("请填写 5 到 3600 之间的整数秒数"), "notes": _l("备注不超过 500 个字"),
                  "code": _l("没有查询机显示这个登记码：请核对查询机上显示的登记码；登记码 15 分钟内有效，且只能使用一次")}
CUT_OFFS = {"key": "rotate_key", "retire": "revoke"}


def kiosk_fields(form, settings=False):
    """The kiosk fields a form carries, shaped as the API takes them."""
    data = {"name": form.get("name", "").strip(), "hall": form.get("hall", "").strip()}
    if settings:
        seconds = form.get("idle_seconds", "").strip()
        if seconds:  # left empty: keeps its value
            data["idle_seconds"] = int(seconds) if seconds.isascii() and seconds.isdigit() and len(seconds) < 6 else seconds
        data["notes"] = form.get("notes", "").strip()
    return data


def _errors(exc):
    return {field: str(FIELD_MESSAGES.get(field, message)) for field, message in devices.form_errors(exc).items()}


def _list_page(filters, page, form=None, errors=None, adding=None):
    mine = devices.mine(screens().kiosks)
    result = devices.page_of([k for k in mine if devices.matches(k, filters)], page)
    return render_template("admin/kiosks/list.html", result=result, filters=filters, count=len(mine),
                           orgs=sorted({k["org"] for k in mine}), form=form or {}, errors=errors or {},
                           adding=adding), 422 if errors else 200


@bp.get("/kiosks")
@needs("display.manage")
def kiosks_page():
    return _list_page(*devices.list_filters(request.args))


@bp.post("/kiosks")
@needs("display.manage")
def add_kiosk():
    """Add a kiosk by hand: staff then open its address on the touchscreen."""
    try:
        kiosk = operations.create_kiosk(me(), kiosk_fields(request.form))
    except Invalid as exc:
        return _list_page(*devices.list_filters({}), form=request.form, errors=_errors(exc), adding="add")
    flash(_("已添加：请在查询机的浏览器中打开下方的查询机地址"))
    return redirect(url_for("admin.kiosk_page", kiosk_id=kiosk["id"]))


@bp.post("/kiosks/pair")
@needs("display.manage")
def pair_kiosk():
    try:
        kiosk = operations.pair(me(), request.form.get("code", ""), fields=kiosk_fields(request.form),
                                registry=screens().kiosks)
    except (Invalid, NotFound) as exc:
        return _list_page(*devices.list_filters({}), form=request.form, errors=_errors(exc), adding="pair")
    flash(_("已配对：%(name)s 几秒内会打开本大厅的首页", name=kiosk["name"]))
    return redirect(url_for("admin.kiosk_page", kiosk_id=kiosk["id"]))


def _kiosk(kiosk_id):
    """The kiosk, in the person's orgs and not retired, else 404 (another township's is as if unknown)."""
    try:
        kiosk = screens().kiosks.get(me(), kiosk_id)
    except NotFound:
        abort(404)
    if kiosk.get("revoked_at"):
        abort(404)
    return kiosk


def _detail(kiosk, form=None, errors=None):
    return render_template("admin/kiosks/detail.html", kiosk=kiosk, form=form, errors=errors or {}), \
        422 if errors else 200


@bp.route("/kiosks/<kiosk_id>", methods=["GET", "POST"])
@needs("display.manage")
def kiosk_page(kiosk_id):
    kiosk = _kiosk(kiosk_id)
    if request.method == "GET":
        return _detail(kiosk)
    rev = request.form.get("rev", "")
    try:
        operations.update_kiosk(me(), kiosk["id"], kiosk_fields(request.form, settings=True),
                                int(rev) if rev.isascii() and rev.isdigit() and len(rev) < 10 else -1)
    except Invalid as exc:
        return _detail(kiosk, request.form, _errors(exc))
    except Conflict:
        return _detail(kiosk, request.form, {"rev": _("别人刚修改过这台查询机的设置：请刷新页面后再改")})
    flash(_("查询机设置已保存"))
    return redirect(url_for("admin.kiosk_page", kiosk_id=kiosk["id"]))


@bp.post("/kiosks/<kiosk_id>/pair")
@needs("display.manage")
def repair_kiosk(kiosk_id):
    """Claim a code for this kiosk: a replaced touchscreen, or one whose key was changed."""
    kiosk = _kiosk(kiosk_id)
    try:
        operations.pair(me(), request.form.get("code", ""), kiosk["id"], registry=screens().kiosks)
    except NotFound as exc:
        return _detail(kiosk, errors={"code": str(FIELD_MESSAGES["code"])} if exc.fields else {})
    flash(_("已配对：查询机几秒内会打开本大厅的首页"))
    return redirect(url_for("admin.kiosk_page", kiosk_id=kiosk["id"]))


@bp.post("/kiosks/<kiosk_id>/<action>")
@needs("display.manage")
def kiosk_action(kiosk_id, action):
    kiosk = _kiosk(kiosk_id)
    if action not in CUT_OFFS:
        abort(404)
    if not request.form.get("confirm"):
        return _detail(kiosk, errors={f"confirm_{action}": _("请先勾选确认框")})
    kiosk = operations.cut_off_kiosk(me(), kiosk["id"], CUT_OFFS[action])
    if action == "retire":
        flash(_("查询机“%(name)s”已停用，原地址已失效", name=kiosk["name"]))
        return redirect(url_for("admin.kiosks_page"))
    flash(_("已更换密钥：原地址已失效。请在查询机上打开下方的新地址，或在查询机上打开 /kiosk/ 后重新配对"))
    return redirect(url_for("admin.kiosk_page", kiosk_id=kiosk["id"]))
