"""Query-string and header parsing for the API, with field-level refusals.

Every query parameter of every endpoint goes through one of these functions, so that no
value (too long, not ASCII, 5,000 digits, year 1 or 9999 in another time zone) reaches the
domain unchecked; the OpenAPI document states the same ranges.
"""
import datetime as dt

from flask import request

from content import catalogue
from content.dates import parse_date, parse_datetime
from content.errors import Invalid
from content.library import PAGE_MAX
from kiosk.bodies import BadBody

FILTERS = {"kind": catalogue.KINDS, "stage": catalogue.STAGES, "area": catalogue.AREAS,
           "status": catalogue.STATUSES, "org": None, "q": None, "tag": None}
MAX_LENGTH = {"org": 32, "q": 100, "tag": 30}  # free-text filters; the OpenAPI document says the same
PAGING = {"page": (1, 1, 999_999_999), "per_page": (20, 1, PAGE_MAX)}  # default, least, most
PASTE_MAX = 5000  # a cut filter still refuses more than this: no resident types it
# Moments a query may ask about: wide enough for any real record, narrow enough that a day
# before or after never leaves datetime's range.
EARLIEST, LATEST = dt.date(1970, 1, 1), dt.date(9998, 12, 31)


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
        elif name in MAX_LENGTH and len(value) > (PASTE_MAX if name in cut else MAX_LENGTH[name]):
            errors[name] = f"at most {PASTE_MAX if name in cut else MAX_LENGTH[name]} characters"
        elif name in cut:
            filters[name] = value[:MAX_LENGTH[name]]
        elif name != "status" or staff:  # a resident's status is checked like any filter, then ignored
            filters[name] = value
    page, per_page = (_int_arg(name, errors) for name in PAGING)
    raise_if(errors)
    return filters, page, per_page


def _int_arg(name, errors):
    default, least, most = PAGING[name]
    return int_arg(name, errors, default, least, most)


def int_arg(name, errors, default, least, most):
    """An integer query parameter in [least, most]; a refusal goes into `errors`."""
    value = request.args.get(name)
    if value is None:
        return default
    # Length first: int() of a 5,000-digit string raises instead of answering.
    if not (value.isascii() and value.isdigit() and len(value) <= len(str(most)) and least <= int(value) <= most):
        errors[name] = f"an integer from {least} to {most}"
        return default
    return int(value)


def moment_arg(name, errors):
    """An ISO 8601 date-time query parameter between EARLIEST and LATEST, or None when absent."""
    value = request.args.get(name)
    if not value:
        return None
    try:
        moment = parse_datetime(value[:64])
        if len(value) <= 64 and EARLIEST <= moment.date() <= LATEST:
            return moment
    except ValueError:
        pass
    errors[name] = f"an ISO 8601 date-time from {EARLIEST} to {LATEST}, e.g. 2026-11-23T09:30:00+08:00"
    return None


def date_arg(name, errors):
    """An ISO 8601 calendar date query parameter between EARLIEST and LATEST, or None."""
    value = request.args.get(name)
    if not value:
        return None
    try:
        day = parse_date(value)
        if EARLIEST <= day <= LATEST:
            return day
    except ValueError:
        pass
    errors[name] = f"an ISO 8601 date from {EARLIEST} to {LATEST}, e.g. 2026-11-23"
    return None


def text_arg(name, errors, max_length, default="", ascii_only=False):
    """A free-text query parameter of at most `max_length` characters (ASCII if asked)."""
    value = request.args.get(name, default)
    if len(value) > max_length or (ascii_only and not (value.isascii() and value.isprintable())):
        errors[name] = f"at most {max_length} {'printable ASCII ' if ascii_only else ''}characters"
        return default
    return value


def flag_arg(name, errors):
    """A yes/no query parameter: 1/true or 0/false (absent: no)."""
    value = request.args.get(name)
    if value is None:
        return False
    if value not in ("0", "1", "true", "false"):
        errors[name] = "1, 0, true or false"
        return False
    return value in ("1", "true")


def raise_if(errors):
    if errors:
        raise Invalid("some query parameters are not valid", errors)


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
