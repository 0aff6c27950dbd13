"""The screens' WebSocket reader: a per-connection budget where frames are parsed, a size
limit, and a key told to back off (kiosk/screens/transport.py, kiosk/screens/socket.py)."""
import socket
import time

import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, CloseConnection, Request, TextMessage
from wsproto.extensions import PerMessageDeflate

from displays import presence as presence_module
from kiosk.screens import transport


class Peer:
    """A WebSocket client on one end of a socket pair; the guarded server on the other."""

    def __init__(self, refusals):
        self.ours, theirs = socket.socketpair()
        self.ours.settimeout(5)
        self.ws = WSConnection(ConnectionType.CLIENT)
        request = self.ws.send(Request(host="kiosk", target="/socket.io/", extensions=[PerMessageDeflate()]))
        headers = dict(line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line)
        environ = {"werkzeug.socket": theirs, **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}}

        def refuse():
            refusals.append(time.monotonic())
            return ['42/screens,["slow_down",{"retry_after":30}]'], "too many messages: retry after 30 s"
        self.server = transport.GuardedServer(environ, refuse=refuse, max_message_size=transport.MAX_MESSAGE_BYTES)
        self.events = self.read_until(AcceptConnection)

    def send(self, *texts):
        self.ours.sendall(b"".join(self.ws.send(TextMessage(data=text)) for text in texts))

    def read_until(self, kind):
        seen = []
        while not any(isinstance(e, kind) for e in seen):
            data = self.ours.recv(65536)
            assert data, f"closed before {kind.__name__}: {seen}"
            self.ws.receive_data(data)
            seen.extend(self.ws.events())
        return seen

    def close(self):
        self.ours.close()


@pytest.fixture
def peer():
    made = []

    def make(refusals):
        made.append(Peer(refusals))
        return made[-1]
    yield make
    for one in made:
        one.close()


def test_messages_within_the_budget_are_received(peer):
    refusals = []
    client = peer(refusals)
    client.send(*[f'42/screens,["heartbeat",{{"version":{n}}}]' for n in range(transport.FRAME_BURST)])
    received = [client.server.receive(timeout=5) for _ in range(transport.FRAME_BURST)]
    assert received[-1] == f'42/screens,["heartbeat",{{"version":{transport.FRAME_BURST - 1}}}]'
    assert client.server.connected and refusals == []
    assert not any(isinstance(e, AcceptConnection) and e.extensions for e in client.events)  # no deflate


def test_messages_to_a_screen_are_framed_once_as_wsproto_frames_them(peer):
    client = peer([])
    texts = ['42/screens,["content_changed",{"version":7}]', "二" * 100, "x" * 126, "长" * 30_000, "y" * 70_000]
    for text in texts:
        client.server.send(text)
    received, part = [], ""
    while len(received) < len(texts):
        for event in client.read_until(TextMessage):
            if isinstance(event, TextMessage):  # a long message may arrive in pieces
                part += event.data
                if event.message_finished:
                    received.append(part)
                    part = ""
    assert received == texts
    expected = WSConnection(ConnectionType.SERVER)
    expected.initiate_upgrade_connection(
        [(b"host", b"kiosk"), (b"upgrade", b"websocket"), (b"connection", b"Upgrade"),
         (b"sec-websocket-key", b"dGhlIHNhbXBsZSBub25jZQ=="), (b"sec-websocket-version", b"13")], b"/")
    expected.send(AcceptConnection())
    for text in texts:
        assert transport.text_frame(text) == expected.send(TextMessage(data=text)), len(text)


def test_a_flood_is_cut_off_where_frames_are_read_told_to_slow_down_and_not_queued(peer):
    refusals = []
    client = peer(refusals)
    client.send(*['42/screens,["heartbeat",{}]'] * 5000)
    events = client.read_until(CloseConnection)
    texts = [e.data for e in events if isinstance(e, TextMessage)]
    close = next(e for e in events if isinstance(e, CloseConnection))
    assert texts == ['42/screens,["slow_down",{"retry_after":30}]']
    assert close.code == 1008 and "retry after 30 s" in close.reason
    assert len(refusals) == 1 and client.server.over_budget
    deadline = time.monotonic() + 5
    while client.server.connected and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not client.server.connected
    assert client.server.input_buffer == []  # what it sent is dropped, not kept for the handlers


def test_a_message_over_the_size_limit_closes_the_connection(peer):
    client = peer([])
    client.send("4" + "x" * transport.MAX_MESSAGE_BYTES)
    close = next(e for e in client.read_until(CloseConnection) if isinstance(e, CloseConnection))
    assert close.code == 1009
    assert client.server.input_buffer == []


def test_the_app_reads_screens_websockets_through_the_guard(app):
    from kiosk.extensions import socketio
    eio = socketio.server.eio
    assert eio.max_http_buffer_size == transport.MAX_MESSAGE_BYTES
    assert eio._async["websocket"].func is transport.GuardedWebSocket
    assert socketio.server.async_handlers is False


