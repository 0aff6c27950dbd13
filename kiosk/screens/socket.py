"""The /screens Socket.IO namespace: screens connect with their key, report, and listen.

Handlers are defensive: a malformed event is dropped (the connection stays), and each
screen has a message budget so that one flooding screen cannot slow the others.
"""
import logging
import time

from flask import request
from flask_socketio import ConnectionRefusedError, Namespace, emit, join_room

from displays.alerts import alert_message

from ..clock import now
from ..context import library
from .broadcast import NAMESPACE, room_of_display, room_of_org
from .context import screens
from .transport import ConnectGuard, install_guard

log = logging.getLogger(__name__)
REPORTED = {"version": int, "etag": str, "item_id": int, "alert_id": int, "user_agent": str}


class ScreensNamespace(Namespace):
    def on_connect(self, auth=None):
        key = auth.get("key") if isinstance(auth, dict) else None
        display = screens().displays.by_key(key)
        if display is None:
            raise ConnectionRefusedError("unknown or revoked display key")
        wait = screens().presence.refused_for(display["id"], time.monotonic())
        if wait:
            raise ConnectionRefusedError(f"this screen sent too many messages: reconnect in {wait} s",
                                         {"retry_after": wait})
        join_room(room_of_display(display["id"]))
        join_room(room_of_org(display["org"]))
        screens().presence.connect(display["id"], request.sid, now())
        # The content version, at once: a push sent while this screen was away (its process
        # died, the queue was down) is lost, and a proxy may answer its next fetch from cache.
        # Knowing the version, the player fetches again until its bundle is that new.
        emit("content_version", {"version": library().content_version()})
        alert = screens().alerts.for_display(display, now())
        if alert:
            emit("alert", alert_message(alert))

    def on_disconnect(self, *reason):
        screens().presence.disconnect(request.sid, now())

    def on_heartbeat(self, data=None):
        if isinstance(data, dict) and screens().presence.allow(request.sid):
            screens().presence.beat(request.sid, _reported(data), now())

    def on_played(self, data=None):
        display_id = self._budgeted_display()
        item_id = data.get("item_id") if isinstance(data, dict) else None
        if display_id is not None and _is_id(item_id):
            at = data.get("at") if isinstance(data.get("at"), str) and len(data["at"]) <= 40 else None
            screens().plays.record(display_id, item_id, at, now())

    def on_alert_ack(self, data=None):
        display_id = self._budgeted_display()
        alert_id = data.get("id") if isinstance(data, dict) else None
        display = screens().displays.table.get(display_id) if display_id is not None else None
        if display is not None and _is_id(alert_id):
            screens().alerts.acknowledge(alert_id, display, now())

    def _budgeted_display(self):
        if not screens().presence.allow(request.sid):
            return None
        return screens().presence.display_of(request.sid)


def _reported(data):
    """The known fields of a heartbeat with the right types; anything else is dropped."""
    return {key: value for key, kind in REPORTED.items()
            if isinstance(value := data.get(key), kind) and not isinstance(value, bool)
            and (kind is not str or len(value) <= 200)}


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**53


def guard_transport(app, sio_server):
    """Read screens' WebSockets through the per-connection budget (kiosk/screens/transport.py);
    a connection over it makes its display's key wait before reconnecting."""
    presence = app.extensions["kiosk.screens"].presence

    def on_flood(sid):
        display_id = presence.display_of(sid)
        return presence.back_off(display_id, time.monotonic()) if display_id is not None else None
    install_guard(sio_server, on_flood)
    # Outside Flask-SocketIO's middleware: before any handshake.
    app.wsgi_app = ConnectGuard(app.wsgi_app, sockets=lambda: len(sio_server.eio.sockets))


def register(socketio):
    """Register the namespace once (the factory may build several apps in one process)."""
    if not any(isinstance(h, ScreensNamespace) for h in socketio.namespace_handlers):
        socketio.on_namespace(ScreensNamespace(NAMESPACE))

    @socketio.on_error(NAMESPACE)
    def _dropped(exc):  # a bad event must never cost the screen its connection
        log.warning("dropped a screen event: %s", exc)
