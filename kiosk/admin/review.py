"""Review (保密审查): the queue, the record as the public will see it, the diff against the
published version, the privacy scan, the checklist, and the decision."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from content import desk
from content.compare import compare
from content.errors import Conflict, Forbidden, Invalid
from content.library import paginate
from content.rendering import render_markdown
from content.scan import scan_record, split_hits, texts_of

from ..clock import now
from ..context import library
from ..query import page_arg
from . import bp
from .access import me, needs
from .forms import CHECKS, ReviewForm, field_messages

HIT_KINDS = {"id_number": _l("身份证号"), "mobile": _l("手机号"), "bank_card": _l("银行卡号"), "address": _l("详细住址"),
             "name": _l("姓名")}


QUEUE_PAGE = 50


@bp.get("/review")
@needs("item.review")
def review_queue():
    actor = me()  # once, not once per record
    waiting = [r for r in library().visible(actor) if desk.awaits_review_by(r, actor.name)]
    waiting.sort(key=lambda r: (r["updated_at"], r["id"]))  # oldest waiting first
    queue = paginate(waiting, page_arg(request.args), QUEUE_PAGE)  # a county can have hundreds waiting
    queue["items"] = [dict(r) for r in queue["items"]]
    return render_template("admin/review/queue.html", queue=queue)


@bp.get("/review/<item_id>")
@needs("item.review")
def review_page(item_id):
    return _page(library().get(me(), item_id), ReviewForm(formdata=None))


@bp.post("/review/<item_id>")
@needs("item.review")
def decide(item_id):
    record = library().get(me(), item_id)
    form = ReviewForm()
    action = request.form.get("decision")
    if action not in ("approve", "reject") or not form.validate():
        return _page(record, form, status=422)
    checks = {name: bool(getattr(form, name).data) for name in CHECKS}
    body = {"checks": checks, "comment": (form.comment.data or "").strip()}
    if action == "reject" and not body["comment"]:
        return _page(record, form, errors={"comment": _("退回时请写明理由，编辑会在工作台看到")}, status=422)
    if action == "approve" and form.publish_at.data:
        body["publish_at"] = form.publish_at.data
    try:
        library().transition(me(), item_id, action, body, int(form.rev.data), now())
    except (Invalid, Forbidden) as exc:
        return _page(record, form, errors=field_messages(exc.fields), message=exc.message, status=exc.status)
    except Conflict:
        flash(_("审核未完成：审核期间内容已被修改，请查看最新版本后重新审核。"), "error")
        return redirect(url_for("admin.review_page", item_id=item_id))
    flash(_("已发布：屏幕和自助机即时更新") if action == "approve" else _("已退回给编辑"))
    return redirect(url_for("admin.review_queue"))


def _page(record, form, errors=None, message=None, status=200):
    if record["status"] != "in_review":
        abort(409, _("这条内容不在待审核状态"))
    live = library().items.live(record)
    hits = scan_record(record)
    by_field = {}
    for hit in hits:
        by_field.setdefault(hit.field, []).append(hit.text)
    fields = [(path, split_hits(text, by_field[path])) for path, text in texts_of(record) if path in by_field]
    if not form.rev.data:
        form.rev.data = str(record["rev"])
    return render_template("admin/review/page.html", record=record, live=live, changes=compare(live, record),
                           hits=hits, hit_fields=fields, hit_kinds=HIT_KINDS, form=form, checks=CHECKS,
                           body_html=render_markdown(record.get("body") or ""), errors=errors or {},
                           message=message, own=me().name in desk.authors(record)), status
