"""Touch kiosks: each belongs to one hall of one org and opens /kiosk/<key>.

Registered like screens (a secret key, an org, a hall) and claimable with the same
pairing codes; what a kiosk shows is its org's public records plus the county's records
shared with every township.
"""
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from content import permissions
from content.dates import format_moment
from content.errors import Invalid, NotFound
from content.records import field_errors

from .registry import new_key

IDLE_DEFAULT = 90


class KioskFields(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)
    name: Annotated[str, Field(min_length=1, max_length=100)]
    hall: Annotated[str, Field(max_length=100)] = ""
    idle_seconds: int = Field(default=IDLE_DEFAULT, ge=5, le=3600,
                              description="after this long without a touch the kiosk starts fresh")
    notes: Annotated[str, Field(max_length=500)] = ""


class Kiosks:
    def __init__(self, store, orgs):
        self.store = store
        self.orgs = orgs
        self.table = store.table("kiosks")
        self._keys = None  # (table stamp, {key: kiosk})

    def all(self):
        return [doc for _, doc in self.table.all()]

    def get(self, actor, kiosk_id):
        """A kiosk in the actor's orgs, else NotFound."""
        doc = self.table.get(kiosk_id) if str(kiosk_id).isdigit() and len(str(kiosk_id)) < 16 else None
        if doc is None or not actor.sees(doc["org"]):
            raise NotFound(f"no kiosk {kiosk_id}")
        return doc

    def by_key(self, key):
        """The active kiosk with this key, or None (indexed: every resident page asks)."""
        if not isinstance(key, str) or not 10 <= len(key) <= 64 or not key.isascii():
            return None
        stamp = self.table.stamp()
        if self._keys is None or self._keys[0] != stamp:
            self._keys = (stamp, {d["key"]: d for d in self.all() if not d.get("revoked_at")})
        found = self._keys[1].get(key)
        return dict(found) if found else None

    def create(self, actor, data, now, key=None):
        """Register a kiosk; `key` is only ever given by the demo (README links to it)."""
        permissions.require(actor, "display.manage")
        fields = validate_kiosk(data)
        org = data.get("org") or actor.org
        if not isinstance(org, str) or not self.orgs.get(org) or not actor.sees(org):
            raise NotFound(f"no organisation {org} you manage", {"org": "unknown"})
        stamp = format_moment(now)
        doc = {**fields, "org": org, "key": key or new_key(), "rev": 1, "created_at": stamp,
               "updated_at": stamp, "created_by": actor.name, "revoked_at": None}
        doc["id"] = self.table.add(doc, id_field="id")
        return doc


def validate_kiosk(data):
    if not isinstance(data, dict):
        raise Invalid("the body must be a JSON object")
    try:
        model = KioskFields.model_validate({k: v for k, v in data.items() if k != "org"})
    except ValidationError as exc:
        raise Invalid("some fields are not valid", field_errors(exc)) from None
    return model.model_dump()


def in_hall(records, org, root_code):
    """What a kiosk of `org` shows: its org's records plus the county's shared ones, own first."""
    own = [r for r in records if r["org"] == org]
    shared = [r for r in records if r["org"] != org and r.get("all_townships") and r["org"] == root_code]
    return own + shared if org != root_code else own


def hall_catalogue(records, themes, stages):
    """The ways in on a kiosk's home: counts per guide theme, disclosure area and stage, per kind."""
    counts = {"kinds": {}, "themes": {}, "areas": {}, "stages": {}}
    for record in records:
        kind = record["kind"]
        counts["kinds"][kind] = counts["kinds"].get(kind, 0) + 1
        if kind == "guide" and record.get("theme"):
            counts["themes"][record["theme"]] = counts["themes"].get(record["theme"], 0) + 1
        elif kind == "disclosure":
            if record.get("area"):
                counts["areas"][record["area"]] = counts["areas"].get(record["area"], 0) + 1
            if record.get("stage"):
                counts["stages"][record["stage"]] = counts["stages"].get(record["stage"], 0) + 1
    # in catalogue order, only what has records; areas by how many, then catalogue order
    counts["themes"] = {t: counts["themes"][t] for t in themes if t in counts["themes"]}
    counts["stages"] = {s: counts["stages"][s] for s in stages if s in counts["stages"]}
    counts["areas"] = dict(sorted(counts["areas"].items(), key=lambda pair: -pair[1]))
    return counts
