"""Extensions created unbound; the factory binds them to the app."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

socketio = SocketIO()
csrf = CSRFProtect()
# No default limits: each limited view says its own (kiosk/login_limits.py). In-memory
# counters: one process owns the data dir, so one process counts.
limiter = Limiter(get_remote_address, storage_uri="memory://", headers_enabled=True)
