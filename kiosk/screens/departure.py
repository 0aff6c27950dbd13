"""Leaving on SIGTERM: stop accepting, send this process's screens elsewhere, then exit.

A restart (systemd, a deploy) must neither blank a screen nor bring every screen back at
the same instant:
1. the listening socket is closed at once, so nginx's next connection to this process is
   refused and goes to another one (a refused connection is what makes it try the next
   upstream without waiting);
2. every screen connected here (here only: not through the message queue) gets
   `reconnect_elsewhere {delay_ms, spread_ms}`; the player closes its connection and
   reconnects after delay_ms plus a random part of spread_ms, still playing its last bundle
   meanwhile, so the screens arrive on the other processes spread out, not as one herd;
3. once they have gone, or after DRAIN_SECONDS, the server stops and the caller flushes
   what screens reported: well within the 10 s that systemd and tests allow.
A second signal during the drain ends it at once.
"""
import logging
import time

import gevent
import gevent.event

from ..extensions import socketio
from .broadcast import NAMESPACE

log = logging.getLogger(__name__)
DRAIN_SECONDS = 5.0
DELAY_MS = 250
MIN_SPREAD_MS, MAX_SPREAD_MS, SPREAD_MS_PER_SCREEN = 1000, 10_000, 3  # 3,000 screens: over 9 s


def reconnect_message(screens):
    """How the screens leaving a process space out their reconnections."""
    return {"delay_ms": DELAY_MS, "spread_ms": min(MAX_SPREAD_MS, max(MIN_SPREAD_MS, screens * SPREAD_MS_PER_SCREEN))}


class Departure:
    def __init__(self, server, presence):
        self.server = server
        self.presence = presence
        self.done = gevent.event.Event()
        self._leaving = None

    def begin(self):
        """The signal handler: start leaving (or, on a second signal, stop waiting)."""
        if self._leaving is not None:
            self.done.set()
            return
        self._leaving = gevent.spawn(self._leave)

    def _leave(self):
        try:
            self.server.close()  # no new connections: they go to another process
            count = self.presence.connected_count()
            if count:
                message = reconnect_message(count)
                socketio.server.emit("reconnect_elsewhere", message, namespace=NAMESPACE, ignore_queue=True)
                print(f"stopping: asked {count} screen(s) to reconnect elsewhere within "
                      f"{(message['delay_ms'] + message['spread_ms']) / 1000:.1f} s", flush=True)
            deadline = time.monotonic() + DRAIN_SECONDS
            while self.presence.connected_count() and time.monotonic() < deadline and not self.done.is_set():
                gevent.sleep(0.05)
            left = self.presence.connected_count()
            if left:
                log.warning("stopping with %d screens still connected: they reconnect by themselves", left)
        finally:
            self.done.set()
