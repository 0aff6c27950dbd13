"""Query-string and header parsing for the API, with field-level refusals."""
from flask import request

from content import catalogue
from content.errors import Invalid
from kiosk.bodies import BadBody

FILTERS = {"kind": catalogue.KINDS, "stage": catalogue.STAGES, "area": catalogue.AREAS,
           "status": catalogue.STATUSES, "org": None, "q": None, "tag": None}


def list_params(staff):
    """(filters, page, per_page) from the query string; unknown values get a 422."""
    filters, errors = {}, {}
    for name, allowed in FILTERS.items():
        value = request.args.get(name)
        if value is None or (name == "status" and not staff):
            continue
        if name == "stage":
            value = catalogue.as_code(value, catalogue.STAGES)
        if allowed is not None and value not in allowed:
            errors[name] = "not a value of the catalogue"
        elif len(value) > 200:
            errors[name] = "too long"
        else:
            filters[name] = value
    page, per_page = (_int_arg(name, default, errors) for name, default in (("page", 1), ("per_page", 20)))
    if errors:
        raise Invalid("some query parameters are not valid", errors)
    return filters, page, per_page


def _int_arg(name, default, errors):
    value = request.args.get(name)
    if value is None:
        return default
    if not value.isascii() or not value.isdigit() or len(value) > 9:
        errors[name] = "a positive integer"
        return default
    return int(value)


def if_match():
    """The rev named by If-Match ("3", 3 or W/"3"), or None when absent."""
    value = request.headers.get("If-Match")
    if value is None:
        return None
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isascii() or not text.isdigit() or len(text) > 15:
        raise BadBody("If-Match must carry the record's rev, e.g. If-Match: \"3\"")
    return int(text)
