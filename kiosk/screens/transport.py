"""The screens' WebSocket transport, guarded where messages are received.

Engine.IO on gevent reads each WebSocket with simple-websocket: a greenlet that parses
every frame and appends every message to an unbounded list, which Engine.IO then decodes
and Socket.IO dispatches. A budget in the Socket.IO handlers comes too late: a key
emitting as fast as it can still costs the server every byte parsed, decoded and queued.

Here the reader itself spends one token of a per-connection budget for each frame it
parses, before the frame becomes a message. A connection over budget gets a `slow_down
{"retry_after"}` event and a close frame (1008), nothing more of it is read, and its
display's key is refused for `retry_after` seconds (kiosk/screens/socket.py). So what one
connection can make the server hold is bounded by the budget's burst times the maximum
message size, and what it can make it do by the budget's rate.
"""
import functools
import logging
import resource
import time
from collections import OrderedDict

import simple_websocket
from engineio import packet as eio_packet
from engineio.async_drivers._websocket_wsgi import SimpleWebSocketWSGI
from socketio import packet as sio_packet
from wsproto.connection import ConnectionState
from wsproto.events import (AcceptConnection, BytesMessage, CloseConnection, Ping, Pong, Request,
                            TextMessage)
from wsproto.frame_protocol import CloseReason

from displays.presence import Budget

from .broadcast import NAMESPACE

log = logging.getLogger(__name__)

# A screen sends a heartbeat every 30 s, a `played` per slide (5 s at the shortest), an
# Engine.IO pong every 25 s and a few messages on connecting: well under one a second.
FRAME_BURST, FRAMES_PER_SECOND = 40, 4.0
MAX_MESSAGE_BYTES = 16 * 1024  # a heartbeat is ~300 bytes; Engine.IO's maxPayload says the same
FALLBACK_RETRY_AFTER = 30  # for a connection that floods before it has joined /screens


def transport_options():
    """Socket.IO server options for the screens' transport (passed to socketio.init_app)."""
    # async_handlers=False: a connection's events run one after another in its own reader,
    # so a busy connection waits for its own handlers instead of piling up greenlets.
    return {"max_http_buffer_size": MAX_MESSAGE_BYTES, "async_handlers": False}


def install_guard(sio_server, on_flood):
    """Make `sio_server`'s Engine.IO read WebSockets through GuardedWebSocket.

    `on_flood(sid)` is called with the /screens sid (or None) of a connection over its
    budget and returns the seconds its key must wait before reconnecting.
    """
    eio = sio_server.eio
    classes = {}
    if eio.async_mode == "gevent":  # what engineio.async_drivers.gevent gives simple-websocket
        import gevent.event
        import gevent.selectors
        from engineio.async_drivers.gevent import Thread
        classes = {"thread_class": Thread, "event_class": gevent.event.Event,
                   "selector_class": gevent.selectors.DefaultSelector}
    policy = FloodPolicy(sio_server, on_flood)
    eio._async = {**eio._async, "websocket": functools.partial(GuardedWebSocket, policy=policy, classes=classes)}


class FloodPolicy:
    """What a connection over budget is told, and whose key is made to wait."""

    def __init__(self, sio_server, on_flood):
        self.sio_server = sio_server
        self.on_flood = on_flood

    def refuse(self, eio_sid):
        """(text frames to send before closing, close reason) for a flooding connection."""
        sid = self.sio_server.manager.sid_from_eio_sid(eio_sid, NAMESPACE) if eio_sid else None
        retry_after = (self.on_flood(sid) if sid else None) or FALLBACK_RETRY_AFTER
        log.warning("screen connection %s sent too many messages: closed, its key waits %s s", sid, retry_after)
        frames = []
        if sid:
            event = self.sio_server.packet_class(sio_packet.EVENT, namespace=NAMESPACE,
                                                 data=["slow_down", {"retry_after": retry_after}])
            frames.append(eio_packet.Packet(eio_packet.MESSAGE, data=event.encode()).encode())
        return frames, f"too many messages: retry after {retry_after} s"


