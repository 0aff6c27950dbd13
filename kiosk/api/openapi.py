"""GET /api/v1/openapi.json: the API described from the same models that validate it."""
import functools

from flask import jsonify

from content import catalogue
from content.records import json_schemas

from . import bp
from .audit import LIMIT_MAX, SEQ_MAX
from .params import EARLIEST, LATEST, MAX_LENGTH, PAGING, PASTE_MAX
from .screens import SECRET_MAX

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
MEDIA = {"type": "object", "readOnly": True, "description": "the uploaded file (kind media only); served at /media/{name}, "
         "its thumbnail at /media/{name}.thumb.jpg", "required": ["type", "mime", "name", "sha256", "bytes"],
         "properties": {"type": {"enum": ["image", "video"]}, "mime": {"type": "string"}, "name": {"type": "string"},
                        "ext": {"type": "string"}, "sha256": {"type": "string"}, "bytes": {"type": "integer"},
                        "width": {"type": "integer"}, "height": {"type": "integer"},
                        "seconds": {"type": "number", "description": "a video's own length"},
                        "codec": {"type": "string"}}}
MEDIA_FORM = {"type": "object", "required": ["file", "title"], "properties": {
    "file": {"type": "string", "format": "binary", "description": "JPEG, PNG or WebP (at most 10 MB, 40 megapixels), "
             "or MP4 with H.264 / WebM with VP8 or VP9 video (at most 60 MB, 10 minutes); the extension must "
             "match the content"},
    "title": {"type": "string", "maxLength": 200}, "summary": {"type": "string", "maxLength": 1000},
    "department": {"type": "string", "maxLength": 100},
    "publish_at": {"type": "string", "format": "date-time"}, "expire_at": {"type": "string", "format": "date-time"},
    "tags": {"type": "string", "description": "comma-separated; screens with these tags (or none) play it"},
    "seconds": {"type": "integer", "minimum": 5, "maximum": 600, "description": "how long a poster shows"},
    "org": {"type": "string", "maxLength": 32}, "all_townships": {"type": "boolean"}}}
_ID = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 1}}
_IF_MATCH = {"name": "If-Match", "in": "header", "schema": {"type": "string", "pattern": r'^(W/)?"?[0-9]{1,15}"?$'},
             "description": "the rev being edited, e.g. \"3\""}


def _query(name, schema, description=""):
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


LIST_PARAMS = [
    _query("kind", {"enum": list(catalogue.KINDS)}), _query("area", {"enum": list(catalogue.AREAS)}),
    _query("stage", {"enum": list(catalogue.STAGES)}),
    _query("status", {"enum": list(catalogue.STATUSES)}, "staff only; checked, then ignored for the public"),
    _query("org", {"type": "string", "maxLength": MAX_LENGTH["org"]}),
    _query("tag", {"type": "string", "maxLength": MAX_LENGTH["tag"]}),
    _query("q", {"type": "string", "maxLength": MAX_LENGTH["q"]}, "kiosk search: 简/繁, pinyin, initials"),
    *(_query(name, {"type": "integer", "minimum": least, "maximum": most})
      for name, (_, least, most) in PAGING.items()),
]
_SEARCH_Q = _query("q", {"type": "string", "maxLength": PASTE_MAX},
                   f"what a resident typed: 简/繁, pinyin, initials, mixed (di保), colloquial words; "
                   f"cut to {MAX_LENGTH['q']} characters (more than {PASTE_MAX} is refused)")
_SEARCH_ORG = _query("org", {"type": "string", "maxLength": MAX_LENGTH["org"]},
                     "a township's kiosk: only its records and the county's records shared with all "
                     "townships, its own first")
SEARCH_PARAMS = [_SEARCH_Q if p["name"] == "q" else _SEARCH_ORG if p["name"] == "org" else p
                 for p in LIST_PARAMS if p["name"] != "status"]
