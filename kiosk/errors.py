"""Every refusal as JSON {"error": {"code", "message", "fields"}}; never a traceback."""
import logging

from flask import current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException

from content.errors import ContentError

log = logging.getLogger(__name__)

# A page's refusal in the reader's language: the JSON message is for programs (and in English).
PAGE_MESSAGES = {400: _l("请求有误，请返回上一页重试。"), 403: _l("你的角色不能使用这个页面或操作。"),
                 404: _l("找不到这个页面或内容：它可能已删除，或不属于你所在的单位。"),
                 405: _l("这个地址不支持这种操作。"), 409: _l("内容已被别人修改，请刷新后重试。"),
                 429: _l("操作太频繁了，请稍等一会儿再试。"), 500: _l("服务器暂时无法完成这个操作，请稍后再试。")}


def error_response(status, code, message, fields=None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


def wants_json():
    return request.path.startswith(("/api/", "/healthz", "/qr/")) or request.accept_mimetypes.best == "application/json"


def register_error_handlers(app):
    @app.errorhandler(ContentError)
    def content_error(exc):
        return answer(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(HTTPException)
    def http_error(exc):
        code = (exc.name or "error").lower().replace(" ", "_")
        response = answer(exc.code, code, exc.description or exc.name)
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return answer(500, "internal_error", "the server could not complete this request")


def answer(status, code, message, fields=None, page_message=None):
    """The refusal as JSON for programs, or as a page in the reader's language (`page_message`
    when the caller has a better one than the status's own)."""
    if wants_json():
        return error_response(status, code, message, fields)
    if page_message:
        text = page_message
    elif status == 413:
        text = _("上传的文件太大：最多 %(mb)s MB。", mb="%g" % round(current_app.config["MAX_CONTENT_LENGTH"] / 2**20, 1))
    else:
        text = PAGE_MESSAGES.get(status, message)
    staff = request.path.startswith("/admin")
    return render_template("error.html", status=status, message=text, staff=staff), status
