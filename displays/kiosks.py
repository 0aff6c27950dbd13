"""Touch kiosks: each belongs to one hall of one org and opens /kiosk/<key>.

Registered like screens (a secret key, an org, a hall) and claimable with the same
pairing codes; what a kiosk shows is its org's public records plus the county's records
shared with every township.
"""
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from content.errors import Invalid
from content.records import field_errors

from .registry import Registry

IDLE_DEFAULT = 90


class KioskFields(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)
    name: Annotated[str, Field(min_length=1, max_length=100)]
    hall: Annotated[str, Field(max_length=100)] = ""
    idle_seconds: int = Field(default=IDLE_DEFAULT, ge=5, le=3600,
                              description="after this long without a touch the kiosk starts fresh")
    notes: Annotated[str, Field(max_length=500)] = ""


class Kiosks(Registry):
    table_name, noun = "kiosks", "kiosk"

    def validate(self, data):
        return validate_kiosk(data)


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
