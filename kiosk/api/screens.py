"""What screens fetch with their key, and how a new screen gets one (pairing)."""
from flask import Response, jsonify, request

from content.errors import NotFound
from displays.pairing import TooManyWaiting

from ..clock import now
from ..errors import error_response
from ..extensions import limiter
from ..resident import public_base_url
from ..screens.context import screens
from . import bp
from .params import raise_if, text_arg

SECRET_MAX = 64  # the OpenAPI document says the same
# Per client address (unauthenticated endpoints). A pairing screen polls every 3 s; a hall
# behind one router may pair a dozen screens at once.
PAIRING_STARTS = "30 per 10 minutes"
PAIRING_POLLS = "600 per minute"


@bp.get("/screens/<key>/bundle")
def bundle(key):
    display = screens().displays.by_key(key)
    if display is None:
        raise NotFound("unknown or revoked display key")
    bundle = screens().bundles.bundle(display, public_base_url(), now())
    # The server's clock beside (not inside) the bundle, so the bytes and their ETag stay shared:
    # the player measures its clock's offset from it on every fetch.
    headers = {"ETag": bundle.etag, "Cache-Control": "no-cache",
               "X-Server-Time": str(int(now().timestamp() * 1000))}
    if request.if_none_match.contains(bundle.etag.strip('"')):
        return Response(status=304, headers=headers)
    return Response(list(bundle.parts), mimetype="application/json", headers=headers)  # sent as is, not joined


@bp.post("/pairings")
@limiter.limit(PAIRING_STARTS, error_message="too many pairing codes asked from this address: try again later")
def start_pairing():
    try:
        code, secret = screens().pairings.start(request.remote_addr)
    except TooManyWaiting as exc:
        response = error_response(exc.status, exc.code, exc.message)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    return jsonify({"code": code, "secret": secret}), 201


@bp.get("/pairings/<code>")
@limiter.limit(PAIRING_POLLS, error_message="too many requests from this address: try again later")
def poll_pairing(code):
    errors = {}
    secret = text_arg("secret", errors, SECRET_MAX, ascii_only=True)
    raise_if(errors)
    key = screens().pairings.poll(code, secret)
    return jsonify({"status": "paired", "key": key} if key else {"status": "waiting"})
