"""The catalogue as a spreadsheet (import with a dry run, export, template) and the
timeliness board with its working-day calendar."""
from flask import Response, current_app, jsonify, request

from content.deadlines import DeadlineCache, timeliness_board
from content.errors import Invalid, NotFound
from content.imports import SheetRefused, dry_run, import_sheet
from ..offload import run_off_loop
from content.sheets import write_csv, write_xlsx
from content.workdays import Calendars, library_years

from ..auth import staff_actor
from ..bodies import BadBody, json_body
from ..clock import now
from ..context import content, library
from . import bp
from .params import flag_arg, raise_if, text_arg

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload():
    """(bytes, file name) of a multipart `file` field, or of a raw body named by ?filename=."""
    upload = request.files.get("file")
    if upload is not None:
        try:
            return upload.read(), upload.filename or ""
        finally:
            upload.close()  # a large upload is spooled to a temporary file: close it now
    errors = {}
    filename = text_arg("filename", errors, 200)
    raise_if(errors)
    data = request.get_data(cache=False)
    if not data:
        raise BadBody("上传一个 .xlsx 或 .csv 文件（表单字段 file）", {"file": "required"})
    return data, filename


@bp.post("/catalogue/import")
def import_catalogue():
    """?dry_run=1 reports every problem row by row; otherwise all rows become drafts, or none."""
    actor = staff_actor()
    actor.require("editor")
    errors = {}
    checking, submit = flag_arg("dry_run", errors), flag_arg("submit", errors)
    raise_if(errors)
    data, filename = _upload()
    if checking:
        return jsonify(run_off_loop(dry_run, data, filename))
    try:
        result = run_off_loop(import_sheet, library(), actor, data, filename, now(), submit=submit)
    except SheetRefused as refused:
        response = jsonify({"error": {"code": refused.code, "message": refused.message, "fields": refused.fields},
                            "problems": refused.problems})
        return response, 422
    return jsonify(result), 201


@bp.get("/catalogue/export.<fmt>")
def export_catalogue(fmt):
    actor = staff_actor()
    if fmt not in ("xlsx", "csv"):
        raise NotFound("the catalogue exports as export.xlsx or export.csv")
    errors = {}
    org = text_arg("org", errors, 32) or actor.org
    raise_if(errors)
    if not actor.sees(org):
        raise Invalid("not an organisation you manage", {"org": "unknown"})
    records = sorted((r for r in library().items.all() if r["org"] == org and r["kind"] != "media"),
                     key=lambda r: (r["created_at"], r["title"], r["id"]))  # the order they were written
    if fmt == "csv":
        body, mimetype = ("\ufeff" + write_csv(records)).encode("utf-8"), "text/csv"
    else:
        body, mimetype = run_off_loop(write_xlsx, records), XLSX
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="catalogue-{org}.{fmt}"'})


