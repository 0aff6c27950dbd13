"""Every refusal as JSON {"error": {"code", "message", "fields"}}; never a traceback."""
import logging

from flask import jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from content.errors import ContentError

log = logging.getLogger(__name__)


def error_response(status, code, message, fields=None):
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    return response


def wants_json():
    return request.path.startswith(("/api/", "/healthz", "/qr/")) or request.accept_mimetypes.best == "application/json"


def register_error_handlers(app):
    @app.errorhandler(ContentError)
    def content_error(exc):
        return _answer(exc.status, exc.code, exc.message, exc.fields)

    @app.errorhandler(HTTPException)
    def http_error(exc):
        code = (exc.name or "error").lower().replace(" ", "_")
        response = _answer(exc.code, code, exc.description or exc.name)
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def unexpected(exc):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return _answer(500, "internal_error", "the server could not complete this request")


def _answer(status, code, message, fields=None):
    if wants_json():
        return error_response(status, code, message, fields)
    return render_template("error.html", status=status, message=message), status
