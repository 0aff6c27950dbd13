"""Record fields and their validation: what staff may send, checked field by field."""
import datetime as dt
import re
from typing import Annotated, Literal, Optional
from urllib.parse import urlsplit

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field,
                      ValidationError, field_validator, model_validator)

from . import catalogue
from .dates import format_moment, parse_date, parse_datetime
from .errors import Invalid
from .privacy import url_carries_personal_data

# Fields the server sets; a client may echo them back unchanged, never change them.
READ_ONLY = ("id", "rev", "status", "index_no", "created_at", "updated_at", "created_by",
             "updated_by", "published_rev", "published_at", "review", "media")
CATCH_ALL = re.compile(r"其[他它](相关|有关|必要|需要的?|规定的?)?(材料|条件|资料|证明)|规定的其[他它]")


# What _no_control_chars allows, said in the JSON Schema too so that the OpenAPI document's
# "valid" is the server's "valid".
PRINTABLE = {"pattern": "^[^\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]*$"}


def _text(limit, required=False):
    return Annotated[str, Field(min_length=1 if required else 0, max_length=limit, json_schema_extra=PRINTABLE),
                     AfterValidator(_no_control_chars)]


def _no_control_chars(value):
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ValueError("must not contain control characters")
    return value


def _url(value):
    if value in (None, ""):
        return None
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError("must be an absolute http(s) URL")
    parts.port  # raises ValueError for a port outside 0-65535, which urlsplit itself lets through
    if url_carries_personal_data(value):  # it would go into QR codes and printed notices
        raise ValueError("must not carry an ID, mobile or bank-card number: link to a page that does not")
    return value


def _lines(value):
    if isinstance(value, str):
        return [line.strip() for line in value.splitlines() if line.strip()]
    return value


def _unique(values):
    return list(dict.fromkeys(values))


def _labelled(labels):
    return BeforeValidator(lambda v: catalogue.as_code(v, labels))


def _in_catalogue(allowed, what):
    def check(value):
        if value is not None and value not in allowed:
            raise ValueError(f"must be one of the catalogue {what}")
        return value
    return AfterValidator(check)


def _no_catch_all(value):
    if CATCH_ALL.search(value):
        raise ValueError("catch-all clauses such as 其他材料 / 其他条件 are not allowed: list each one")
    return value


# A publicity window outside these years is a typo. Near year 1 or 9999 the shift to local
# time leaves the calendar (OverflowError), and before 1901 Asia/Shanghai's offset has seconds
# (+08:05:43), which no RFC 3339 reader accepts.
YEARS = (1970, 2999)
MOMENT_SCHEMA = {"pattern": "^(19[7-9][0-9]|2[0-9]{3})-"}


def _moment(end_of_day=False):
    """A date-time field; a bare date means the start of that day (or with end_of_day, its end)."""
    def parse(value):
        if value is None:
            return None
        try:
            moment = parse_datetime(value, end_of_day=end_of_day)
        except OverflowError:
            moment = None
        if moment is None or not YEARS[0] <= moment.year <= YEARS[1]:
            raise ValueError(f"must be a date-time in the years {YEARS[0]} to {YEARS[1]}")
        return moment
    return Annotated[Optional[dt.datetime], Field(json_schema_extra=MOMENT_SCHEMA), BeforeValidator(parse)]


Moment = _moment()
Day = Annotated[Optional[dt.date], BeforeValidator(lambda v: v if v is None else parse_date(v))]
Url = Annotated[Optional[str], Field(default=None, max_length=2000, description=(
    "An absolute http(s) URL. Refused when it carries an ID, mobile or bank-card number: "
    "it goes into QR codes and printed notices."), json_schema_extra={
    "format": "iri", "pattern": "^[hH][tT][tT][pP][sS]?://[^\\s/?#]+([/?#]\\S*)?$"}), AfterValidator(_url)]
Tag = _text(30, required=True)
Stage = Annotated[Literal[tuple(catalogue.STAGES)], _labelled(catalogue.STAGES)]
Channel = Annotated[Literal[tuple(catalogue.CHANNELS)], _labelled(catalogue.CHANNELS)]
Area = Annotated[str, Field(json_schema_extra={"enum": list(catalogue.AREAS)}),
                 _in_catalogue(catalogue.AREAS, "areas")]
