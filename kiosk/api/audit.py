"""GET /api/v1/audit: who did what to which target, newest first (admins, their orgs only)."""
from flask import jsonify

from content import permissions

from ..auth import staff_actor
from ..context import library
from . import bp
from .params import int_arg, raise_if

LIMIT_MAX = 500
SEQ_MAX = 2**53 - 1  # an entry's seq; the OpenAPI document says the same


@bp.get("/audit")
def audit_trail():
    actor = staff_actor()
    permissions.require(actor, "audit.read")
    errors = {}
    limit = int_arg("limit", errors, 100, 1, LIMIT_MAX)
    before = int_arg("before", errors, None, 0, SEQ_MAX)
    raise_if(errors)
    trail = library().audit
    orgs = None if actor.org == _root_code() else actor.scope
    entries = trail.entries(orgs, limit, before)
    return jsonify({"items": entries, "chain_intact": trail.verify() is None})


def _root_code():
    root = library().orgs.root()
    return root.code if root else None
