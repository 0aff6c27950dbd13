"""The review's privacy scan: every field of a record searched for personal data, each hit
located so the page can highlight it. Detection itself is content/privacy.py's."""
from dataclasses import dataclass

from .compare import ORDER, SKIP
from .privacy import find_personal_data


@dataclass
class Hit:
    field: str
    kind: str
    text: str


def texts_of(record):
    """(field path, text) for every string in the record's editable fields."""
    keys = [k for k in ORDER if k in record] + sorted(k for k in record if k not in ORDER and k not in SKIP)
    for key in keys:
        yield from _walk(key, record[key])


def _walk(path, value):
    if isinstance(value, str):
        if value:
            yield path, value
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _walk(f"{path}.{n}", item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(f"{path}.{key}", item)


def scan_record(record):
    """Every personal-data hit in the record, field by field."""
    hits, seen = [], set()
    for path, text in texts_of(record):
        for kind, found in find_personal_data(text).items():
            for match in found:
                if (path, match) not in seen:  # an ID number also looks like a card number: flag it once
                    seen.add((path, match))
                    hits.append(Hit(path, kind, match))
    return hits


def split_hits(text, hits):
    """`text` as [(segment, is_hit)] so a page can mark each hit without trusting the text as HTML."""
    marks = sorted({h for h in hits if h}, key=len, reverse=True)
    segments, start = [], 0
    while start < len(text):
        found = [(text.find(m, start), m) for m in marks]
        found = [(at, m) for at, m in found if at >= 0]
        if not found:
            break
        at, match = min(found, key=lambda f: (f[0], -len(f[1])))
        if at > start:
            segments.append((text[start:at], False))
        segments.append((match, True))
        start = at + len(match)
    if start < len(text):
        segments.append((text[start:], False))
    return segments