Theme = Annotated[Optional[str], Field(json_schema_extra={"enum": [*catalogue.THEMES, None]}),
                  _labelled(catalogue.THEMES), _in_catalogue(catalogue.THEMES, "themes")]
ItemText = Annotated[_text(500, required=True), AfterValidator(_no_catch_all)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True,
                              allow_inf_nan=False)


class Material(Strict):
    name: ItemText
    copies: int = Field(ge=1, le=99)
    form: Literal[tuple(catalogue.MATERIAL_FORMS)]
    source: _text(200, required=True)
    required: bool
    condition: _text(500) = ""


class Step(Strict):
    name: _text(100, required=True)
    actor: _text(100, required=True)
    duration: _text(50, required=True)


class TimeLimit(Strict):
    type: Literal[tuple(catalogue.TIME_LIMIT_TYPES)]
    statutory_days: Optional[int] = Field(default=None, ge=0, le=3650)
    committed_days: Optional[int] = Field(default=None, ge=0, le=3650)

    @model_validator(mode="after")
    def _days_fit(self):
        if self.type == "committed" and not self.committed_days:
            raise ValueError("a committed time limit needs committed_days of at least 1")
        if self.statutory_days is not None and (self.committed_days or 0) > self.statutory_days:
            raise ValueError("committed_days cannot exceed statutory_days")
        return self


class Faq(Strict):
    q: _text(300, required=True)
    a: _text(3000, required=True)


class Common(Strict):
    org: Optional[Annotated[str, Field(max_length=32)]] = None
    title: _text(200, required=True)
    summary: _text(1000) = ""
    body: _text(200_000) = ""
    department: _text(100) = ""
    publish_at: Moment = None
    expire_at: _moment(end_of_day=True) = None
    record_url: Url = None
    tags: Annotated[list[Tag], Field(max_length=20), AfterValidator(_unique)] = []
    all_townships: bool = False  # a county record every township's screens and kiosks show
    board: bool = Field(False, description="printed in the paper board set (公示栏) even without a 公示期")

    # Cross-field rules are field validators, not model ones, so that the error names the field.
    @field_validator("expire_at")
    @classmethod
    def _window_is_ordered(cls, value, info):
        start = info.data.get("publish_at")
        if start and value and value <= start:
            raise ValueError("expire_at must be later than publish_at")
        return value


class Disclosure(Common):
    kind: Literal["disclosure"] = "disclosure"
    department: _text(100, required=True)
    area: Area
    stage: Stage
    basis: _text(2000) = ""
    doc_no: _text(100) = ""
    audience: Literal[tuple(catalogue.AUDIENCES)] = "public"
    attribute: Literal[tuple(catalogue.ATTRIBUTES)] = "proactive"
    withheld_reason: _text(1000) = Field("", validate_default=True)
    formed_at: Day = None
    time_limit_days: int = Field(default=20, ge=1, le=365)
    channels: Annotated[list[Channel], Field(max_length=len(catalogue.CHANNELS)),
                        AfterValidator(_unique)] = ["website", "board", "screen"]

    @field_validator("withheld_reason")
    @classmethod
    def _withheld_has_reason(cls, value, info):
        if info.data.get("attribute") == "withheld" and not value:
            raise ValueError("a withheld item needs a withheld_reason")
        return value


class Guide(Common):
    kind: Literal["guide"] = "guide"
    code: _text(64) = ""
    theme: Theme = None
    service_object: Literal[tuple(catalogue.SERVICE_OBJECTS)] = "individual"
    basis: _text(5000) = ""
    conditions: Annotated[list[ItemText], BeforeValidator(_lines), Field(max_length=30)] = []
    materials: Annotated[list[Material], Field(max_length=50)] = []
    steps: Annotated[list[Step], Field(max_length=30)] = []
    time_limit: Optional[TimeLimit] = None
    fee: _text(500, required=True)
    location: _text(200) = ""
    hours: _text(300) = ""
    phone: _text(50) = ""
    complaint_phone: _text(50) = ""
    visits: Optional[int] = Field(default=None, ge=0, le=10)
    online_url: Url = None
    faqs: Annotated[list[Faq], Field(max_length=30)] = []


