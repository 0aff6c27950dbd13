"""What the public sees: live versions, stripped of staff fields and de-identified.

Built once per content version (at publish time, not per request); asking what is
public at `now` then only compares precomputed windows.

De-identification covers every field a public surface shows (page, API, search index,
screen bundle, QR code), each masked for the way it is shown: the Markdown body is masked
in its source and then rendered to check that what a reader sees holds no full number;
plain fields are shown as written, so masking what is written is masking what is shown.
(content/reading.py explains how numbers are read through entities, full-width digits,
invisible characters and markup; content/privacy.py how they are masked.) A link that
carries a personal number is dropped, so the QR code falls back to our own page for the
record. A guide's 咨询电话 fields are the office's published contact numbers: they keep a
mobile, but never an ID or card number. Staff keep seeing the original: the view is a copy.
"""
import datetime as dt
from dataclasses import dataclass
from typing import Optional

from .privacy import mask_markdown, mask_value, url_carries_personal_data
from .workflow import is_public, window

EARLIEST = dt.datetime.min.replace(tzinfo=dt.timezone.utc)
LATEST = dt.datetime.max.replace(tzinfo=dt.timezone.utc)
STAFF_ONLY = ("created_by", "updated_by", "review", "published_rev", "withheld_reason", "rev")
# Written by the server, never typed by a person, so never masked. `media` is what the server
# read from an upload (size, type, content hash); its file name is the hash, whose hex digits
# can by chance run like an ID or card number: masked, the file name pointed nowhere.
SERVER_WRITTEN = ("id", "index_no", "publish_at", "expire_at", "created_at", "updated_at", "published_at",
                  "formed_at", "media")
LINKS = ("record_url", "online_url")
CONTACT_PHONES = ("phone", "complaint_phone")
MARKDOWN = ("body",)


def public_view(record):
    """The public representation of a published version."""
    view = {key: value for key, value in record.items() if key not in STAFF_ONLY}
    for key, value in view.items():
        if key in SERVER_WRITTEN:
            continue
        if key in LINKS:
            view[key] = None if url_carries_personal_data(value) else value
        elif key in CONTACT_PHONES:
            view[key] = mask_value(value, kinds=("id_number", "bank_card"))
        elif key in MARKDOWN and isinstance(value, str):
            view[key] = mask_markdown(value)
        else:
            view[key] = mask_value(value)
    return view


@dataclass(frozen=True)
class PublicEntry:
    record: dict
    start: Optional[dt.datetime]
    end: Optional[dt.datetime]
    rev: int

    @property
    def id(self):
        return self.record["id"]

    @property
    def key(self):
        """Names this version of this record: caches of derived forms are keyed by it."""
        return (self.record["id"], self.rev)

    def visible(self, now):
        return is_public(self.record, now, (self.start, self.end))


class PublicSet:
    """Every published, proactive record with its window, for one content version.

    Built from the previous set when there is one: a record whose version did not change
    keeps its entry (its masked view and parsed window), so a publish costs one record's
    work, not ten thousand. What is visible is cached until the next window boundary.
    """

    def __init__(self, version, live_records, previous=None):
        self.version = version
        reusable = previous._by_version if previous is not None else {}
        entries = []
        for record in live_records:
            entry = reusable.get((record["id"], record["rev"]))
            if entry is None and is_public(record, None, (None, None)):
                entry = PublicEntry(public_view(record), *window(record), record["rev"])
            if entry is not None:
                entries.append(entry)
        entries.sort(key=_newest_first, reverse=True)
        self.entries = entries
        self._by_id = {entry.id: entry for entry in entries}
        self._by_version = {entry.key: entry for entry in entries}
        self._visible = None  # (valid from, valid until, entries, records)
        self._media_names = None

    def media_names(self):
        """The file names (and thumbnails) of every approved poster and video in the set: what
        may be served to anyone. A draft's file is for staff only."""
        if self._media_names is None:
            names = [(e.record.get("media") or {}).get("name") for e in self.entries]
            self._media_names = frozenset(n for name in names if name for n in (name, f"{name}.thumb.jpg"))
        return self._media_names

    def visible_entries(self, now):
        """The entries public at `now`, newest first (recomputed only across a boundary)."""
        cached = self._visible
        if cached is None or not cached[0] <= now < cached[1]:
            moments = [m for e in self.entries for m in (e.start, e.end) if m is not None]
            since = max((m for m in moments if m <= now), default=EARLIEST)
            until = min((m for m in moments if m > now), default=LATEST)
            chosen = [entry for entry in self.entries if entry.visible(now)]
            cached = self._visible = (since, until, chosen, [entry.record for entry in chosen])
        return cached[2]

    def visible(self, now):
        """The records public at `now`, newest first."""
        self.visible_entries(now)
        return self._visible[3]

    def get(self, item_id, now):
        entry = self.entry(item_id, now)
        return entry.record if entry else None

    def entry(self, item_id, now):
        """The PublicEntry (record and rev) of a record public at `now`, or None."""
        text = str(item_id)
        entry = self._by_id.get(int(text)) if text.isascii() and text.isdigit() and len(text) < 16 else None
        return entry if entry and entry.visible(now) else None

    def next_boundary(self, now):
        """When the set of visible records next changes by itself (a window opens or ends)."""
        moments = [m for e in self.entries for m in (e.start, e.end) if m is not None and m > now]
        return min(moments, default=None)


def _newest_first(entry):
    return (entry.record.get("publish_at") or entry.record.get("published_at") or "", entry.id)

