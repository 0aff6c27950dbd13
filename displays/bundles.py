"""Bundles: everything one screen shows now, as bytes with a strong ETag.

A bundle is rebuilt only when something it contains changes (the content version, the
alerts, the display's own settings); each slide is serialised once per record version
and reused by every screen that plays it, so a publish costs one pass, not one per screen.
"""
import functools
import hashlib
from collections import OrderedDict
from dataclasses import dataclass

import orjson
import qrcode
from qrcode.constants import ERROR_CORRECT_M

from content.dates import DEFAULT_TZ, format_moment
from content.publication import public_view

from .alerts import alert_message
from .playlist import playlist
from .slides import own_seconds, slide

NIGHTLY_RELOAD_HOUR = 3
TICKER_CHARS_PER_SECOND = 5  # an older reader follows 5-6 characters a second
# Without KIOSK_PUBLIC_BASE_URL, links follow the address a screen asked on; the slides and
# bodies built for the least recently used base URLs beyond this many are dropped, so
# requests with ever new Host headers cost rebuilds, never memory.
MAX_BASE_URLS = 8
# What a screen keeps of posters and videos for playing offline (Cache Storage); what no
# bundle names is evicted. A TV stick has a few GB; half a GB leaves room for the rest.
MEDIA_CACHE_BYTES = 512 * 1024 * 1024


@functools.lru_cache(maxsize=1024)  # slides keep theirs; this spares redrawing across versions
def qr_path(url):
    """A QR code as an SVG path over a size×size grid (about 1–2 KB), drawn by the player."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(url)
    code.make(fit=True)
    parts = []
    for y, row in enumerate(code.get_matrix()):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return {"size": len(code.get_matrix()), "path": "".join(parts)}


@dataclass(frozen=True)
class Bundle:
    """A screen's bundle in two parts: its own small head, and a body shared by every
    screen of the same org and filters (one copy in memory, not one per screen)."""

    parts: tuple
    etag: str
    version: int = 0  # the content version it shows
    until: object = None  # the moment its playlist changes by itself (a daypart), or None

    def bytes(self):
        return b"".join(self.parts)


class BundleCache:
    def __init__(self, library, alerts, orgs):
        self.library = library
        self.alerts = alerts
        self.orgs = orgs
        self._bundles = {}  # display id → (inputs, Bundle, valid until): one per display, replaced on change
        self._derived = OrderedDict()  # base_url → Derived, least recently used first
        self._version = None

    def bundle(self, display, base_url, now):
        """The display's Bundle, rebuilt only when one of its inputs changed."""
        public = self.library.public_set()
        inputs = (display["rev"], public.version, self.alerts.version(), base_url)
        cached = self._bundles.get(display["id"])
        if cached and cached[0] == inputs and (cached[2] is None or now < cached[2]):
            return cached[1]
        if public.version != self._version:
            self._forget_old(public)
        body, digest, played = self._body(display, public, base_url, now)
        order, until = playlist(display, played, now)
        alert = self.alerts.for_display(display, now)
        head = orjson.dumps({"version": public.version, "display": {k: display[k] for k in ("id", "name", "hall", "org")},
                             "alert": alert_message(alert) if alert else None,
                             "settings": settings(display), "playlist": order,
                             "playlist_until": format_moment(until) if until else None})[:-1]  # the body closes it
        bundle = Bundle((head, body), '"' + hashlib.sha256(head + digest).hexdigest()[:32] + '"', public.version, until)
        self._bundles[display["id"]] = (inputs, bundle, until)
        return bundle

    def _forget_old(self, public):
        current = {e.key for e in public.entries}
        for derived in self._derived.values():
            derived.slides = {key: data for key, data in derived.slides.items() if key in current}
            derived.bodies = {}
        self._version = public.version

    def _for_base(self, base_url):
        """The caches of one base URL, marked as the most recently used."""
        derived = self._derived.pop(base_url, None) or Derived()
        self._derived[base_url] = derived
        while len(self._derived) > MAX_BASE_URLS:
            self._derived.popitem(last=False)
        return derived

    def _body(self, display, public, base_url, now):
        """`,"ticker":[...],"slides":[...]}` for everything the display may play now, its digest,
        and the slides' ids and kinds (for the display's own playlist, which goes in its head)."""
        derived = self._for_base(base_url)
        key = (display["org"], tuple(display["kinds"]), tuple(display["areas"]), tuple(display["tags"]))
        if key not in derived.bodies:
            root = self.orgs.root()
            shared_org = root.code if root else None
            entries = [e for e in public.visible_entries(now) if plays(display, e.record, shared_org)]
            ticker = [{"id": e.id, "text": f"{e.record['title']}：{e.record.get('summary', '')}".rstrip("：")}
                      for e in entries if e.record["kind"] == "notice" and "notice" in display["kinds"]]
            slides = [derived.slide_bytes(e, base_url) for e in entries if e.record["kind"] in display["kinds"]]
            body = b',"ticker":' + orjson.dumps(ticker) + b',"slides":[' + b",".join(slides) + b"]}"
            played = [{"id": e.id, "kind": e.record["kind"], "seconds": own_seconds(e.record)}
                      for e in entries if e.record["kind"] in display["kinds"]]
            derived.bodies[key] = (body, hashlib.sha256(body).digest(), played)
        return derived.bodies[key]

    def played_title(self, display, item_id):
        """The public title of a record this display may have played; None for anything else.

        The one scope check between a screen's report of an id and a title shown to staff:
        the record must be one the display's org may play (its own or a shared county
        record) and one that was public (a published, proactive version); the title is
        that version's public one, never a draft's.
        """
        record = self.library.items.get(item_id)
        root = self.orgs.root()
        if record is None or not may_play(display, record, root.code if root else None):
            return None
        version = self.library.items.live(record) or last_published(self.library.items, record)
        if version is None or version.get("attribute", "proactive") != "proactive":
            return None
        return public_view(version).get("title")


