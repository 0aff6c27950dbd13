"""Query-string and header parsing for the API, with field-level refusals."""
from flask import request

from content import catalogue
from content.errors import Invalid
from content.library import PAGE_MAX
from kiosk.bodies import BadBody

FILTERS = {"kind": catalogue.KINDS, "stage": catalogue.STAGES, "area": catalogue.AREAS,
           "status": catalogue.STATUSES, "org": None, "q": None, "tag": None}
MAX_LENGTH = {"org": 32, "q": 100, "tag": 30}  # free-text filters; the OpenAPI document says the same
PAGING = {"page": (1, 1, 999_999_999), "per_page": (20, 1, PAGE_MAX)}  # default, least, most


def list_params(staff, cut=()):
    """(filters, page, per_page) from the query string; unknown values get a 422.

    Free-text filters named in `cut` are cut to their maximum length instead of refused
    (the kiosk search answers whatever a resident pastes).
    """
    filters, errors = {}, {}
    for name, allowed in FILTERS.items():
        value = request.args.get(name)
        if value is None:
            continue
        if name == "stage":
            value = catalogue.as_code(value, catalogue.STAGES)
        if allowed is not None and value not in allowed:
            errors[name] = "not a value of the catalogue"
        elif name in MAX_LENGTH and len(value) > MAX_LENGTH[name] and name not in cut:
            errors[name] = f"at most {MAX_LENGTH[name]} characters"
        elif name in cut:
            filters[name] = value[:MAX_LENGTH[name]]
        elif name != "status" or staff:  # a resident's status is checked like any filter, then ignored
            filters[name] = value
    page, per_page = (_int_arg(name, errors) for name in PAGING)
    if errors:
        raise Invalid("some query parameters are not valid", errors)
    return filters, page, per_page


def _int_arg(name, errors):
    default, least, most = PAGING[name]
    value = request.args.get(name)
    if value is None:
        return default
    # Length first: int() of a 5,000-digit string raises instead of answering.
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(most)) and least <= int(value) <= most):
        errors[name] = f"an integer from {least} to {most}"
        return default
    return int(value)


def if_match():
    """The rev named by If-Match ("3", 3 or W/"3"), or None when absent."""
    value = request.headers.get("If-Match")
    if value is None:
        return None
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isascii() or not text.isdigit() or len(text) > 15:
        raise BadBody("If-Match must carry the record's rev, e.g. If-Match: \"3\"",
                      {"If-Match": "the rev you edited, e.g. \"3\""})
    return int(text)
