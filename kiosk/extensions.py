"""Extensions created unbound; the factory binds them to the app."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

socketio = SocketIO()
csrf = CSRFProtect()
# Per-address limits (login: kiosk/login_limits.py; unauthenticated endpoints: their views); in
# memory, one process counts. 429 answers carry Retry-After.
limiter = Limiter(get_remote_address, storage_uri="memory://", headers_enabled=True)
