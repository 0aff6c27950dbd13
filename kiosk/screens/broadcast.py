"""Pushes to the screens' rooms: tiny nudges; the screens fetch what changed themselves."""
from displays.schedule import EVERYONE

from ..extensions import socketio

NAMESPACE = "/screens"
MAX_SPREAD_MS = 2000
MAX_DELAY_MS = 200


def room_of_display(display_id):
    return f"display:{display_id}"


def room_of_org(org):
    return f"org:{org}"


class Broadcaster:
    def __init__(self, screens):
        self.screens = screens

    def pacing(self):
        """How screens space out their fetches after a nudge: each waits delay_ms plus a random
        part of spread_ms. The delay lets the nudge reach every screen before the first
        fetches compete with it for the one event loop; the spread smooths the herd."""
        screens = self.screens.presence.connected_count()
        return {"delay_ms": min(MAX_DELAY_MS, screens // 5), "spread_ms": min(MAX_SPREAD_MS, screens * 3 // 2)}

    def content_changed(self, version, record=None, orgs=None):
        """Nudge the screens that may play `record` (or those of `orgs`, or all)."""
        message = {"version": version, **self.pacing()}
        if record is not None and not record.get("all_townships"):
            orgs = {record["org"]}
        if orgs is None or EVERYONE in orgs:
            socketio.emit("content_changed", message, namespace=NAMESPACE)
            return
        for org in sorted(orgs):
            socketio.emit("content_changed", message, to=room_of_org(org), namespace=NAMESPACE)

    def alert(self, alert, message):
        """Send an alert to every screen it reaches, at once."""
        self._to_reached(alert, "alert", message)

    def alert_cleared(self, alert):
        """Clear an alert on every screen it reached (each then refetches its bundle)."""
        self._to_reached(alert, "alert_cleared", {"id": alert["id"]})

    def _to_reached(self, alert, event, message):
        if "all" in alert["scope"]:
            rooms = [room_of_org(org) for org in sorted(self.screens.alerts.orgs.scope(alert["org"]))]
        else:
            rooms = [room_of_display(d["id"]) for d in self.screens.alerts.reached(alert, self.screens.displays.all())]
        for room in rooms:
            socketio.emit(event, message, to=room, namespace=NAMESPACE)

    def to_display(self, display_id, event, data=None):
        socketio.emit(event, data or {}, to=room_of_display(display_id), namespace=NAMESPACE)

    def disconnect_display(self, display_id):
        """Drop every connection of a display (its key was revoked or replaced)."""
        for sid in self.screens.presence.sids_of(display_id):
            socketio.server.disconnect(sid, namespace=NAMESPACE)
