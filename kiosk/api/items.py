"""Records: public reads for residents, staff reads and writes with review."""
from flask import jsonify, request, url_for

from content.catalogue import catalogue
from content.errors import Invalid, NotFound

from ..auth import request_actor, staff_actor
from ..bodies import json_body
from ..clock import now
from ..context import library
from . import bp
from .params import if_match, list_params

ACTIONS = ("submit", "approve", "reject", "withdraw")


@bp.get("/items")
def list_items():
    actor = request_actor()
    filters, page, per_page = list_params(staff=actor is not None)
    if actor:
        return jsonify(library().list(actor, filters, page, per_page))
    return jsonify(library().public_list(filters, now(), page, per_page))


@bp.get("/search")
def search():
    """The kiosk search: ranked matches, counts per kind, highlight spans and any correction."""
    filters, page, per_page = list_params(staff=False, cut=("q",))
    query, org, kind = filters.pop("q", ""), filters.pop("org", None), filters.pop("kind", None)
    if not query.strip():
        return jsonify({"items": [], "total": 0, "page": page, "per_page": per_page, "q": query,
                        "groups": {}, "highlights": [], "corrected": None, "did_you_mean": None,
                        "message": None, "intent": {"kind": None, "section": None}})
    result = library().public_search_page(query, now(), org, kind, filters, page, per_page)
    corrected = result["corrected"]
    message = f"已为您显示“{corrected}”的结果" if corrected else None
    return jsonify({**result, "q": query, "did_you_mean": corrected, "message": message})


@bp.get("/search/suggest")
def search_suggest():
    """Up to five titles or words for what a resident is typing (prefix, pinyin, synonyms)."""
    filters, _, _ = list_params(staff=False, cut=("q",))
    suggestions = library().public_suggest(filters.get("q", ""), now(), filters.get("org"))
    return jsonify({"q": filters.get("q", ""), "suggestions": [{"text": s.text, "id": s.id} for s in suggestions]})


@bp.get("/catalogue")
def get_catalogue():
    """The standard catalogue (areas, stages, channels, themes...) with Chinese labels."""
    return jsonify(catalogue())


@bp.get("/items/<item_id>")
def get_item(item_id):
    actor = request_actor()
    # Only ASCII digits name a record: the public set's str.isdigit() takes "²", which int() refuses.
    if not (item_id.isascii() and item_id.isdigit()):
        raise NotFound(f"no record {item_id}")
    if actor:
        return with_etag(library().get(actor, item_id))
    return jsonify(library().public_get(item_id, now()))


@bp.post("/items")
def create_item():
    record = library().create(staff_actor(), json_body(), now())
    response = with_etag(record)
    response.status_code = 201
    response.headers["Location"] = url_for("api.get_item", item_id=record["id"])
    return response


@bp.put("/items/<item_id>")
def update_item(item_id):
    actor = staff_actor()
    record = library().update(actor, item_id, json_body(), if_match(), now())
    return with_etag(record)


@bp.post("/items/<item_id>/<action>")
def transition_item(item_id, action):
    if action not in ACTIONS:
        raise NotFound(f"no action {action}: use one of {', '.join(ACTIONS)}")
    actor = staff_actor()
    body = json_body(optional=True)
    if body is None and request.get_data(cache=True).strip():  # JSON null is not "no body": not an object
        raise Invalid("the body must be a JSON object, or left out", {"body": "an object"})
    return with_etag(library().transition(actor, item_id, action, body, if_match(), now()))


@bp.get("/items/<item_id>/revisions")
def list_revisions(item_id):
    revisions = library().revisions(staff_actor(), item_id)
    return jsonify({"items": revisions, "total": len(revisions)})


def with_etag(record):
    response = jsonify(record)
    response.headers["ETag"] = f'"{record["rev"]}"'
    return response
