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

from content import catalogue
from content.publication import public_view
from content.qrcodes import record_link
from content.rendering import plain_text

from .alerts import alert_message

TEXT_LIMIT = 600
NIGHTLY_RELOAD_HOUR = 3
# Without KIOSK_PUBLIC_BASE_URL, links follow the address a screen asked on; the slides and
# bodies built for the least recently used base URLs beyond this many are dropped, so
# requests with ever new Host headers cost rebuilds, never memory.
MAX_BASE_URLS = 8


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


def facts(record):
    """The few facts a passer-by needs, as [label, value] pairs."""
    if record["kind"] == "guide":
        limit = record.get("time_limit") or {}
        pairs = [("办理时限", f"承诺{limit.get('committed_days')}个工作日" if limit.get("type") == "committed" else "即办"),
                 ("收费标准", record.get("fee")), ("办理地点", record.get("location")),
                 ("办理时间", record.get("hours")), ("咨询电话", record.get("phone")),
                 ("到现场次数", f"{record['visits']}次" if record.get("visits") is not None else None)]
    else:
        pairs = [("索引号", record.get("index_no")), ("公开主体", record.get("department")),
                 ("公开领域", record.get("area")), ("文号", record.get("doc_no")),
                 ("发布日期", (record.get("publish_at") or record.get("published_at") or "")[:10])]
    return [[label, value] for label, value in pairs if value]


def slide(record, base_url):
    """One record as a slide: title, key facts, short text, window and QR code."""
    link = record_link(record, base_url)
    return {"id": record["id"], "kind": record["kind"], "kind_label": catalogue.KINDS[record["kind"]],
            "title": record["title"], "summary": record.get("summary", ""), "facts": facts(record),
            "text": plain_text(record.get("body", ""), TEXT_LIMIT), "publish_at": record.get("publish_at"),
            "expire_at": record.get("expire_at"), "link": link, "qr": qr_path(link)}


@dataclass(frozen=True)
class Bundle:
    """A screen's bundle in two parts: its own small head, and a body shared by every
    screen of the same org and filters (one copy in memory, not one per screen)."""

    parts: tuple
    etag: str

    def bytes(self):
        return b"".join(self.parts)


class BundleCache:
    def __init__(self, library, alerts, orgs):
        self.library = library
        self.alerts = alerts
        self.orgs = orgs
        self._bundles = {}  # display id → (inputs, Bundle): one per display, replaced on change
        self._derived = OrderedDict()  # base_url → Derived, least recently used first
        self._version = None

    def bundle(self, display, base_url, now):
        """The display's Bundle, rebuilt only when one of its inputs changed."""
        public = self.library.public_set()
        inputs = (display["rev"], public.version, self.alerts.version(), base_url)
        cached = self._bundles.get(display["id"])
        if cached and cached[0] == inputs:
            return cached[1]
        if public.version != self._version:
            self._forget_old(public)
        body, digest = self._body(display, public, base_url, now)
        alert = self.alerts.for_display(display, now)
        head = orjson.dumps({"version": public.version, "display": {k: display[k] for k in ("id", "name", "hall", "org")},
                             "alert": alert_message(alert) if alert else None,
                             "settings": settings(display)})[:-1]  # the body closes the object
        bundle = Bundle((head, body), '"' + hashlib.sha256(head + digest).hexdigest()[:32] + '"')
        self._bundles[display["id"]] = (inputs, bundle)
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
        """`,"ticker":[...],"slides":[...]}` for everything the display plays now."""
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
            derived.bodies[key] = (body, hashlib.sha256(body).digest())
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
        self.bodies = {}  # (org, kinds, areas, tags) → (body bytes, digest)
        self.slides = {}  # (record id, rev) → slide bytes

    def slide_bytes(self, entry, base_url):
        if entry.key not in self.slides:
            self.slides[entry.key] = orjson.dumps(slide(entry.record, base_url))
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
    if not may_play(display, record, shared_org):
        return False
    if display["areas"] and record.get("area") not in display["areas"]:
        return False
    return not display["tags"] or bool(set(display["tags"]) & set(record.get("tags") or []))


def settings(display):
    return {"seconds_per_slide": display["seconds_per_slide"], "orientation": display["orientation"],
            "schedule": display.get("schedule"), "nightly_reload_hour": NIGHTLY_RELOAD_HOUR, "burn_in_shift": True}
