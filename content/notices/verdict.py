"""What a verification code says: is the printed version current, replaced, withdrawn, or not ours?"""
import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import Optional

from ..dates import format_moment, parse_datetime
from ..publication import public_view
from ..workflow import is_public
from .labels import FIELD_LABELS
from .verification import format_code, is_well_formed, near_misses, normalise_code

# Fields whose change is bookkeeping, not content a resident would care about.
BOOKKEEPING = {"id", "rev", "status", "created_at", "updated_at", "created_by", "updated_by",
               "published_rev", "published_at", "review", "body"}
SAMPLE_LINES = 3


@dataclass
class Verdict:
    status: str  # current | replaced | withdrawn | ended | not_public | unknown
    code: str = ""
    item_id: Optional[int] = None
    rev: Optional[int] = None
    title: str = ""
    index_no: str = ""
    printed_at: str = ""  # when the printed version was approved
    event_at: str = ""  # when it was replaced, withdrawn or its window ended
    reason: str = ""
    new_title: str = ""  # the replacing version's title, when the title changed
    changed: list = field(default_factory=list)  # Chinese labels of changed fields
    body_added: list = field(default_factory=list)
    body_removed: list = field(default_factory=list)
    body_counts: tuple = (0, 0)
    suggestions: list = field(default_factory=list)


def verify_code(text, index, items, now):
    """The Verdict on a typed or scanned code at `now`."""
    code = normalise_code(text)
    if not is_well_formed(code):
        hits = [format_code(c) for c in near_misses(text) if index.find(c)]
        return Verdict("unknown", suggestions=hits)
    found = index.find(code)
    if found is None:
        return Verdict("unknown")
    item_id, rev = found
    entries = items.revisions(item_id)
    printed = next(e for e in entries if e["rev"] == rev)
    view = public_view(printed["record"])
    verdict = Verdict("current", format_code(code), item_id, rev, view.get("title", ""),
                      view.get("index_no", ""), printed["at"])
    if not is_public(printed["record"], None):
        return Verdict("unknown")  # never public (e.g. 依申请公开): nothing to tell a stranger
    later = next((e for e in entries if e["rev"] > rev and e["action"] in ("approve", "withdraw")), None)
    if later is None:
        _judge_window(verdict, printed["record"], now)
    elif later["action"] == "withdraw":
        verdict.status, verdict.event_at = "withdrawn", later["at"]
        verdict.reason = later.get("comment", "")
    else:
        verdict.status, verdict.event_at = "replaced", later["at"]
        _describe_changes(verdict, view, public_view(later["record"]))
    return verdict


def _judge_window(verdict, record, now):
    if is_public(record, now):
        return
    end = record.get("expire_at")
    if end and parse_datetime(end) <= now:
        # its last second: an end at midnight ends the day before, and that is the date shown
        verdict.status, verdict.event_at = "ended", format_moment(parse_datetime(end) - dt.timedelta(seconds=1))
    else:
        verdict.status = "not_public"


def _describe_changes(verdict, old, new):
    keys = [k for k in dict.fromkeys([*old, *new]) if k not in BOOKKEEPING and old.get(k) != new.get(k)]
    verdict.changed = [FIELD_LABELS.get(k, k) for k in keys]
    if "title" in keys:
        verdict.new_title = new.get("title", "")
    old_lines = [line for line in (old.get("body") or "").splitlines() if line.strip()]
    new_lines = [line for line in (new.get("body") or "").splitlines() if line.strip()]
    added, removed = [], []
    for line in difflib.ndiff(old_lines, new_lines):
        if line.startswith("+ "):
            added.append(line[2:])
        elif line.startswith("- "):
            removed.append(line[2:])
    if added or removed:
        verdict.changed.append(FIELD_LABELS["body"])
    verdict.body_counts = (len(added), len(removed))
    verdict.body_added = [_short(line) for line in added[:SAMPLE_LINES]]
    verdict.body_removed = [_short(line) for line in removed[:SAMPLE_LINES]]


def _short(line, limit=60):
    line = line.strip()
    if line.startswith("|"):  # a table row reads better as its cells
        line = "　".join(cell.strip() for cell in line.strip("|").split("|"))
    return line if len(line) <= limit else line[:limit - 1] + "…"