_SPANS = {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}}
SEARCH_EXTRA = {
    "q": {"type": "string"},
    "groups": {"type": "object", "additionalProperties": {"type": "integer"},
               "description": "matches per kind, before `kind` narrows the list"},
    "highlights": {"type": "array", "description": "one per item: {field: [[start, end], ...]} character "
                   "offsets of matched words in the item's title and summary",
                   "items": {"type": "object", "additionalProperties": _SPANS}},
    "corrected": {"type": ["string", "null"], "description": "the query as corrected when results rely on "
                  "a typo correction"},
    "did_you_mean": {"type": ["string", "null"]},
    "message": {"type": ["string", "null"], "description": "e.g. 已为您显示“最低生活保障”的结果"},
    "intent": {"type": "object", "properties": {"kind": {"type": ["string", "null"]},
                                                "section": {"type": ["string", "null"]}},
               "description": "the kind of record the words ask for, and the part to open first "
                              "(materials for 要带什么)"},
}
SUGGESTIONS = {"type": "object", "required": ["q", "suggestions"], "properties": {
    "q": {"type": "string"}, "suggestions": {"type": "array", "maxItems": 5, "items": {
        "type": "object", "properties": {"text": {"type": "string"},
                                         "id": {"type": ["integer", "null"], "description": "the record a title opens"}}}}}}


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
    inputs["Media"]["properties"]["media"] = MEDIA
    for kind in ("Disclosure", "Guide", "Notice", "Media"):
        schema = inputs[kind]
        schema["properties"] = {**schema["properties"], **{k: {**v, "readOnly": True} for k, v in READ_ONLY.items()}}
        schema["required"] = ["kind", *schema["required"]]  # the server picks the model by it: no default
        schema["description"] = ("Read-only fields may be echoed back unchanged. On PUT, fields left out "
                                 "keep their current value.")
    inputs["Record"] = _by_kind(media=True)
    return inputs


def _by_kind(media=False):
    names = {"disclosure": "Disclosure", "guide": "Guide", "notice": "Notice", **({"media": "Media"} if media else {})}
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
    # Approval is bound to the rev the reviewer read: If-Match is required there.
    if_match = {**_IF_MATCH, "required": True} if action == "approve" else _IF_MATCH
    return {"post": _op(text, [("200", "The record after the transition", _ref("Record"))],
                        (body, False), [_ID, if_match],
                        codes=("400", "401", "403", "404", "409", "413", "415", "422", "428"))}


HEALTH = {"type": "object", "required": ["status", "content_version"], "properties": {
    "status": {"enum": ["ok", "unavailable"]}, "content_version": {"type": ["integer", "null"]},
    "store": {"type": "object"}, "message_queue": {"type": "object"}, "screens": {"type": "object"},
    "warnings": {"type": "array", "items": {"type": "string"},
                 "description": "settings to fix, e.g. QR codes pointing at a LAN address"}}}


