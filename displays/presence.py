"""Which screens are connected, what they show, and when each was last heard from.

Kept in the shared state (displays/shared.py: this process's memory, or Redis when several
processes serve one county) so that any process lists every screen, and written to disk in
one batch now and then, so `last_seen` survives a restart without a disk write per
heartbeat. Message budgets and back-offs stay with the process holding the connection.
"""
import time
from dataclasses import dataclass, field

from content.dates import format_moment, parse_datetime

from .shared import LocalState

ONLINE_WITHIN = 90  # seconds without a heartbeat before a connected screen counts as gone
BURST, PER_SECOND = 20, 2.0  # each screen's recording budget; a flood is dropped, not queued
BACK_OFF_FIRST, BACK_OFF_MAX = 30, 900  # seconds a flooding key is refused; doubles per repeat
BACK_OFF_FORGIVEN = 3600  # a key that behaved this long after its last back-off starts again at the first
LAST_SEEN_KEPT = 30 * 86400  # seconds the shared state keeps a last-seen time (the disk keeps it for good)


class Budget:
    """A token bucket: `burst` at once, then `rate` per second."""

    def __init__(self, burst, rate, clock=None):
        self.burst, self.rate = burst, rate
        self.tokens = float(burst)
        self.refilled = time.monotonic() if clock is None else clock

    def spend(self, clock, cost=1):
        """Take `cost` tokens at monotonic time `clock`; False (nothing taken) when too few are left."""
        self.tokens = min(self.burst, self.tokens + max(0.0, clock - self.refilled) * self.rate)
        self.refilled = clock
        if self.tokens < cost:
            return False
        self.tokens -= cost
        return True


@dataclass
class Session:
    display_id: int
    connected_at: str
    last_seen: float
    info: dict = field(default_factory=dict)
    budget: Budget = field(default_factory=lambda: Budget(BURST, PER_SECOND, 0.0))


class Presence:
    def __init__(self, store, shared=None):
        self.table = store.table("presence")
        self.shared = shared or LocalState()
        self.sessions = {}  # sid → Session: this process's connections
        saved = (self.table.get(1) or {}).get("last_seen", {})
        self.last_seen = {int(display_id): at for display_id, at in saved.items()}
        self._dirty = False
        self._backing_off = {}  # display id → (refused until, seconds of the last back-off): one per display

    def connect(self, display_id, sid, now):
        session = Session(display_id, format_moment(now), time.monotonic())
        self.sessions[sid] = session
        self._share(sid, session, now)

    def disconnect(self, sid, now):
        session = self.sessions.pop(sid, None)
        if session:
            self.shared.pop(_space(session.display_id), sid)
            self._seen(session.display_id, now)
        return session

    def sids_of(self, display_id):
        """The connections of a display, on every process."""
        return list(self.shared.entries(_space(display_id)))

    def display_of(self, sid):
        session = self.sessions.get(sid)
        return session.display_id if session else None

    def allow(self, sid):
        """Spend one message from this screen's budget; False when it is flooding."""
        session = self.sessions.get(sid)
        return session is not None and session.budget.spend(time.monotonic())

    def back_off(self, display_id, clock):
        """A screen flooded: refuse its key for a while (longer each time); returns the seconds."""
        until, last = self._backing_off.get(display_id, (0.0, 0))
        repeat = last and clock - until < BACK_OFF_FORGIVEN
        seconds = min(BACK_OFF_MAX, last * 2) if repeat else BACK_OFF_FIRST
        self._backing_off[display_id] = (clock + seconds, seconds)
        return seconds

    def refused_for(self, display_id, clock):
        """Whole seconds this display must still wait before reconnecting (0: welcome)."""
        until, _ = self._backing_off.get(display_id, (0.0, 0))
        return max(0, int(until - clock + 0.999))

    def beat(self, sid, info, now):
        """Record a heartbeat's report (version, etag, current slide, alert shown)."""
        session = self.sessions.get(sid)
        if session is None:
            return
        session.last_seen = time.monotonic()
        session.info = info
        self._share(sid, session, now)

    def _share(self, sid, session, now):
        """This connection, and the display's last-seen time, for every process to see."""
        self.last_seen[session.display_id] = format_moment(now)
        self._dirty = True
        self.shared.put_many([
            (_space(session.display_id), sid, {"since": session.connected_at, "seen": self.shared.now(),
                                               "info": session.info}, ONLINE_WITHIN),
            ("last_seen", session.display_id, self.last_seen[session.display_id], LAST_SEEN_KEPT)])

    def _seen(self, display_id, now):
        self.last_seen[display_id] = format_moment(now)
        self._dirty = True
        self.shared.put("last_seen", display_id, self.last_seen[display_id], LAST_SEEN_KEPT)

    def status(self, display_id):
        """{online, last_seen, connections, version, ...} for the staff's list."""
        return self.statuses([display_id])[display_id]

    def statuses(self, display_ids):
        """status() of many displays at once (one round trip to the shared state)."""
        display_ids = list(display_ids)
        connections = self.shared.entries_of([_space(d) for d in display_ids])
        seen = self.shared.get_many("last_seen", display_ids)
        return {d: _status(live, shared_seen or self.last_seen.get(d))
                for d, live, shared_seen in zip(display_ids, connections, seen)}

    def connected_count(self):
        """Connections this process holds."""
        return len(self.sessions)

    def flush(self):
        """Write last_seen times to disk if any changed since the last flush (merged with
        what other processes sharing the data dir wrote: the newest time wins)."""
        if not self._dirty:
            return False
        self._dirty = False
        with self.table.store.writing():
            saved = (self.table.get(1) or {}).get("last_seen", {})
            merged = {**saved}
            for display_id, at in self.last_seen.items():
                if str(display_id) not in saved or parse_datetime(at) > parse_datetime(saved[str(display_id)]):
                    merged[str(display_id)] = at
            self.table.put(1, {"last_seen": merged})
        return True


def _space(display_id):
    return f"presence:{display_id}"


def _status(live, last_seen):
    newest = max(live.values(), key=lambda c: c["seen"], default=None)
    report = newest["info"] if newest else {}
    return {"online": bool(live), "last_seen": last_seen, "connections": len(live),
            "version": report.get("version"), "etag": report.get("etag"), "showing": report.get("item_id"),
            "connected_since": newest["since"] if newest else None}
