"""Posters and videos: GET /media/<sha256>.<ext> (and its .thumb.jpg), and reading an upload.

Files are named by their content hash, so a name never changes meaning: they are served
as immutable, with byte ranges (a video seeks), to screens, their service worker and staff.
"""
from flask import Blueprint, abort, request, send_file
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from content.errors import Invalid, TooLarge
from content.mediafiles import MAX_IMAGE_BYTES, MAX_VIDEO_BYTES, upload_media
from .offload import run_off_loop

from .auth import request_actor
from .clock import now
from .context import content, library

bp = Blueprint("media", __name__)
FORM_FIELDS = ("title", "summary", "department", "publish_at", "expire_at", "org")
UPLOAD_SLACK = 64 * 1024  # the form's other fields and the multipart framing


@bp.get("/media/<name>")
def media_file(name):
    """An approved poster or video for anyone; a draft's (or a withdrawn one's) for staff only."""
    path = content().media.path(name)
    public = path is not None and name in library().public_set().media_names()
    if path is None or not (public or current_user.is_authenticated or request_actor() is not None):
        abort(404)
    mime = "image/jpeg" if name.endswith(".thumb.jpg") else None
    response = send_file(path, mimetype=mime, conditional=True, etag=name.split(".")[0], max_age=31536000)
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable" if public else "private, no-store"
    return response


def upload_from_request(actor):
    """Make a draft media record from this multipart request (file, title, window, tags...)."""
    request.max_content_length = MAX_VIDEO_BYTES + UPLOAD_SLACK  # the app's 2 MB is for JSON and forms
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        message = (f"文件太大：图片不能超过 {MAX_IMAGE_BYTES // (1024 * 1024)} MB，"
                   f"视频不能超过 {MAX_VIDEO_BYTES // (1024 * 1024)} MB")
        raise TooLarge(message, {"file": message}) from None
    if upload is None or not upload.filename:
        raise Invalid("请选择要上传的图片或视频文件", {"file": "required"})
    try:
        data, filename = upload.read(), upload.filename
    finally:
        upload.close()
    fields = form_fields(request.form)
    return run_off_loop(upload_media, library(), content().media, actor, fields, data, filename, now())


def form_fields(form):
    """A media record's fields from form text (empty ones left out, tags comma-separated)."""
    fields = {key: form[key] for key in FORM_FIELDS if form.get(key, "").strip()}
    tags = [t.strip() for value in form.getlist("tags") for t in value.replace("，", ",").split(",") if t.strip()]
    if tags:
        fields["tags"] = tags
    seconds = form.get("seconds", "").strip()
    if seconds:
        if not (seconds.isascii() and seconds.isdigit() and len(seconds) < 6):
            raise Invalid("some fields are not valid", {"seconds": "显示秒数应为整数"})
        fields["seconds"] = int(seconds)
    if form.get("all_townships") in ("1", "true", "on"):
        fields["all_townships"] = True
    return fields
