"""GET /api/v1/openapi.json: the API described from the same models that validate it."""
import functools

from flask import jsonify

from content import catalogue
from content.records import json_schemas

from . import bp

ERRORS = {"400": "Malformed request (JSON, encoding, headers)", "401": "Missing or unknown credentials",
          "403": "Not allowed for this role or org", "404": "No such record (or not visible to you)",
          "409": "Conflict: stale rev or wrong workflow state", "413": "Body too large",
          "415": "Body is not JSON", "422": "Invalid fields", "428": "If-Match required"}
READ_ONLY = {
    "id": {"type": "integer"}, "rev": {"type": "integer"},
    "status": {"enum": list(catalogue.STATUSES)},
    "index_no": {"type": "string", "description": "<org>/<year>-<serial>, assigned once"},
    "created_at": {"type": "string", "format": "date-time"},
    "updated_at": {"type": "string", "format": "date-time"},
    "created_by": {"type": "string"}, "updated_by": {"type": "string"},
    "published_rev": {"type": ["integer", "null"], "description": "the rev residents see"},
    "published_at": {"type": ["string", "null"], "format": "date-time"},
    "review": {"type": ["object", "null"]},
}
_ID = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
_IF_MATCH = {"name": "If-Match", "in": "header", "schema": {"type": "string", "pattern": r'^(W/)?"?[0-9]{1,15}"?$'},
             "description": "the rev being edited, e.g. \"3\""}


def _query(name, schema, description=""):
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


LIST_PARAMS = [
    _query("kind", {"enum": list(catalogue.KINDS)}), _query("area", {"enum": list(catalogue.AREAS)}),
    _query("stage", {"enum": list(catalogue.STAGES)}),
    _query("status", {"enum": list(catalogue.STATUSES)}, "staff only; ignored for the public"),
    _query("org", {"type": "string", "maxLength": 32}), _query("tag", {"type": "string", "maxLength": 30}),
    _query("q", {"type": "string", "maxLength": 100}, "kiosk search: 简/繁, pinyin, initials"),
    _query("page", {"type": "integer", "minimum": 1, "maximum": 999999999}),
    _query("per_page", {"type": "integer", "minimum": 1, "maximum": 100}),
]


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema):
    return {"application/json": {"schema": schema}}


def _op(summary, ok, body=None, params=(), staff=True, codes=("400", "401", "403", "404", "422")):
    responses = {status: {"description": text, "content": _json(schema)} for status, text, schema in ok}
    responses.update({c: {"description": ERRORS[c], "content": _json(_ref("Error"))} for c in codes})
    op = {"summary": summary, "parameters": list(params), "responses": responses,
          "security": [{"bearer": []}, {"session": []}] if staff else [{}, {"bearer": []}, {"session": []}]}
    if body is not None:
        op["requestBody"] = {"required": body[1], "content": _json(body[0])}
    return op


def _record_schemas():
    inputs = json_schemas()
    for kind in ("Disclosure", "Guide", "Notice"):
        schema = inputs[kind]
        schema["properties"] = {**schema["properties"], **{k: {**v, "readOnly": True} for k, v in READ_ONLY.items()}}
        schema["description"] = ("Read-only fields may be echoed back unchanged. On PUT, fields left out "
                                 "keep their current value.")
    inputs["Record"] = _by_kind()
    return inputs


def _by_kind():
    names = {"disclosure": "Disclosure", "guide": "Guide", "notice": "Notice"}
    return {"oneOf": [_ref(n) for n in names.values()], "discriminator": {
        "propertyName": "kind", "mapping": {k: f"#/components/schemas/{n}" for k, n in names.items()}}}


def _page(schema):
    return {"type": "object", "required": ["items", "total", "page", "per_page"],
            "properties": {"items": {"type": "array", "items": schema}, "total": {"type": "integer"},
                           "page": {"type": "integer"}, "per_page": {"type": "integer"}}}


def _transition(action, text):
    body = {"type": "object", "additionalProperties": False, "properties": {
        "comment": {"type": "string", "maxLength": 2000}}}
    if action in ("approve", "reject"):
        body["properties"]["checks"] = {"type": "object", "additionalProperties": False, "properties": {
            name: {"type": "boolean"} for name in ("secrecy", "privacy", "legality", "wording")}}
    return {"post": _op(text, [("200", "The record after the transition", _ref("Record"))],
                        (body, False), [_ID, _IF_MATCH], codes=("400", "401", "403", "404", "409", "415", "422"))}


@functools.cache
def document():
    """The OpenAPI 3.1 document (JSON Schema 2020-12 throughout)."""
    record_page = _page(_ref("Record"))
    paths = {
        "/healthz": {"get": _op("Liveness and the content version", [("200", "ok", {
            "type": "object", "required": ["status", "content_version"],
            "properties": {"status": {"const": "ok"}, "content_version": {"type": "integer"}}})],
            staff=False, codes=())},
        "/api/v1/openapi.json": {"get": _op("This document", [("200", "OpenAPI 3.1", {"type": "object"})],
                                             staff=False, codes=())},
        "/api/v1/items": {
            "get": _op("Public records (with staff credentials: every record in your orgs)",
                       [("200", "One page of records", record_page)], params=LIST_PARAMS, staff=False,
                       codes=("401", "403", "422")),
            "post": _op("Create a draft", [("201", "The new record", _ref("Record"))],
                        (_ref("RecordInput"), True), codes=("400", "401", "403", "404", "413", "415", "422")),
        },
        "/api/v1/items/{item_id}": {
            "get": _op("One record (public, or as staff any status)", [("200", "The record", _ref("Record"))],
                       params=[_ID], staff=False, codes=("401", "403", "404")),
            "put": _op("Edit a record; send its rev in If-Match. It returns to draft; the published "
                       "version stays public until the edit is approved.",
                       [("200", "The saved record", _ref("Record"))], (_ref("RecordEdit"), True),
                       [_ID, _IF_MATCH], codes=("400", "401", "403", "404", "409", "413", "415", "422", "428")),
        },
        "/api/v1/items/{item_id}/submit": _transition("submit", "Send a draft to review"),
        "/api/v1/items/{item_id}/approve": _transition("approve", "Approve and publish (not by its author)"),
        "/api/v1/items/{item_id}/reject": _transition("reject", "Send back to draft with a comment"),
        "/api/v1/items/{item_id}/withdraw": _transition("withdraw", "Take a published record off every surface"),
        "/api/v1/items/{item_id}/revisions": {"get": _op("Every saved version, oldest first", [(
            "200", "Versions", {"type": "object", "properties": {"items": {"type": "array"},
                                                                 "total": {"type": "integer"}}})],
            params=[_ID], codes=("401", "403", "404"))},
        "/api/v1/search": {"get": _op("Kiosk search over public records", [("200", "Matches, best first", {
            **record_page, "properties": {**record_page["properties"], "q": {"type": "string"}}})],
            params=LIST_PARAMS, staff=False, codes=("422",))},
    }
    schemas = _record_schemas()
    schemas["RecordInput"] = _by_kind()
    schemas["RecordEdit"] = {"type": "object", "description": "Any fields of the record's kind."}
    schemas["Error"] = {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["code", "message", "fields"],
        "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                       "fields": {"type": "object"}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Township service hall kiosk and screens", "version": "1",
                 "description": "Disclosure items (政务公开事项), service guides (办事指南) and notices "
                                "for touch kiosks and notice screens."},
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "description": "python run.py create-token NAME"},
            "session": {"type": "apiKey", "in": "header", "name": "X-CSRFToken",
                        "description": "a logged-in staff session plus its CSRF token"}}},
    }


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
