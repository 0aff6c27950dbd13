"""The cyclic garbage collector and a county's large, long-lived heap.

At 10k records the server holds about half a million long-lived objects (the records, the
public set, the search index). CPython's full collection walks every one of them, and while it
does nothing else runs: no screen, page or /healthz. Measured on this machine at 10k records,
rebuilding the public set after a publish set off a full collection every three or four
publishes, each stalling the process 0.7 to 1.1 s.

So the server freezes what is alive once it is built (gc.freeze: a permanent generation the
collector does not walk). Garbage without reference cycles is still freed at once by reference
counting; what cyclic garbage the rebuilds leave behind (about 1,600 objects per rebuild here)
is reclaimed by one full collection at night, when the halls are closed.
"""
import gc

NIGHT_HOURS = range(2, 5)  # local time: halls closed, screens asleep or showing a cached bundle
GROWTH = 1.25  # tidy at night once the frozen heap grew by a quarter
TIDY_EVERY = 600  # seconds between checks


class Heap:
    """Off until the server activates it: unit tests and commands keep the normal collector."""

    def __init__(self, collector=gc):
        self.gc = collector
        self.active = False
        self.base = 0

    def activate(self):
        self.active = True
        self.settle()

    def settle(self):
        """After building something large and lasting: keep the collector from walking it."""
        if self.active:
            self.gc.freeze()
            self.base = self.base or self.gc.get_freeze_count()

    def tidy(self, now):
        """At night, if the frozen heap grew by a quarter: one full collection, then freeze again.

        True when it collected."""
        if not self.active or now.hour not in NIGHT_HOURS or self.gc.get_freeze_count() < self.base * GROWTH:
            return False
        self.gc.unfreeze()
        self.gc.collect()
        self.gc.freeze()
        self.base = self.gc.get_freeze_count()
        return True

    def run(self, clock, sleep):
        """The background task: check every TIDY_EVERY seconds."""
        while True:
            sleep(TIDY_EVERY)
            self.tidy(clock())