class GuardedWebSocket(SimpleWebSocketWSGI):
    """Engine.IO's WebSocket wrapper (as its gevent driver builds it), reading through GuardedServer."""

    def __init__(self, handler, server, policy, classes):
        super().__init__(handler, server, **classes)
        eio_sid = getattr(getattr(handler, "__self__", None), "sid", None)  # handler: Engine.IO socket's method
        self.server_args.update(max_message_size=MAX_MESSAGE_BYTES,
                                refuse=functools.partial(policy.refuse, eio_sid))

    def __call__(self, environ, start_response):
        self.ws = GuardedServer(environ, **self.server_args)
        return self.app(self)


class GuardedServer(simple_websocket.Server):
    """simple-websocket's server side with a frame budget, a message size limit and no
    per-message deflate (a small compressed frame must not inflate into a huge message)."""

    def __init__(self, environ, refuse, **kwargs):
        self.budget = Budget(FRAME_BURST, FRAMES_PER_SECOND)
        self.refuse = refuse
        self.over_budget = False
        super().__init__(environ, **kwargs)

    def send(self, data):
        """As simple-websocket's send, with a text message framed by text_frame: a nudge to
        3,000 screens is one frame, built once (wsproto built it 3,000 times)."""
        if isinstance(data, str) and self.connected and self.ws.state is ConnectionState.OPEN:
            self.sock.send(text_frame(data))
            return
        super().send(data)

    def _handle_events(self):
        out_data = b""
        keep_going = True
        for event in self.ws.events():
            if isinstance(event, Request):
                self.subprotocol = self.choose_subprotocol(event)
                out_data += self.ws.send(AcceptConnection(subprotocol=self.subprotocol))
            elif not self.budget.spend(time.monotonic()):
                out_data += self._refusal()
                keep_going = False
                break
            elif isinstance(event, CloseConnection):
                if self.is_server:
                    out_data += self.ws.send(event.response())
                self.close_reason, self.close_message = event.code, event.reason
                keep_going = False
                break
            elif isinstance(event, Ping):
                out_data += self.ws.send(event.response())
            elif isinstance(event, Pong):
                self.pong_received = True
            elif isinstance(event, (TextMessage, BytesMessage)):
                if not self._collect(event):
                    out_data += self.ws.send(CloseConnection(CloseReason.MESSAGE_TOO_BIG, "message too big"))
                    keep_going = False
                    break
        if out_data:
            self.sock.send(out_data)
        if not keep_going:
            self.connected = False
            self.event.set()
        return keep_going

    def _collect(self, event):
        """Add a frame to the message being received; False when it grows too big."""
        self.incoming_message_len += len(event.data)
        if self.max_message_size and self.incoming_message_len > self.max_message_size:
            return False
        part = event.data.encode() if isinstance(event, TextMessage) else event.data
        self.incoming_message = (self.incoming_message or bytearray()) + part
        if event.message_finished:
            message = bytes(self.incoming_message)
            self.input_buffer.append(message.decode() if isinstance(event, TextMessage) else message)
            self.incoming_message, self.incoming_message_len = None, 0
            self.event.set()
        return True

    def _refusal(self):
        """The bytes that tell a flooding client to back off, then close the connection."""
        self.over_budget = True
        self.input_buffer.clear()  # what it queued before going over is dropped too
        frames, reason = self.refuse()
        out = b"".join(self.ws.send(TextMessage(data=frame)) for frame in frames)
        return out + self.ws.send(CloseConnection(CloseReason.POLICY_VIOLATION, reason))


