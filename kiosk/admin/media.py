"""Posters and videos: upload (checked and stored as a draft media record) and the list with
thumbnails. Editing, submitting, reviewing and withdrawing are the records' own pages."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from content.errors import ContentError, TooLarge

from ..context import library
from ..media import upload_from_request
from . import bp
from .access import me, needs

PER_PAGE = 24


@bp.get("/media")
@needs("item.read")
def media():
    page = request.args.get("page", "1")
    page = int(page) if page.isascii() and page.isdigit() and 0 < len(page) < 6 else 1
    result = library().list(me(), {"kind": "media"}, page=page, per_page=PER_PAGE)
    return render_template("admin/media/list.html", result=result, values={}, errors={}, message=None)


@bp.post("/media")
@needs("item.write")
def upload_media():
    try:
        record = upload_from_request(me())
    except ContentError as exc:
        result = library().list(me(), {"kind": "media"}, page=1, per_page=PER_PAGE)
        values = {} if isinstance(exc, TooLarge) else dict(request.form.items())  # a body past the limit is never read
        return render_template("admin/media/list.html", result=result, values=values, errors=exc.fields,
                               message=exc.message), exc.status
    flash(_("已上传为草稿（第 %(rev)d 版）：提交审核并通过后才会在屏幕上播放", rev=record["rev"]))
    return redirect(url_for("admin.edit_record", item_id=record["id"]))

