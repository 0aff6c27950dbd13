"""Which screens are connected, what they show, and when each was last heard from.

Kept in memory (a heartbeat must cost nothing) and written to disk in one batch now and
then, so `last_seen` survives a restart without a disk write per heartbeat.
"""
import time
from dataclasses import dataclass, field

from content.dates import format_moment

ONLINE_WITHIN = 90  # seconds without a heartbeat before a connected screen counts as gone
BURST, PER_SECOND = 20, 2.0  # each screen's message budget; a flood is dropped, not queued


@dataclass
class Session:
    display_id: int
    connected_at: str
    last_seen: float
    info: dict = field(default_factory=dict)
    tokens: float = BURST
    refilled: float = 0.0


class Presence:
    def __init__(self, store):
        self.table = store.table("presence")
        self.sessions = {}  # sid → Session
        self._by_display = {}  # display id → {sid: Session}: status() must not scan every socket
        saved = (self.table.get(1) or {}).get("last_seen", {})
        self.last_seen = {int(display_id): at for display_id, at in saved.items()}
        self._dirty = False

    def connect(self, display_id, sid, now):
        session = Session(display_id, format_moment(now), time.monotonic())
        self.sessions[sid] = session
        self._by_display.setdefault(display_id, {})[sid] = session
        self._seen(display_id, now)

    def disconnect(self, sid, now):
        session = self.sessions.pop(sid, None)
        if session:
            self._by_display.get(session.display_id, {}).pop(sid, None)
            self._seen(session.display_id, now)
        return session

    def sids_of(self, display_id):
        return list(self._by_display.get(display_id, {}))

    def display_of(self, sid):
        session = self.sessions.get(sid)
        return session.display_id if session else None

    def allow(self, sid):
        """Spend one message from this screen's budget; False when it is flooding."""
        session = self.sessions.get(sid)
        if session is None:
            return False
        clock = time.monotonic()
        session.tokens = min(BURST, session.tokens + (clock - session.refilled) * PER_SECOND)
        session.refilled = clock
        if session.tokens < 1:
            return False
        session.tokens -= 1
        return True

    def beat(self, sid, info, now):
        """Record a heartbeat's report (version, etag, current slide, alert shown)."""
        session = self.sessions.get(sid)
        if session is None:
            return
        session.last_seen = time.monotonic()
        session.info = info
        self._seen(session.display_id, now)

    def _seen(self, display_id, now):
        self.last_seen[display_id] = format_moment(now)
        self._dirty = True

    def status(self, display_id):
        """{online, last_seen, connections, version, ...} for the staff's list."""
        clock = time.monotonic()
        live = [s for s in self._by_display.get(display_id, {}).values() if clock - s.last_seen < ONLINE_WITHIN]
        newest = max(live, key=lambda s: s.last_seen, default=None)
        report = newest.info if newest else {}
        return {"online": bool(live), "last_seen": self.last_seen.get(display_id),
                "connections": len(live), "version": report.get("version"),
                "etag": report.get("etag"), "showing": report.get("item_id"),
                "connected_since": newest.connected_at if newest else None}

    def connected_count(self):
        return len(self.sessions)

    def flush(self):
        """Write last_seen times to disk if any changed since the last flush."""
        if not self._dirty:
            return False
        self._dirty = False
        self.table.put(1, {"last_seen": {str(k): v for k, v in self.last_seen.items()}})
        return True