@functools.lru_cache(maxsize=64)
def text_frame(text):
    """A complete, unmasked, uncompressed text frame (RFC 6455 5.2): what a server sends when
    per-message deflate is off, as it is here. The same few messages (nudges, alerts) go to
    every screen, so the frames are kept."""
    payload = text.encode()
    size = len(payload)
    if size < 126:
        head = bytes((0x81, size))
    elif size < 1 << 16:
        head = bytes((0x81, 126)) + size.to_bytes(2, "big")
    else:
        head = bytes((0x81, 127)) + size.to_bytes(8, "big")
    return head + payload


# Connection attempts per client address (a hall's screens may share one router's address,
# and all come back within a minute after a server restart).
CONNECT_BURST, CONNECTS_PER_SECOND = 300, 5.0
MAX_ADDRESSES = 10_000  # addresses remembered; the least recently seen are forgotten first


FD_RESERVE = 512  # open files never used by connections: the store, media, logs
FILES_PER_CONNECTION = 2  # a screen's WebSocket: pywsgi's socket and simple-websocket's dup of it
STAFF_CONNECTIONS = 256  # connections left for pages and staff when screens hold the rest
FULL_RETRY_AFTER = 15


def connection_limit():
    """How many connections this process may hold at once: its open-files limit less a
    reserve (a tenth of it, at least FD_RESERVE) for files, two files each (a WebSocket's
    socket is duplicated), or None when unlimited. 65,536 files (deploy/'s unit): 29,491."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return None
    return max(1, (soft - max(FD_RESERVE, soft // 10)) // FILES_PER_CONNECTION)


def socket_capacity():
    """How many screens' sockets: the connections less those kept for pages and staff (a
    quarter of them on a machine whose limit is small)."""
    limit = connection_limit()
    return None if limit is None else limit - min(STAFF_CONNECTIONS, limit // 4)


class ConnectGuard:
    """WSGI middleware before Engine.IO, refusing a new Socket.IO connection before any
    handshake work is done:

    - 429 (with Retry-After) when its address opens connections faster than its budget.
      Loopback is not limited: there every screen would share a local proxy's address
      (nginx in front should limit per address itself), and benchmarks connect from there;
    - 503 (with Retry-After) when the process already holds `capacity` sockets. Without it a
      reconnecting crowd (the screens of a killed process, 5,000 at once in bench/cluster.py)
      used up every file the process may open, and then a staff member's publish failed
      because the store could not open its lock file. The screens retry with their backoff,
      on this process or (behind nginx) another.
    """

    def __init__(self, app, path="/socket.io/", sockets=None, capacity=socket_capacity):
        self.app = app
        self.path = path
        self.budgets = OrderedDict()  # address → Budget, least recently seen first
        self.sockets = sockets  # () → the Engine.IO sockets open now
        self.capacity = capacity  # () → how many it may hold (None: no limit), read when asked

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(self.path) and "sid=" not in environ.get("QUERY_STRING", ""):
            if not self._allow(environ.get("REMOTE_ADDR")):
                start_response("429 Too Many Requests", [("Content-Type", "application/json"),
                                                         ("Retry-After", str(int(1 / CONNECTS_PER_SECOND) + 1))])
                return [b'{"error": {"code": "too_many_requests", "message": "too many connections from this '
                        b'address: retry later", "fields": {}}}']
            if self._full():
                start_response("503 Service Unavailable", [("Content-Type", "application/json"),
                                                           ("Retry-After", str(FULL_RETRY_AFTER))])
                return [b'{"error": {"code": "unavailable", "message": "this server holds as many screens as it '
                        b'can: retry later", "fields": {}}}']
        return self.app(environ, start_response)

    def _full(self):
        if self.sockets is None:
            return False
        capacity = self.capacity()
        return capacity is not None and self.sockets() >= capacity

    def _allow(self, address):
        if not address or address.startswith("127.") or address == "::1":
            return True
        budget = self.budgets.pop(address, None) or Budget(CONNECT_BURST, CONNECTS_PER_SECOND)
        self.budgets[address] = budget
        while len(self.budgets) > MAX_ADDRESSES:
            self.budgets.popitem(last=False)
        return budget.spend(time.monotonic())
