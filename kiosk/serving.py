"""Serving on gevent's WSGI server, with the two details that matter for kiosks and screens."""
import resource
import socket
import sys

from gevent import pywsgi
from gevent.pool import Pool

from .screens.transport import connection_limit

OPEN_FILES_WANTED = 65536  # a province's screens on one process need more than the usual 1,024

# When a screen's WebSocket closes, simple-websocket on gevent hands the socket back to
# pywsgi, which reads the last WebSocket frame as if it were an HTTP request and logs it.
# Harmless, but with a thousand screens it would bury real errors.
CLOSED_WEBSOCKET_NOISE = ("Invalid HTTP method", "Expected GET method", "Invalid HTTP version")


class ErrorLog:
    """pywsgi's error log: standard error, without the closed-WebSocket noise."""

    def write(self, text):
        if not any(noise in text for noise in CLOSED_WEBSOCKET_NOISE):
            sys.stderr.write(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        sys.stderr.flush()


class Server(pywsgi.WSGIServer):
    """pywsgi with Nagle's algorithm off on every connection.

    pywsgi writes a response's headers and body separately; with Nagle on, the body waits
    for the client's delayed ACK of the headers: 40 ms added to every keep-alive request.
    """

    def handle(self, client, address):
        try:
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:  # not TCP (a Unix socket): nothing to tune
            pass
        return super().handle(client, address)


def raise_open_files_limit(wanted=OPEN_FILES_WANTED):
    """Lift the soft open-files limit toward the hard one (each screen holds a socket)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def make_server(app):
    """The server, holding at most connection_limit() connections: past it, new ones wait in
    the kernel's queue instead of taking the last files the store needs to write."""
    raise_open_files_limit()
    limit = connection_limit()
    return Server((app.config["KIOSK_HOST"], app.config["KIOSK_PORT"]), app, log=None, error_log=ErrorLog(),
                  spawn=Pool(limit) if limit else "default")
