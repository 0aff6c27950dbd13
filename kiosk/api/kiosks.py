"""Staff management of touch kiosks: register, list, claim a pairing code; feedback summary."""
from flask import jsonify

from content.errors import Invalid

from ..auth import staff_actor
from ..bodies import json_body
from ..context import content
from ..screens import operations
from ..screens.context import screens
from . import bp
from .params import if_match, int_arg, raise_if


@bp.get("/kiosks")
def list_kiosks():
    actor = staff_actor()
    shown = [k for k in screens().kiosks.all() if actor.sees(k["org"])]
    return jsonify({"items": sorted(shown, key=lambda k: (k["org"], k["hall"], k["name"])), "total": len(shown)})


@bp.post("/kiosks")
def create_kiosk():
    return jsonify(operations.create_kiosk(staff_actor(), json_body())), 201


@bp.get("/kiosks/<kiosk_id>")
def get_kiosk(kiosk_id):
    return jsonify(screens().kiosks.get(staff_actor(), kiosk_id))


@bp.put("/kiosks/<kiosk_id>")
def update_kiosk(kiosk_id):
    return jsonify(operations.update_kiosk(staff_actor(), kiosk_id, json_body(), if_match()))


@bp.delete("/kiosks/<kiosk_id>")
def revoke_kiosk(kiosk_id):
    """Retire a kiosk: its key stops opening /kiosk/<key> at once."""
    return jsonify(operations.cut_off_kiosk(staff_actor(), kiosk_id, "revoke"))


@bp.post("/kiosks/<kiosk_id>/key")
def rotate_kiosk_key(kiosk_id):
    return jsonify(operations.cut_off_kiosk(staff_actor(), kiosk_id, "rotate_key"))


@bp.post("/kiosks/pair")
def pair_kiosk():
    """Claim the code a new kiosk shows at /kiosk/: for an existing kiosk, or a new one."""
    actor = staff_actor()
    body = json_body()
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        raise Invalid("send the code the kiosk shows", {"code": "required"})
    fields = {k: v for k, v in body.items() if k not in ("code", "kiosk_id")}
    kiosk = operations.pair(actor, body["code"], body.get("kiosk_id"), fields, registry=screens().kiosks)
    return jsonify(kiosk), 201 if body.get("kiosk_id") is None else 200


ITEM_MAX = 2**53 - 1  # a record id


@bp.get("/feedback")
def feedback_summary():
    """好差评 per record for the staff's orgs: count, average rating, reasons (?org=, ?item=)."""
    actor = staff_actor()
    errors = {}
    item = int_arg("item", errors, None, 1, ITEM_MAX)
    raise_if(errors)
    summary = content().feedback.summary(lambda org: actor.sees(org), item_id=None if item is None else str(item))
    return jsonify({"items": summary, "total": len(summary)})
