"""Records: the list with filters and row actions, the editor (new and existing), submit, withdraw."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from content import catalogue, desk
from content.compare import compare
from content.errors import Conflict, Invalid
from content.library import paginate
from content.notices.layout import prefers_landscape
from content.rendering import render_markdown

from ..clock import now
from ..context import content, library
from ..i18n import label
from . import bp
from .access import me, needs
from .forms import NEW_ROW, ActionForm, ReasonForm, apply_row_action, blank_record, field_messages, record_from_form, \
    values_for_form
from .listing import SORTS, list_args, row_actions

KINDS = tuple(catalogue.KINDS)


@bp.get("/records")
@needs("item.read")
def records():
    filters, page, sort, errors = list_args(request.args)
    bucket = request.args.get("desk")
    if bucket in ("drafts", "rejected", "review", "published"):
        chosen = desk.select(library().visible(me()), bucket, me().name)
        chosen.sort(key=lambda r: (r["updated_at"], r["id"]), reverse=True)
        result = paginate([dict(r) for r in chosen], page, 20)
    else:
        result = library().list(me(), filters, page, 20, sort)
    return render_template("admin/records/list.html", result=result, filters=filters, sort=sort, bucket=bucket,
                           errors=errors, actions={r["id"]: row_actions(r) for r in result["items"]},
                           authors=library().authors(me()),
                           catalogue_areas=catalogue.AREAS, catalogue_stages=catalogue.STAGES,
                           sort_options=SORTS.items())


@bp.route("/records/new", methods=["GET", "POST"])
@needs("item.write")
def new_record():
    kind = request.args.get("kind", "")
    if kind == "media":  # made by uploading its file
        return redirect(url_for("admin.media"))
    if kind not in KINDS:
        return render_template("admin/records/choose.html")
    if request.method == "GET":
        return _editor(blank_record(kind), None)
    data = record_from_form(request.form, kind)
    if apply_row_action(data, request.form.get("row")):
        return _editor(values_for_form(data), None)
    try:
        record = library().create(me(), data, now())
    except Invalid as exc:
        return _editor(values_for_form(data), None, errors=field_messages(exc.fields), status=422)
    flash(_saved_message(record))
    return redirect(url_for("admin.edit_record", item_id=record["id"]))


@bp.get("/records/<item_id>")
@needs("item.read")
def edit_record(item_id):
    record = library().get(me(), item_id)
    return _editor(values_for_form(record), record)


@bp.post("/records/<item_id>")
@needs("item.write")
def save_record(item_id):
    current = library().get(me(), item_id)
    data = record_from_form(request.form, current["kind"])
    if apply_row_action(data, request.form.get("row")):
        return _editor(_typed(data, request.form), current)
    rev = _rev(request.form)
    try:
        record = library().update(me(), item_id, data, rev, now())
    except Invalid as exc:
        return _editor(_typed(data, request.form), current, errors=field_messages(exc.fields), status=422)
    except Conflict:
        latest = library().get(me(), item_id)
        return _editor({**values_for_form(data), "rev": latest["rev"]}, latest, conflict=latest, typed=data,
                       status=409)
    flash(_saved_message(record))
    return redirect(url_for("admin.edit_record", item_id=item_id))


@bp.post("/records/<item_id>/submit")
@needs("item.submit")
def submit_record(item_id):
    return _transition(item_id, "submit", ActionForm(), _("已提交审核"))


@bp.post("/records/<item_id>/withdraw")
@needs("item.withdraw")
def withdraw_record(item_id):
    form = ReasonForm()
    if not form.validate():
        record = library().get(me(), item_id)
        return _editor(values_for_form(record), record, withdraw_form=form, status=422)
    return _transition(item_id, "withdraw", form, _("已撤回：公开页面和屏幕不再显示"))


@bp.post("/preview")
@needs("item.read")
def preview():
    """The body as the kiosk page renders it (same function), for the editor's live preview."""
    return render_markdown(request.form.get("body", "")[:200_000])


def _transition(item_id, action, form, done):
    record = library().get(me(), item_id)
    body = {"comment": form.comment.data.strip()} if hasattr(form, "comment") else None
    try:
        library().transition(me(), item_id, action, body, _rev(request.form), now())
    except Conflict as exc:
        flash(_("操作未完成：内容已被他人修改，或当前状态不允许此操作。") + " " + exc.message, "error")
    except Invalid as exc:
        return _editor(values_for_form(record), record, errors=field_messages(exc.fields), status=422,
                       message=_("提交审核前请补全下列内容"))
    else:
        flash(done)
    return redirect(url_for("admin.edit_record", item_id=item_id))


def _editor(values, record, errors=None, status=200, **extra):
    kind = values["kind"]
    if extra.get("conflict"):
        extra["conflict_changes"] = compare(extra["conflict"], {**extra["conflict"], **extra.pop("typed")})
    root = content().orgs.root()
    return render_template("admin/records/edit.html", values=values, record=record, kind=kind,
                           errors=errors or {}, preview_html=render_markdown(values.get("body") or ""),
                           catalogue=catalogue, actions=row_actions(record) if record else {},
                           area_options=[(a, _(a)) for a in catalogue.AREAS], labelled=_labelled, new_rows=NEW_ROW,
                           county_code=root.code if root else None,
                           withdraw_form=extra.pop("withdraw_form", None) or ReasonForm(formdata=None),
                           action_form=ActionForm(formdata=None), notice=_notice(record), **extra), status


def _notice(record):
    """How the record prints as an A4 notice, when it is public now: {landscape: suggested}."""
    entry = library().public_set().entry(record["id"], now()) if record else None
    return {"landscape": prefers_landscape(entry.record)} if entry else None


def _labelled(codes, group):
    return [(code, label(group, code)) for code in codes]


def _typed(data, form):
    return {**values_for_form(data), "id": form.get("id"), "rev": form.get("rev")}


def _rev(form):
    text = form.get("rev", "")
    if not (text.isascii() and text.isdigit() and len(text) < 16):
        abort(400)
    return int(text)


def _saved_message(record):
    return _("已保存草稿（第 %(rev)d 版）", rev=record["rev"])
