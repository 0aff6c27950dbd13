"""The standard catalogue: areas, 五公开 stages, channels, guide themes and labels."""
import json
from pathlib import Path

_DATA = json.loads((Path(__file__).with_name("catalogue.json")).read_text(encoding="utf-8"))

STANDARD_AREAS = tuple(_DATA["areas"])
TOWNSHIP_AREAS = tuple(_DATA["township_areas"])
AREAS = STANDARD_AREAS + TOWNSHIP_AREAS
STAGES = _DATA["stages"]
KINDS = _DATA["kinds"]
AUDIENCES = _DATA["audiences"]
ATTRIBUTES = _DATA["attributes"]
CHANNELS = _DATA["channels"]
SERVICE_OBJECTS = _DATA["service_objects"]
MATERIAL_FORMS = _DATA["material_forms"]
TIME_LIMIT_TYPES = _DATA["time_limit_types"]
THEMES = _DATA["themes"]
STATUSES = _DATA["statuses"]
ROLES = _DATA["roles"]


def as_code(value, labelled):
    """Accept a code or its Chinese label (决策 → decision); anything else passes through."""
    if isinstance(value, str):
        for code, label in labelled.items():
            if value == label:
                return code
    return value


def catalogue():
    """The whole catalogue as JSON-ready data, for the API and the staff forms."""
    return dict(_DATA)