class Derived:
    """What was built for one base URL: bodies of this content version, slides by record version."""

    def __init__(self):
        self.bodies = {}  # (org, kinds, areas, tags) → (body bytes, digest, played ids and kinds)
        self.slides = {}  # (record id, rev) → slide bytes

    def slide_bytes(self, entry, base_url):
        if entry.key not in self.slides:
            self.slides[entry.key] = orjson.dumps(slide(entry.record, base_url, qr_path))
        return self.slides[entry.key]


def last_published(items, record):
    """The newest version of a record that was published (a withdrawn one's), or None."""
    if not record.get("published_at"):
        return None
    for entry in reversed(items.revisions(record["id"])):
        if entry["record"].get("published_rev") == entry["rev"]:
            return entry["record"]
    return None


def may_play(display, record, shared_org):
    """Whether a record's org lets a display play it: its own org's, or a county record
    shared with all townships."""
    return record["org"] == display["org"] or bool(record.get("all_townships") and record["org"] == shared_org)


def plays(display, record, shared_org):
    """Whether a display plays a record: its org's (or shared county) records, its filters."""
    shared = record.get("all_townships") and record["org"] == shared_org
    if record["org"] != display["org"] and not shared:
        return False
    if display["areas"] and record.get("area") not in display["areas"]:
        return False
    return not display["tags"] or bool(set(display["tags"]) & set(record.get("tags") or []))


def settings(display):
    """The player's settings; times (schedule, nightly reload) are in the hall's time zone."""
    return {"seconds_per_slide": display["seconds_per_slide"], "orientation": display["orientation"],
            "rotation": display.get("rotation", 0),
            "schedule": display.get("schedule"), "nightly_reload_hour": NIGHTLY_RELOAD_HOUR, "burn_in_shift": True,
            "time_zone": DEFAULT_TZ.key, "media_cache_bytes": MEDIA_CACHE_BYTES,
            "ticker_chars_per_second": display.get("ticker_chars_per_second", TICKER_CHARS_PER_SECOND)}
