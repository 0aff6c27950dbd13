"""What screens fetch with their key, and how a new screen gets one (pairing)."""
from flask import Response, jsonify, request

from content.errors import ContentError, NotFound

from ..clock import now
from ..resident import public_base_url
from ..screens.context import screens
from . import bp
from .params import raise_if, text_arg

MAX_WAITING_PAIRINGS = 500
SECRET_MAX = 64  # the OpenAPI document says the same


class TooMany(ContentError):
    status = 429
    code = "too_many_requests"


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
def start_pairing():
    if screens().pairings.waiting() >= MAX_WAITING_PAIRINGS:
        raise TooMany("too many screens are waiting to be paired; try again in a few minutes")
    code, secret = screens().pairings.start()
    return jsonify({"code": code, "secret": secret}), 201


@bp.get("/pairings/<code>")
def poll_pairing(code):
    errors = {}
    secret = text_arg("secret", errors, SECRET_MAX, ascii_only=True)
    raise_if(errors)
    key = screens().pairings.poll(code, secret)
    return jsonify({"status": "paired", "key": key} if key else {"status": "waiting"})
