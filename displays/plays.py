"""Proof of play: what each screen showed and when, as append-only JSON Lines per day.

Screens report every slide they show. The reports are buffered and written in one
append (one fsync) every few seconds: a thousand screens must not mean a thousand disk
syncs a minute on the server's only event loop. A crash loses at most one buffer.
"""
import datetime as dt

from content.dates import DEFAULT_TZ, format_moment, parse_datetime

TRUSTED_SKEW = dt.timedelta(minutes=10)  # a screen clock further off than this is not believed
BUFFER_MAX = 200_000  # reports kept while the disk refuses them (~1 h of 1,000 screens)


class PlayLog:
    def __init__(self, store):
        self.store = store
        self._buffer = []

    def record(self, display_id, item_id, at, now):
        """Buffer one play report; the screen's time is kept when it is plausible."""
        try:
            reported = parse_datetime(at) if at else now
        except ValueError:
            reported = now
        moment = reported if abs(reported - now) <= TRUSTED_SKEW else now
        self._buffer.append({"display": display_id, "item": item_id, "at": format_moment(moment),
                             "received_at": format_moment(now)})
        del self._buffer[:-BUFFER_MAX]

    def flush(self):
        """Write the buffered reports, each to the file of its day; returns how many.

        A report leaves the buffer only once written: a full disk delays, never loses them
        (up to BUFFER_MAX, beyond which the oldest go).
        """
        written = 0
        while self._buffer:
            day = self._buffer[0]["at"][:10]
            batch = [e for e in self._buffer if e["at"][:10] == day]
            self._journal(day).append_many(batch)
            self._buffer = [e for e in self._buffer if e["at"][:10] != day]
            written += len(batch)
        return written

    def _journal(self, day):
        return self.store.journal(f"plays/{day}")

    def shown_at(self, display_id, moment):
        """What a screen showed at `moment`: its last play report at or before it, or None."""
        self.flush()
        moment = moment.astimezone(DEFAULT_TZ)
        for day in (moment.date(), moment.date() - dt.timedelta(days=1)):
            plays = [e for e in self._journal(day.isoformat()).entries()
                     if e["display"] == display_id and parse_datetime(e["at"]) <= moment]
            if plays:
                return max(plays, key=lambda e: e["at"])
        return None

    def history(self, display_id, day, limit=500):
        """The newest play reports of a screen on one day."""
        self.flush()
        plays = [e for e in self._journal(day.isoformat()).entries() if e["display"] == display_id]
        return plays[-limit:][::-1]