def test_a_flooding_key_is_refused_for_a_while_with_the_time_to_wait(client, staff, make_display, socket_client,
                                                                     screens, monkeypatch):
    flooding, calm = make_display(), make_display(name="右屏")
    screen = socket_client(flooding["key"])
    sid = next(iter(screens.presence.sessions))
    from kiosk.extensions import socketio
    policy = transport.FloodPolicy(socketio.server, lambda sid: screens.presence.back_off(
        screens.presence.display_of(sid), time.monotonic()))
    eio_sid = socketio.server.manager.eio_sid_from_sid(sid, "/screens")
    frames, reason = policy.refuse(eio_sid)
    assert frames == ['42/screens,["slow_down",{"retry_after":30}]'] and "retry after 30 s" in reason
    screen.disconnect("/screens")

    refused = socketio.test_client(client.application, namespace="/screens", auth={"key": flooding["key"]},
                                   flask_test_client=client)
    assert not refused.is_connected("/screens")
    assert socket_client(calm["key"]).is_connected("/screens")  # other screens are not affected
    clock = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: clock + 31)
    assert socket_client(flooding["key"]).is_connected("/screens")


def test_back_off_grows_for_repeat_offenders_and_is_forgiven_after_an_hour():
    seen = presence_module.Presence.__new__(presence_module.Presence)
    seen._backing_off = {}
    assert seen.back_off(7, 0) == 30 and seen.refused_for(7, 10) == 20 and seen.refused_for(8, 10) == 0
    assert seen.back_off(7, 40) == 60 and seen.back_off(7, 100) == 120
    for clock in range(200, 2000, 100):
        seconds = seen.back_off(7, clock)
    assert seconds == presence_module.BACK_OFF_MAX
    assert seen.refused_for(7, 1900 + seconds + 1) == 0
    assert seen.back_off(7, 1900 + seconds + presence_module.BACK_OFF_FORGIVEN + 1) == 30


def test_a_budget_refills_at_its_rate():
    budget = presence_module.Budget(3, 2.0, clock=0.0)
    assert [budget.spend(0.0) for _ in range(4)] == [True, True, True, False]
    assert budget.spend(0.5) and not budget.spend(0.5)
    assert sum(budget.spend(100.0) for _ in range(10)) == 3


def test_an_address_opening_connections_too_fast_gets_429_before_any_handshake(app, monkeypatch):
    monkeypatch.setattr(transport, "CONNECT_BURST", 5)
    client = app.test_client()

    def connect(address):
        return client.get("/socket.io/?EIO=4&transport=websocket", environ_base={"REMOTE_ADDR": address})
    answers = [connect("10.1.1.1").status_code for _ in range(8)]
    assert 429 not in answers[:5] and answers[5:] == [429] * 3
    refused = connect("10.1.1.1")
    assert refused.headers["Retry-After"] and refused.json["error"]["code"] == "too_many_requests"
    assert connect("10.1.1.2").status_code != 429  # another hall
    assert client.get("/healthz", environ_base={"REMOTE_ADDR": "10.1.1.1"}).status_code == 200  # only sockets


def test_loopback_is_not_limited_a_local_proxy_limits_per_address_itself(app, monkeypatch):
    monkeypatch.setattr(transport, "CONNECT_BURST", 2)
    client = app.test_client()
    answers = [client.get("/socket.io/?EIO=4&transport=websocket", environ_base={"REMOTE_ADDR": "127.0.0.1"})
               for _ in range(5)]
    assert 429 not in [a.status_code for a in answers]


def connect_guard(app):
    layer = app.wsgi_app
    while not isinstance(layer, transport.ConnectGuard):
        layer = layer.app
    return layer


def test_a_process_holding_all_the_screens_it_can_refuses_new_ones_with_503(app, monkeypatch):
    guard, client = connect_guard(app), app.test_client()
    open_now = [3]
    monkeypatch.setattr(guard, "sockets", lambda: open_now[0])
    monkeypatch.setattr(guard, "capacity", lambda: 3)
    refused = client.get("/socket.io/?EIO=4&transport=websocket")
    assert refused.status_code == 503 and refused.headers["Retry-After"] == str(transport.FULL_RETRY_AFTER)
    assert refused.json["error"]["code"] == "unavailable"
    assert client.get("/socket.io/?EIO=4&transport=polling&sid=abc").status_code != 503  # an open connection
    assert client.get("/healthz").status_code == 200  # pages and the store keep their files
    open_now[0] = 2
    assert client.get("/socket.io/?EIO=4&transport=websocket").status_code != 503


def test_the_capacity_leaves_a_reserve_of_open_files(monkeypatch):
    import resource
    monkeypatch.setattr(resource, "getrlimit", lambda which: (20000, 20000))
    assert (transport.connection_limit(), transport.socket_capacity()) == (9000, 9000 - transport.STAFF_CONNECTIONS)
    monkeypatch.setattr(resource, "getrlimit", lambda which: (65536, 65536))
    assert transport.connection_limit() == 29491
    monkeypatch.setattr(resource, "getrlimit", lambda which: (1024, 4096))
    assert (transport.connection_limit(), transport.socket_capacity()) == (256, 192)  # a small machine still serves
    monkeypatch.setattr(resource, "getrlimit", lambda which: (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    assert transport.connection_limit() is None and transport.socket_capacity() is None