@functools.cache
def document():
    """The OpenAPI 3.1 document (JSON Schema 2020-12 throughout)."""
    record_page = _page(_ref("Record"))
    paths = {
        "/healthz": {"get": _op("Liveness, the content version, and the store, message queue and screens", [
            ("200", "ok", HEALTH), ("503", "The store cannot be read or written", HEALTH)], staff=False, codes=())},
        "/metrics": {"get": {
            "summary": "Prometheus metrics (loopback, an admin's token or KIOSK_METRICS_TOKEN)",
            "security": [{}, {"bearer": []}],
            "responses": {"200": {"description": "Prometheus text format",
                                  "content": {"text/plain": {"schema": {"type": "string"}}}},
                          "403": {"description": "Not from loopback and no token",
                                  "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
        "/api/v1/openapi.json": {"get": _op("This document", [("200", "OpenAPI 3.1", {"type": "object"})],
                                             staff=False, codes=())},
        "/api/v1/catalogue": {"get": _op(
            "The standard catalogue: the 26 areas and township extras, 五公开 stages, channels, guide "
            "themes, with their Chinese labels", [("200", "The catalogue", {
                "type": "object", "required": ["areas", "township_areas", "stages", "themes", "channels"]})],
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
        "/api/v1/media": {"post": {**_op(
            "Upload a poster or a short video as a draft record of kind media (then submit, approve, "
            "withdraw and edit it as any record)", [("201", "The new media record", _ref("Record"))],
            codes=("400", "401", "403", "404", "413", "422")),
            "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": MEDIA_FORM}}}}},
        "/api/v1/items/{item_id}/submit": _transition("submit", "Send a draft to review"),
        "/api/v1/items/{item_id}/approve": _transition("approve", "Approve and publish (not by its author)"),
        "/api/v1/items/{item_id}/reject": _transition("reject", "Send back to draft with a comment"),
        "/api/v1/items/{item_id}/withdraw": _transition("withdraw", "Take a published record off every surface"),
        "/api/v1/items/{item_id}/revisions": {"get": _op("Every saved version, oldest first", [(
            "200", "Versions", {"type": "object", "properties": {"items": {"type": "array"},
                                                                 "total": {"type": "integer"}}})],
            params=[_ID], codes=("401", "403", "404"))},
        "/api/v1/search": {"get": _op("Kiosk search over public records", [("200", "Matches, best first", {
            **record_page, "properties": {**record_page["properties"], **SEARCH_EXTRA}})],
            params=SEARCH_PARAMS, staff=False, codes=("422",))},
        "/api/v1/search/suggest": {"get": _op("Up to five suggestions while typing", [(
            "200", "Titles and words, best first", SUGGESTIONS)],
            params=[_SEARCH_Q, _SEARCH_ORG], staff=False, codes=("422",))},
    }
    paths.update(_screen_paths())
    from .sheets import openapi_paths
    paths.update(openapi_paths(_op, _query, _json))
    paths.update(_notice_paths())
    paths.update(_kiosk_paths())
    schemas = _record_schemas()
    schemas["RecordInput"] = _by_kind()
    display_defs, schemas["DisplayFields"] = _display_schema()
    schemas["KioskFields"] = _kiosk_schema()
    alert_defs, schemas["AlertFields"] = _alert_schema()
    schemas.update({**display_defs, **alert_defs, "Bundle": BUNDLE})
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


def _display_schema():
    from displays.registry import DisplayFields
    schema = DisplayFields.model_json_schema(ref_template="#/components/schemas/{model}")
    return schema.pop("$defs", {}), schema


def _kiosk_schema():
    from displays.kiosks import KioskFields
    return KioskFields.model_json_schema()


def _kiosk_paths():
    listing = {"type": "object", "properties": {"items": {"type": "array"}, "total": {"type": "integer"}}}
    write = ("400", "401", "403", "404", "413", "415", "422")
    kiosk_id = {**_ID, "name": "kiosk_id"}
    return {
        "/api/v1/kiosks": {
            "get": _op("Touch kiosks of your orgs; each opens /kiosk/<key>", [("200", "Kiosks", listing)],
                       codes=("401",)),
            "post": _op("Register a kiosk of one hall; the answer holds its secret key (admin)",
                        [("201", "The new kiosk", _ANY)], (_ref("KioskFields"), True), codes=write)},
        "/api/v1/kiosks/pair": {"post": _op(
            "Claim the code a new kiosk shows at /kiosk/ (for kiosk_id, or a new kiosk from the other fields; admin)",
            [("200", "Paired an existing kiosk", _ANY), ("201", "Registered and paired", _ANY)],
            ({"type": "object", "required": ["code"], "properties": {"code": {"type": "string"},
                                                                     "kiosk_id": {"type": "integer"}}}, True),
            codes=write)},
        "/api/v1/kiosks/{kiosk_id}": {
            "get": _op("One kiosk", [("200", "The kiosk", _ANY)], params=[kiosk_id], codes=("401", "404")),
            "put": _op("Change a kiosk's name, hall, idle time or notes (fields left out keep their value; admin)",
                       [("200", "The kiosk", _ANY)], (_ref("KioskFields"), True), [kiosk_id, _IF_MATCH],
                       codes=("400", "401", "403", "404", "409", "413", "415", "422")),
            "delete": _op("Retire a kiosk: its key stops opening /kiosk/<key> at once (admin)",
                          [("200", "The retired kiosk", _ANY)], params=[kiosk_id], codes=("401", "403", "404"))},
        "/api/v1/kiosks/{kiosk_id}/key": {"post": _op(
            "Replace a kiosk's key (admin)", [("200", "The kiosk with its new key", _ANY)],
            params=[kiosk_id], codes=("401", "403", "404"))},
        "/api/v1/feedback": {"get": _op(
            "好差评 from kiosks per record of your orgs: count, useful, average rating, reasons",
            [("200", "Summary", listing)], params=[_query("item", {"type": "integer", "minimum": 1, "maximum": 2**53 - 1})],
            codes=("401", "422"))},
    }


def _alert_schema():
    from displays.alerts import AlertFields
    schema = AlertFields.model_json_schema(ref_template="#/components/schemas/{model}")
    return schema.pop("$defs", {}), schema


_DISPLAY_ID = {**_ID, "name": "display_id"}
_ALERT_ID = {**_ID, "name": "alert_id"}
_KEY = {"name": "key", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 64}}
_ANY = {"type": "object"}


def _screen_paths():
    listing = {"type": "object", "properties": {"items": {"type": "array"}, "total": {"type": "integer"}}}
    write = ("400", "401", "403", "404", "409", "413", "415", "422")
    return {
        "/api/v1/displays": {
            "get": _op("Screens of your orgs with online, last_seen and the version shown",
                       [("200", "Screens", listing)], codes=("401",)),
            "post": _op("Register a screen; the answer holds its secret key (admin)",
                        [("201", "The new screen", _ANY)], (_ref("DisplayFields"), True), codes=write)},
        "/api/v1/displays/pair": {"post": _op(
            "Claim the code a new screen shows (for display_id, or a new screen from the other fields; admin)",
            [("200", "Paired an existing screen", _ANY), ("201", "Registered and paired", _ANY)],
            ({"type": "object", "required": ["code"], "properties": {"code": {"type": "string"},
                                                                     "display_id": {"type": "integer"}}}, True),
            codes=write)},
        "/api/v1/displays/{display_id}": {
            "get": _op("One screen", [("200", "The screen", _ANY)], params=[_DISPLAY_ID], codes=("401", "404")),
            "put": _op("Change what a screen plays (fields left out keep their value; admin)",
                       [("200", "The screen", _ANY)], (_ref("DisplayFields"), True), [_DISPLAY_ID, _IF_MATCH],
                       codes=write),
            "delete": _op("Retire a screen: its key stops working at once (admin)",
                          [("200", "The retired screen", _ANY)], params=[_DISPLAY_ID], codes=("401", "403", "404"))},
        "/api/v1/displays/{display_id}/key": {"post": _op(
            "Replace a screen's key (admin)", [("200", "The screen with its new key", _ANY)],
            params=[_DISPLAY_ID], codes=("401", "403", "404"))},
        "/api/v1/displays/{display_id}/reload": {"post": _op(
            "Make the screen reload its page (reviewer or admin)", [("200", "Sent", _ANY)], params=[_DISPLAY_ID],
            codes=("400", "401", "403", "404", "415"))},
        "/api/v1/displays/{display_id}/identify": {"post": _op(
            "Make the screen show its name and number (reviewer or admin)", [("200", "Sent", _ANY)],
            params=[_DISPLAY_ID], codes=("400", "401", "403", "404", "415"))},
        "/api/v1/displays/{display_id}/plays": {"get": _op(
            "What the screen showed: at a moment (at=) or through a day (day=)", [("200", "Plays", _ANY)],
            params=[_DISPLAY_ID,
                    _query("at", {"type": "string", "format": "date-time", "maxLength": 64},
                           f"ISO 8601, from {EARLIEST} to {LATEST}"),
                    _query("day", {"type": "string", "format": "date", "maxLength": 10},
                           f"YYYY-MM-DD, from {EARLIEST} to {LATEST}")], codes=("401", "404", "422"))},
        "/api/v1/audit": {"get": _op(
            "The audit trail, newest first, each entry hash-chained to the one before (admins)",
            [("200", "Entries", {"type": "object", "properties": {
                "items": {"type": "array", "items": {"type": "object", "required": ["seq", "at", "actor", "action",
                                                                                    "target", "prev", "hash"]}},
                "chain_intact": {"type": "boolean"}}})],
            params=[_query("limit", {"type": "integer", "minimum": 1, "maximum": LIMIT_MAX}),
                    _query("before", {"type": "integer", "minimum": 0, "maximum": SEQ_MAX},
                           "only entries with a smaller seq")], codes=("401", "403", "422"))},
        "/api/v1/alerts": {
            "get": _op("Alerts of your orgs, newest first, with which screens acknowledged them",
                       [("200", "Alerts", listing)], codes=("401",)),
            "post": _op("Raise an emergency alert on every screen in scope",
                        [("201", "The alert", _ANY)], (_ref("AlertFields"), True), codes=write)},
        "/api/v1/alerts/{alert_id}": {
            "get": _op("One alert", [("200", "The alert", _ANY)], params=[_ALERT_ID], codes=("401", "404")),
            "delete": _op("Clear an alert everywhere (admin)", [("200", "The cleared alert", _ANY)],
                          params=[_ALERT_ID], codes=("401", "403", "404", "409"))},
        "/api/v1/screens/{key}/bundle": {"get": {
            "summary": "Everything a screen shows now, with a strong ETag (If-None-Match → 304)",
            "description": "Each slide carries `blocks`: its body as headings, paragraphs, lists, tables and "
                           "images of plain text, which the player pages from measured sizes; `countdown` is true "
                           "for a 公示 (a disclosure with a 公示期). A poster or video (kind `media`) has `media` "
                           "(`type`, `src`, `mime`, `width`, `height`, `bytes`, `seconds`), no blocks and `qr: null`; "
                           "`settings.media_cache_bytes` bounds what the player keeps of them offline. `settings.time_zone` is the hall's time zone; "
                           "the `X-Server-Time` header (also on 304) is the server's clock in ms since the epoch.",
            "parameters": [_KEY], "security": [{}],
            "responses": {"200": {"description": "The bundle", "content": _json(_ref("Bundle"))},
                          "304": {"description": "Unchanged"},
                          "404": {"description": ERRORS["404"], "content": _json(_ref("Error"))}}}},
        "/api/v1/pairings": {"post": {
            "summary": "A new screen asks for a pairing code", "security": [{}],
            "responses": {"201": {"description": "The code to show and the secret to poll with",
                                  "content": _json(_ANY)},
                          "429": {"description": "Too many waiting, or asked from this address (see Retry-After)",
                                  "content": _json(_ref("Error"))}}}},
        "/api/v1/pairings/{code}": {"get": {
            "summary": "The waiting screen polls until staff claim its code", "security": [{}],
            "parameters": [{"name": "code", "in": "path", "required": True, "schema": {"type": "string"}},
                           _query("secret", {"type": "string", "maxLength": SECRET_MAX, "pattern": "^[\\x20-\\x7e]*$"})],
            "responses": {"200": {"description": "waiting, or paired with the key", "content": _json(_ANY)},
                          "422": {"description": ERRORS["422"], "content": _json(_ref("Error"))},
                          "404": {"description": "Unknown or expired", "content": _json(_ref("Error"))},
                          "429": {"description": "Too many requests from this address (see Retry-After)",
                                  "content": _json(_ref("Error"))}}}},
    }


def _notice_paths():
    org = _query("org", {"type": "string", "maxLength": MAX_LENGTH["org"]}, "an org code (default: your own)")
    layout = _query("layout", {"type": "string", "enum": ["single", "tiled"], "default": "single"},
                    "single: one page per sheet; tiled: two pages to a sheet")
    item = {"type": "object", "required": ["id", "title"],
            "properties": {"id": {"type": "integer"}, "title": {"type": "string"}}}
    items = {"type": "array", "items": item}
    changes = {"type": "object", "required": ["org", "since", "added", "changed", "removed", "unchanged"],
               "properties": {"org": {"type": "string"}, "since": {"type": ["string", "null"], "format": "date-time"},
                              "added": items, "changed": items, "removed": items, "unchanged": items}}
    board = _op("The paper board set: a first page listing what to put up, replace and take down since the "
                "last board print, then an A4 notice (with its verification QR code) of every public record "
                "of the org in its 公示期 or marked `board` (landscape where a table is too wide for portrait). Printing it is recorded as the new 'last print'. "
                "`layout=tiled` sets the notices' pages two to a landscape A4 sheet (at 71 %; a landscape page keeps "
                "a sheet to itself), the first page staying a page of its own.",
                [], params=[org, layout], codes=("401", "404", "422"))
    board["responses"]["200"] = {"description": "The board set", "content": {"application/pdf": {
        "schema": {"type": "string", "format": "binary"}}}}
    return {
        "/api/v1/notices/board.pdf": {"get": board},
        "/api/v1/notices/board": {"get": _op(
            "What changed on the org's paper board since its last print (records added, changed, removed)",
            [("200", "Changes since the last board print", changes)], params=[org], codes=("401", "404"))},
    }


BUNDLE = {"type": "object", "required": ["version", "display", "alert", "ticker", "settings", "slides"],
          "properties": {"version": {"type": "integer"}, "display": _ANY, "alert": {"type": ["object", "null"]},
                         "ticker": {"type": "array"}, "settings": _ANY, "slides": {"type": "array", "items": {
                             "type": "object", "required": ["id", "kind", "title", "facts", "qr"]}}}}


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(document())
