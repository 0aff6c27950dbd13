"""What the public sees: live versions, stripped of staff fields and de-identified.

Built once per content version (at publish time, not per request); asking what is
public at `now` then only compares precomputed windows.
"""
from dataclasses import dataclass
from typing import Optional
import datetime as dt

from .privacy import mask_value
from .workflow import is_public, window

STAFF_ONLY = ("created_by", "updated_by", "review", "published_rev", "withheld_reason", "rev")
NOT_MASKED = ("phone", "complaint_phone", "record_url", "online_url", "index_no", "doc_no", "code",
              "publish_at", "expire_at", "created_at", "updated_at", "published_at", "formed_at")


def public_view(record):
    """The public representation of a published version."""
    view = {key: value for key, value in record.items() if key not in STAFF_ONLY}
    for key, value in view.items():
        if key not in NOT_MASKED:
            view[key] = mask_value(value)
    return view


@dataclass(frozen=True)
class PublicEntry:
    record: dict
    start: Optional[dt.datetime]
    end: Optional[dt.datetime]

    @property
    def id(self):
        return self.record["id"]

    def visible(self, now):
        return is_public(self.record, now, (self.start, self.end))


class PublicSet:
    """Every published, proactive record with its window, for one content version."""

    def __init__(self, version, live_records):
        self.version = version
        entries = [PublicEntry(public_view(r), *window(r)) for r in live_records
                   if is_public(r, None, (None, None))]
        entries.sort(key=_newest_first, reverse=True)
        self.entries = entries
        self._by_id = {entry.id: entry for entry in entries}

    def visible(self, now):
        """The records public at `now`, newest first."""
        return [entry.record for entry in self.entries if entry.visible(now)]

    def get(self, item_id, now):
        text = str(item_id)
        entry = self._by_id.get(int(text)) if text.isascii() and text.isdigit() and len(text) < 16 else None
        return entry.record if entry and entry.visible(now) else None

    def next_boundary(self, now):
        """When the set of visible records next changes by itself (a window opens or ends)."""
        moments = [m for e in self.entries for m in (e.start, e.end) if m is not None and m > now]
        return min(moments, default=None)


def _newest_first(entry):
    return (entry.record.get("publish_at") or entry.record.get("published_at") or "", entry.id)