@bp.get("/catalogue/template.xlsx")
def catalogue_template():
    staff_actor()
    return Response(write_xlsx([], example=True), mimetype=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="catalogue-template.xlsx"'})


@bp.get("/timeliness")
def timeliness():
    """Deadlines near or past, 公示期 ending soon, stale guides, for the staff's orgs."""
    board, calendars = board_for(staff_actor())
    first, last = library_years()
    return jsonify({**board, "calendar": {"library_years": [first, last],
                                          "entered_years": [d["year"] for d in calendars.entered()]}})


def calendars_and_cache():
    """The app's Calendars and DeadlineCache, made once (both keep what they computed)."""
    extensions = current_app.extensions
    if "kiosk.calendars" not in extensions:
        extensions["kiosk.calendars"] = (Calendars(content().store), DeadlineCache())
    return extensions["kiosk.calendars"]


BOARDS_KEPT = 32  # one per org scope asking within the minute


def board_for(actor):
    """(the timeliness board of the actor's orgs, Calendars). Kept per org scope until a record
    or the calendar changes, or the minute turns: the dashboard asks on every visit, and a
    county board at 10k records costs a few hundred ms to walk."""
    calendars, cache = calendars_and_cache()
    calendar, moment = calendars.calendar(), now().replace(second=0, microsecond=0)
    key = (library().items_stamp(), id(calendar), actor.scope, moment)
    boards = current_app.extensions.setdefault("kiosk.boards", {})
    if key not in boards:
        if len(boards) >= BOARDS_KEPT:
            boards.clear()
        records = [r for r in library().items.scan() if actor.sees(r["org"])]  # read only: no copies needed
        boards[key] = timeliness_board(records, calendar, moment, cache)
    return boards[key], calendars


@bp.put("/calendar/<year>")
def enter_calendar(year):
    """An admin enters a year's official holiday schedule the holiday library does not know yet."""
    actor = staff_actor()
    if not (year.isascii() and year.isdigit() and len(year) == 4):
        raise Invalid("the year as four digits", {"year": "e.g. 2027"})
    doc = calendars_and_cache()[0].enter(actor, int(year), json_body(), now())
    library().audit.record(actor.name, "calendar.enter", f"calendar:{year}", actor.org, now(),
                           holidays=len(doc["holidays"]), workdays=len(doc["workdays"]))
    return jsonify(doc)


@bp.get("/calendar")
def list_calendar():
    staff_actor()
    first, last = library_years()
    return jsonify({"library_years": [first, last], "entered": calendars_and_cache()[0].entered()})


def openapi_paths(op, query, json_schema):
    """This module's operations for the OpenAPI document (kiosk/api/openapi.py)."""
    xlsx = {"description": "The workbook", "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}
    upload = {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file"], "properties": {"file": {"type": "string", "format": "binary"}}}}}}
    report = {"type": "object", "properties": {"rows": {"type": "integer"}, "ready": {"type": "integer"},
                                               "problems": {"type": "array"}, "created": {"type": "array"}}}
    flag = {"enum": ["0", "1", "true", "false"]}
    importing = op("Import a catalogue sheet (.xlsx or .csv, Chinese headers): dry_run=1 reports every problem "
                   "row by row; otherwise every row becomes a draft, or none does",
                   [("200", "The dry run's report", report), ("201", "The drafts created", report)],
                   params=[query("dry_run", flag), query("submit", flag, "submit the ready drafts for review"),
                           query("filename", {"type": "string", "maxLength": 200})],
                   codes=("400", "401", "403", "413", "422"))
    importing["requestBody"] = upload
    export = op("The catalogue of an org as .xlsx or .csv, in the import format", [], codes=("401", "404", "422"),
                params=[{"name": "fmt", "in": "path", "required": True, "schema": {"enum": ["xlsx", "csv"]}},
                        query("org", {"type": "string", "maxLength": 32})])
    export["responses"]["200"] = {"description": "The sheet", "content": {
        XLSX: {"schema": {"type": "string", "format": "binary"}}, "text/csv": {"schema": {"type": "string"}}}}
    template = op("An empty import sheet with the allowed values", [], codes=("401",))
    template["responses"]["200"] = xlsx
    year = {"name": "year", "in": "path", "required": True, "schema": {"type": "integer", "minimum": 2000,
                                                                       "maximum": 2100}}
    schedule = {"type": "object", "additionalProperties": False, "properties": {
        "holidays": {"type": "array", "items": {"type": "string", "format": "date"}, "maxItems": 60},
        "workdays": {"type": "array", "items": {"type": "string", "format": "date"}, "maxItems": 60}}}
    return {
        "/api/v1/catalogue/import": {"post": importing},
        "/api/v1/catalogue/export.{fmt}": {"get": export},
        "/api/v1/catalogue/template.xlsx": {"get": template},
        "/api/v1/timeliness": {"get": op(
            "Deadlines near or past (working days, statutory holidays and 调休 included), 公示期 ending soon, "
            "guides not reviewed for a year", [("200", "The board", {"type": "object"})], codes=("401",))},
        "/api/v1/calendar": {"get": op("The years the holiday calendar knows, and those entered by admins",
                                       [("200", "Years", {"type": "object"})], codes=("401",))},
        "/api/v1/calendar/{year}": {"put": op(
            "Enter a year's official holiday schedule (admin) for a year the holiday library does not know",
            [("200", "The stored schedule", {"type": "object"})], (schedule, True), [year],
            codes=("400", "401", "403", "413", "415", "422"))},
    }
