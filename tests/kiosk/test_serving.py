"""The gevent server: as many connections as the open-files limit allows, less a reserve."""
import resource

from kiosk import serving
from kiosk.screens import transport


def test_the_server_holds_at_most_the_connections_its_open_files_allow(app, monkeypatch):
    monkeypatch.setattr(resource, "getrlimit", lambda which: (4096, 8192))
    monkeypatch.setattr(resource, "setrlimit", lambda which, limits: None)
    server = serving.make_server(app)
    assert server.pool is not None and server.pool.size == transport.connection_limit() == (4096 - 512) // 2


def test_the_soft_open_files_limit_is_raised_toward_the_hard_one(monkeypatch):
    asked = []
    monkeypatch.setattr(resource, "setrlimit", lambda which, limits: asked.append(limits))
    monkeypatch.setattr(resource, "getrlimit", lambda which: (1024, 20000))
    serving.raise_open_files_limit()
    monkeypatch.setattr(resource, "getrlimit", lambda which: (1024, resource.RLIM_INFINITY))
    serving.raise_open_files_limit()
    monkeypatch.setattr(resource, "getrlimit", lambda which: (70000, 70000))
    serving.raise_open_files_limit()  # already above what is wanted: left alone
    assert asked == [(20000, 20000), (serving.OPEN_FILES_WANTED, resource.RLIM_INFINITY)]
