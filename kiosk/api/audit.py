"""GET /api/v1/audit: who did what to which target, newest first (admins, their orgs only)."""
from flask import jsonify, request

from content import permissions
from content.errors import Invalid

from ..auth import staff_actor
from ..context import library
from . import bp

LIMIT_MAX = 500


@bp.get("/audit")
def audit_trail():
    actor = staff_actor()
    permissions.require(actor, "audit.read")
    limit, before = request.args.get("limit", "100"), request.args.get("before")
    if not limit.isdigit() or not 1 <= int(limit) <= LIMIT_MAX or (before is not None and not before.isdigit()):
        raise Invalid("bad paging", {"limit": f"1 to {LIMIT_MAX}", "before": "an entry's seq"})
    trail = library().audit
    orgs = None if actor.org == _root_code() else actor.scope
    entries = trail.entries(orgs, int(limit), int(before) if before else None)
    return jsonify({"items": entries, "chain_intact": trail.verify() is None})


def _root_code():
    root = library().orgs.root()
    return root.code if root else None