class Notice(Common):
    kind: Literal["notice"] = "notice"


class Media(Common):
    """A poster or a short video for the wall screens; its file (the read-only `media` field)
    comes with the upload (POST /api/v1/media), never with the JSON."""
    kind: Literal["media"] = "media"
    seconds: Optional[int] = Field(default=None, ge=5, le=600, description=(
        "how long a poster stays on screen (default: the screen's seconds per slide); a video "
        "plays to its end"))


MODELS = {"disclosure": Disclosure, "guide": Guide, "notice": Notice, "media": Media}

# What a guide needs before it may go to review: a resident must be able to act on it.
GUIDE_REVIEW_FIELDS = {"time_limit": "办理时限", "location": "办理地点", "hours": "办理时间",
                       "phone": "咨询电话", "materials": "申请材料", "steps": "办理流程"}


def validate_fields(data, current=None):
    """Check a create (current None) or an update merged over `current`; return clean fields."""
    if not isinstance(data, dict):
        raise Invalid("the body must be a JSON object")
    fields = drop_echoed(data, current, READ_ONLY)
    if current is not None:
        _refuse_changes(fields, current, ("kind", "org"))
        fields = {**editable_fields(current, READ_ONLY), **fields}
    kind = fields.get("kind")
    if not isinstance(kind, str) or kind not in MODELS:  # a list or object kind is unhashable
        raise Invalid("unknown or missing kind", {"kind": f"must be one of {', '.join(MODELS)}"})
    try:
        model = MODELS[kind].model_validate(fields)
    except ValidationError as exc:
        raise Invalid("some fields are not valid", field_errors(exc)) from None
    return dump_fields(model)


def drop_echoed(data, current, read_only):
    """The fields of `data` that may be set: read-only ones may only echo `current` unchanged."""
    fields, errors = {}, {}
    for key, value in data.items():
        if key not in read_only:
            fields[key] = value
        elif current is None or current.get(key) != value:
            errors[key] = "read-only: set by the server"
    if errors:
        raise Invalid("some fields cannot be set", errors)
    return fields


def _refuse_changes(fields, current, keys):
    errors = {k: "cannot change after creation" for k in keys if k in fields and fields[k] != current.get(k)}
    if errors:
        raise Invalid("some fields cannot be changed", errors)


def editable_fields(record, read_only):
    """The fields of a stored record that staff edit (everything but the read-only ones)."""
    return {k: v for k, v in record.items() if k not in read_only}


def dump_fields(model):
    data = model.model_dump(mode="python")
    for key in ("publish_at", "expire_at"):
        if data.get(key) is not None:
            data[key] = format_moment(data[key])
    if data.get("formed_at") is not None:
        data["formed_at"] = data["formed_at"].isoformat()
    return data


def field_errors(exc):
    """Turn pydantic's errors into {"materials.0.copies": "message"}."""
    errors = {}
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"] if not str(p).startswith(("function-", "literal["))]
        key = ".".join(p for p in loc if p not in MODELS) or "body"
        if key not in errors:
            errors[key] = _message(err)
    return errors


def _message(err):
    if err["type"] == "extra_forbidden":
        return "unknown field"
    if err["type"] == "missing":
        return "required"
    message = err["msg"]
    return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")


def missing_for_review(record):
    """Fields a record must fill before review, as {field: message}; empty when ready."""
    if record.get("kind") != "guide":
        return {}
    return {field: f"{label}不能为空 (required before review)"
            for field, label in GUIDE_REVIEW_FIELDS.items() if not record.get(field)}


def json_schemas():
    """JSON Schemas of the record inputs, for the OpenAPI document."""
    from pydantic.json_schema import models_json_schema
    _, defs = models_json_schema([(m, "validation") for m in MODELS.values()],
                                 ref_template="#/components/schemas/{model}")
    return defs["$defs"]
