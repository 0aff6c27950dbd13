"""Details of serving on gevent's WSGI server."""
import sys

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
