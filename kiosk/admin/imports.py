"""Importing the catalogue a township keeps in Excel: upload, read the dry run's report, confirm.

The upload is kept in the data dir under a random name until it is confirmed (or an hour
passes), so that confirming imports exactly the file whose report the clerk read.
"""
import secrets
import time
from pathlib import Path

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from content.errors import Invalid
from content.imports import SheetRefused, dry_run, import_sheet
from ..offload import run_off_loop

from ..clock import now
from ..context import content, library
from . import bp
from .access import me, needs
from .forms import message_for

KEEP_SECONDS = 3600
SUFFIXES = (".xlsx", ".xlsm", ".csv")


def _folder():
    folder = Path(content().store.root) / "uploads" / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    return folder


def _kept(token):
    """(path, original suffix) of a kept upload, or 404."""
    if not (isinstance(token, str) and len(token) < 80 and token.replace("-", "").replace("_", "").isalnum()):
        abort(404)
    found = [p for p in _folder().glob(f"{token}.*") if p.suffix in SUFFIXES]
    if not found:
        abort(404)
    return found[0]


@bp.get("/imports")
@needs("item.import")
def imports_page():
    return render_template("admin/imports.html", report=None, token=None, filename=None, error=None)


@bp.post("/imports")
@needs("item.import")
def check_import():
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return render_template("admin/imports.html", report=None, token=None, filename=None,
                               error=_("请选择一个 .xlsx 或 .csv 文件")), 422
    try:
        data, filename = upload.read(), upload.filename
    finally:
        upload.close()
    suffix = Path(filename).suffix.lower()
    try:
        report = run_off_loop(dry_run, data, filename)
    except Invalid as exc:
        return render_template("admin/imports.html", report=None, token=None, filename=filename,
                               error=exc.message), 422
    for problem in report["problems"]:  # what validation says in English, in the page's language
        problem["message"] = message_for(problem["message"])
    token = secrets.token_urlsafe(16)
    (_folder() / f"{token}{suffix if suffix in SUFFIXES else '.xlsx'}").write_bytes(data)
    return render_template("admin/imports.html", report=report, token=token, filename=filename, error=None)


@bp.post("/imports/<token>")
@needs("item.import")
def confirm_import(token):
    path = _kept(token)
    try:
        result = run_off_loop(import_sheet, library(), me(), path.read_bytes(), path.name, now(),
                              submit=request.form.get("submit") == "1")
    except (SheetRefused, Invalid) as exc:
        return render_template("admin/imports.html", report=None, token=None, filename=None, error=exc.message), 422
    path.unlink(missing_ok=True)
    flash(_("已导入 %(created)s 条草稿，其中 %(submitted)s 条已提交审核", created=len(result["created"]),
            submitted=len(result["submitted"])))
    return redirect(url_for("admin.records", status="in_review" if result["submitted"] else "draft"))
