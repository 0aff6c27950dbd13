"""Revisions: every version of a record, any two compared, any restored as a new draft."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from content.compare import compare
from content.errors import Conflict
from content.records import READ_ONLY, editable_fields
from content.rendering import render_markdown

from ..clock import now
from ..context import library
from . import bp
from .access import me, needs
from .forms import ActionForm


@bp.get("/records/<item_id>/revisions")
@needs("item.read")
def revisions(item_id):
    record = library().get(me(), item_id)
    versions = library().revisions(me(), item_id)
    return render_template("admin/revisions/list.html", record=record, versions=list(reversed(versions)))


@bp.get("/records/<item_id>/revisions/<int:rev>")
@needs("item.read")
def revision(item_id, rev):
    record = library().get(me(), item_id)
    version = _version(item_id, rev)
    return render_template("admin/revisions/show.html", record=record, version=version,
                           body_html=render_markdown(version["record"].get("body") or ""),
                           form=ActionForm(formdata=None))


@bp.get("/records/<item_id>/compare")
@needs("item.read")
def compare_revisions(item_id):
    record = library().get(me(), item_id)
    a, b = request.args.get("a", ""), request.args.get("b", "")
    if not (a.isdigit() and b.isdigit()):
        abort(404)
    old, new = sorted((_version(item_id, int(a)), _version(item_id, int(b))), key=lambda v: v["rev"])
    return render_template("admin/revisions/compare.html", record=record, old=old, new=new,
                           changes=compare(old["record"], new["record"]))


@bp.post("/records/<item_id>/revisions/<int:rev>/restore")
@needs("item.write")
def restore_revision(item_id, rev):
    current = library().get(me(), item_id)
    old = editable_fields(_version(item_id, rev)["record"], READ_ONLY)
    form = ActionForm()
    expected = int(form.rev.data) if form.validate() and form.rev.data.isdigit() else current["rev"]
    try:
        saved = library().update(me(), item_id, old, expected, now())
    except Conflict:
        flash(_("未恢复：内容刚被他人修改，请重试。"), "error")
        return redirect(url_for("admin.revisions", item_id=item_id))
    flash(_("已将第 %(old)d 版恢复为新草稿（第 %(rev)d 版），需重新提交审核。", old=rev, rev=saved["rev"]))
    return redirect(url_for("admin.edit_record", item_id=item_id))


def _version(item_id, rev):
    found = next((v for v in library().revisions(me(), item_id) if v["rev"] == rev), None)
    if found is None:
        abort(404)
    return found
