"""Notice screens: what each one plays, where it hangs, and the secret key it connects with."""
import re
import secrets
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from content import catalogue, permissions
from content.dates import format_moment
from content.errors import Conflict, Invalid, NotFound
from content.records import drop_echoed, editable_fields, field_errors

READ_ONLY = ("id", "key", "rev", "org", "created_at", "updated_at", "created_by", "revoked_at")
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _hhmm(value):
    if not HHMM.match(value):
        raise ValueError("a time of day as HH:MM (00:00–23:59)")
    return value


class Schedule(BaseModel):
    """When the screen shows content; outside it goes dark (standby) to spare the panel."""

    model_config = ConfigDict(extra="forbid", strict=True)
    days: Annotated[list[Annotated[int, Field(ge=1, le=7)]], Field(min_length=1, max_length=7)] = [1, 2, 3, 4, 5, 6, 7]
    on: Annotated[str, AfterValidator(_hhmm)] = "07:30"
    off: Annotated[str, AfterValidator(_hhmm)] = "19:30"

    @model_validator(mode="after")
    def _on_before_off(self):
        if self.on == self.off:
            raise ValueError("on and off must differ")
        return self


class Daypart(BaseModel):
    """Records of these kinds play only inside their dayparts (see displays.playlist)."""
    model_config = ConfigDict(extra="forbid", strict=True)
    kinds: Annotated[list[Literal[tuple(catalogue.KINDS)]], Field(min_length=1, max_length=len(catalogue.KINDS))]
    on: Annotated[str, AfterValidator(_hhmm)]
    off: Annotated[str, AfterValidator(_hhmm)]
    days: Annotated[list[Annotated[int, Field(ge=1, le=7)]], Field(min_length=1, max_length=7)] = [1, 2, 3, 4, 5, 6, 7]

    @model_validator(mode="after")
    def _on_before_off(self):
        if self.on == self.off:
            raise ValueError("on and off must differ")
        return self


class ItemSeconds(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    id: Annotated[int, Field(ge=1, lt=2**53)]
    seconds: int = Field(ge=5, le=600)


class DisplayFields(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)
    name: Annotated[str, Field(min_length=1, max_length=100)]
    hall: Annotated[str, Field(max_length=100)] = ""
    orientation: Literal["landscape", "portrait"] = "landscape"
    # the picture turned a quarter, clockwise (90) or back (270), for a TV hung on its side
    # that cannot turn its own output
    rotation: Literal[0, 90, 270] = 0
    kinds: Annotated[list[Literal[tuple(catalogue.KINDS)]], Field(min_length=1, max_length=len(catalogue.KINDS))] = \
        ["disclosure", "guide", "notice", "media"]
    areas: Annotated[list[Literal[tuple(catalogue.AREAS)]], Field(max_length=40)] = []
    tags: Annotated[list[Annotated[str, Field(min_length=1, max_length=30)]], Field(max_length=20)] = []
    seconds_per_slide: int = Field(default=15, ge=5, le=300)
    ticker_chars_per_second: int = Field(default=5, ge=1, le=12)
    pinned: Annotated[list[Annotated[int, Field(ge=1, lt=2**53)]], Field(max_length=50)] = []
    item_seconds: Annotated[list[ItemSeconds], Field(max_length=200)] = []
    dayparts: Annotated[list[Daypart], Field(max_length=12)] = []
    schedule: Optional[Schedule] = None
    notes: Annotated[str, Field(max_length=500)] = ""


class Registry:
    """Registered devices of one kind (screens, kiosks): each has a secret key, an org, a hall
    and its settings; staff add, configure, retire and re-key them (display.manage)."""

    table_name = noun = None

    def __init__(self, store, orgs):
        self.store = store
        self.orgs = orgs
        self.table = store.table(self.table_name)
        self._keys = None  # (table stamp, {key: device})

    def validate(self, data):
        raise NotImplementedError

    def all(self):
        return [doc for _, doc in self.table.all()]

    def get(self, actor, device_id):
        """A device in the actor's orgs, else NotFound."""
        doc = self.table.get(device_id) if str(device_id).isdigit() and len(str(device_id)) < 16 else None
        if doc is None or not actor.sees(doc["org"]):
            raise NotFound(f"no {self.noun} {device_id}")
        return doc

    def by_key(self, key):
        """The active device with this key, or None. Every bundle fetch and kiosk page asks
        this, so the keys are indexed (and the index rebuilt only when the table changes)."""
        if not isinstance(key, str) or not 10 <= len(key) <= 64 or not key.isascii():
            return None
        stamp = self.table.stamp()
        if self._keys is None or self._keys[0] != stamp:
            self._keys = (stamp, {d["key"]: d for d in self.all() if not d.get("revoked_at")})
        found = self._keys[1].get(key)
        return dict(found) if found else None

    def create(self, actor, data, now, key=None):
        """Register a device; `key` is only ever given by the demo (README links to it)."""
        permissions.require(actor, "display.manage")
        fields = self.validate(data)
        org = data.get("org") or actor.org
        if not isinstance(org, str) or not self.orgs.get(org) or not actor.sees(org):
            raise NotFound(f"no organisation {org} you manage", {"org": "unknown"})
        stamp = format_moment(now)
        doc = {**fields, "org": org, "key": key or new_key(), "rev": 1, "created_at": stamp,
               "updated_at": stamp, "created_by": actor.name, "revoked_at": None}
        doc["id"] = self.table.add(doc, id_field="id")
        return doc

    def update(self, actor, device_id, data, expected_rev, now):
        """Change a device's settings (fields left out keep their value); a stale rev → Conflict."""
        permissions.require(actor, "display.manage")
        with self.store.writing():
            current = self.get(actor, device_id)
            if expected_rev is not None and expected_rev != current["rev"]:
                raise Conflict(f"the {self.noun} changed: it is now rev {current['rev']}", {"rev": current["rev"]})
            if not isinstance(data, dict):
                raise Invalid("the body must be a JSON object")
            changes = drop_echoed(data, current, READ_ONLY)
            fields = self.validate({**editable_fields(current, READ_ONLY), **changes})
            doc = {**current, **fields, "rev": current["rev"] + 1, "updated_at": format_moment(now)}
            self.table.put(doc["id"], doc)
            return doc

    def revoke(self, actor, device_id, now):
        """Retire a device: its key stops working at once."""
        return self._cut_off(actor, device_id, revoked_at=format_moment(now), updated_at=format_moment(now))

    def rotate_key(self, actor, device_id, now):
        """Give a device a new key (the old one stops working)."""
        return self._cut_off(actor, device_id, key=new_key(), updated_at=format_moment(now))

    def _cut_off(self, actor, device_id, **changes):
        permissions.require(actor, "display.manage")
        with self.store.writing():
            doc = self.get(actor, device_id)
            doc = {**doc, **changes, "rev": doc["rev"] + 1}
            self.table.put(doc["id"], doc)
            return doc


class Displays(Registry):
    table_name, noun = "displays", "display"

    def validate(self, data):
        return validate_display(data)


def validate_display(data):
    if not isinstance(data, dict):
        raise Invalid("the body must be a JSON object")
    try:
        model = DisplayFields.model_validate({k: v for k, v in data.items() if k != "org"})
    except ValidationError as exc:
        raise Invalid("some fields are not valid", field_errors(exc)) from None
    return model.model_dump()


def new_key():
    return secrets.token_urlsafe(18)

