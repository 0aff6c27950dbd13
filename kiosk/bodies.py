"""Reading request bodies strictly: UTF-8 JSON objects, no NaN, no lone surrogates."""
import json
import math

from flask import request

from content.errors import ContentError

MAX_DIGITS = 100


class BadBody(ContentError):
    status = 400
    code = "bad_request"


class UnsupportedType(ContentError):
    status = 415
    code = "unsupported_media_type"


def json_body(optional=False):
    """The request's JSON body, or a 4xx explaining exactly what is wrong with it."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        if optional:
            return None
        raise BadBody("the request needs a JSON body")
    if request.mimetype not in ("application/json", "") and not request.mimetype.endswith("+json"):
        raise UnsupportedType("send the body as application/json")
    try:
        text = raw.decode("utf-8")
        value = json.loads(text, parse_constant=_refuse_constant, parse_int=_parse_int)
    except UnicodeDecodeError:
        raise BadBody("the body is not valid UTF-8") from None
    except RecursionError:
        raise BadBody("the JSON is nested too deeply") from None
    except ValueError as exc:
        raise BadBody(f"malformed JSON: {exc}") from None
    _check_values(value)
    return value


def _refuse_constant(name):
    raise ValueError(f"{name} is not a JSON number")


def _parse_int(text):
    # No field takes a number this long, and past 4,300 digits Python's own refusal tells the
    # client to call sys.set_int_max_str_digits().
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise BadBody(f"integers may have at most {MAX_DIGITS} digits")
    return int(text)


def _check_values(value, depth=0):
    if depth > 64:
        raise BadBody("the JSON is nested too deeply")
    if isinstance(value, float) and not math.isfinite(value):
        raise BadBody("numbers must be finite")
    if isinstance(value, str):
        _check_text(value)
    elif isinstance(value, list):
        for item in value:
            _check_values(item, depth + 1)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check_values(item, depth + 1)


def _check_text(text):
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadBody("strings must be valid Unicode (no lone surrogates)") from None
