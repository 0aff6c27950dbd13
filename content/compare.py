"""Two versions of a record side by side: field by field, each field's text line by line."""
import difflib
from dataclasses import dataclass

from . import catalogue
from .records import READ_ONLY

# Shown first, in this order; any other field follows alphabetically.
ORDER = ("title", "summary", "body", "department", "area", "stage", "basis", "doc_no", "audience",
         "attribute", "withheld_reason", "formed_at", "time_limit_days", "channels", "code", "theme",
         "service_object", "conditions", "materials", "steps", "time_limit", "fee", "location", "hours",
         "phone", "complaint_phone", "visits", "online_url", "faqs", "publish_at", "expire_at",
         "record_url", "tags", "all_townships")
SKIP = set(READ_ONLY) | {"id", "org", "kind"}
LABELLED = {"stage": catalogue.STAGES, "audience": catalogue.AUDIENCES, "attribute": catalogue.ATTRIBUTES,
            "service_object": catalogue.SERVICE_OBJECTS, "theme": catalogue.THEMES,
            "channels": catalogue.CHANNELS, "form": catalogue.MATERIAL_FORMS, "type": catalogue.TIME_LIMIT_TYPES}


@dataclass
class FieldChange:
    field: str
    rows: list  # (tag, old line or None, new line or None); tag is equal|replace|delete|insert


def as_lines(value, field=""):
    """A field's value as lines of text a person reads (codes shown by their Chinese label)."""
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, bool):
        return ["是" if value else "否"]
    if isinstance(value, str):
        text = LABELLED.get(field, {}).get(value, value)
        return text.splitlines() or [""]
    if isinstance(value, list):
        return [line for item in value for line in as_lines(item, field)]
    if isinstance(value, dict):
        parts = [f"{k}: {' '.join(as_lines(v, k))}" for k, v in value.items() if v not in (None, "", [])]
        return ["；".join(parts)]
    return [str(value)]


def compare(old, new):
    """The fields that differ between two versions (old may be None: everything is new)."""
    old = old or {}
    keys = [k for k in ORDER if k in old or k in new]
    keys += sorted(k for k in set(old) | set(new) if k not in ORDER and k not in SKIP)
    changes = []
    for key in keys:
        if old.get(key) == new.get(key):
            continue
        changes.append(FieldChange(key, diff_lines(as_lines(old.get(key), key), as_lines(new.get(key), key))))
    return changes


def diff_lines(before, after):
    """Side-by-side rows of a line diff (difflib), unchanged lines included."""
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.extend(("equal", line, line) for line in before[i1:i2])
            continue
        left, right = before[i1:i2], after[j1:j2]
        for n in range(max(len(left), len(right))):
            a = left[n] if n < len(left) else None
            b = right[n] if n < len(right) else None
            rows.append(("replace" if a is not None and b is not None else "delete" if b is None else "insert", a, b))
    return rows
