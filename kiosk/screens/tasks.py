"""Background work of the server: the boundary scheduler and the periodic flusher."""
import logging
import threading

from content.errors import ContentError
from displays.schedule import alerts_expiring, next_wakeup, orgs_crossing

log = logging.getLogger(__name__)
LONGEST_SLEEP = 3600.0  # a safety net only (clock jumps): every change pokes the scheduler awake
FLUSH_EVERY = 5.0


class Scheduler:
    """Sleeps until the next window boundary or alert expiry, then bumps and nudges."""

    def __init__(self, library, screens, broadcaster, clock):
        self.library = library
        self.screens = screens
        self.broadcaster = broadcaster
        self.clock = clock
        self.wake = threading.Event()
        self.checked_until = clock()

    def poke(self, *_):
        """Something changed: recompute when to wake."""
        self.wake.set()

    def seconds_to_sleep(self, now):
        wakeup = next_wakeup(self.library.public_set(), self.screens.alerts, now)
        if wakeup is None:
            return LONGEST_SLEEP
        return min(LONGEST_SLEEP, max(0.0, (wakeup - now).total_seconds()) + 0.005)

    def tick(self, now):
        """Announce every boundary passed since the last tick; returns the orgs nudged."""
        since, self.checked_until = self.checked_until, now
        orgs = orgs_crossing(self.library.public_set(), since, now)
        if orgs:
            self.broadcaster.content_changed(self.library.items.bump_content_version(), orgs=orgs)
        expiring = alerts_expiring(self.screens.alerts, since, now)
        if expiring:
            self.library.store.bump("alerts_version")
            for alert in expiring:
                self.broadcaster.alert_cleared(alert)
        return orgs

    def run(self):
        while True:
            try:
                self.wake.wait(self.seconds_to_sleep(self.clock()))
                self.wake.clear()
                self.tick(self.clock())
            except (ContentError, OSError):  # a full disk must not end the schedule
                log.exception("scheduler tick failed; retrying")
                self.wake.wait(5)


def flush(screens):
    """Write what is buffered in memory: last-seen times, plays, alert acknowledgements."""
    screens.presence.flush()
    screens.plays.flush()
    screens.alerts.flush()


def run_flusher(screens, stop_event):
    while not stop_event.wait(FLUSH_EVERY):
        try:
            flush(screens)
        except (ContentError, OSError):
            log.exception("flush failed; will retry")
