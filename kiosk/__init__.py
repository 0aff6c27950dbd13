"""How it is delivered: the Flask app factory, blueprints per audience, Socket.IO."""
from pathlib import Path

from flask import Flask

from content import open_content
from content.setup import ensure_initialised

from . import admin, config, headers, i18n, login_limits, metrics
from .auth import login_manager
from .clock import system_now
from .errors import register_error_handlers
from .heap import Heap
from .extensions import csrf, limiter, socketio
from .offload import run_off_loop, soon
from .screens import init_screens
from .screens import bundle_path
from .screens.socket import guard_transport
from .screens.transport import transport_options


def create_app(test_config=None):
    """Build the application: settings, content store, blueprints, Socket.IO."""
    settings = config.load_settings(test_config)
    app = Flask(__name__)
    app.config.update(settings)
    app.config.update(
        SECRET_KEY=config.secret_key(settings),
        MAX_CONTENT_LENGTH=settings["KIOSK_MAX_BODY_BYTES"],
        SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_SSL_STRICT=False,
    )
    app.config.setdefault("KIOSK_CLOCK", system_now)
    app.json.ensure_ascii = False
    app.json.sort_keys = False

    content = open_content(Path(settings["KIOSK_DATA_DIR"]))
    ensure_initialised(content, settings, app.config["KIOSK_CLOCK"]())
    content.accounts.offload = login_limits.hash_outside_gate  # hashing never blocks the event loop
    content.library.offload = run_off_loop  # nor does rebuilding the public set and search index
    app.extensions["kiosk.heap"] = Heap()
    content.library.listeners.append(_rebuild_soon(content.library, app.config["KIOSK_CLOCK"],
                                                   app.extensions["kiosk.heap"]))
    app.extensions["kiosk.content"] = content

    _register_blueprints(app)
    init_screens(app, content)
    app_metrics = metrics.install(app, content.library, app.extensions["kiosk.screens"])
    bundle_path.install(app, app.extensions["kiosk.screens"], app_metrics)  # before the proxy fix wraps it
    i18n.install(app)
    register_error_handlers(app)
    login_limits.install_gate(app, admin.busy_answer)  # before CSRF and limits: they run inside it
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    headers.install(app)
    socketio.init_app(app, async_mode=app.config.get("KIOSK_ASYNC_MODE", "gevent"),
                      message_queue=settings["KIOSK_MESSAGE_QUEUE"] or None,
                      transports=["websocket"], **transport_options())
    guard_transport(app, socketio.server)
    return app


def _register_blueprints(app):
    from . import admin, api, health, media, notices, resident
    app.register_blueprint(health.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(resident.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(notices.bp)
    app.register_blueprint(media.bp)
    csrf.exempt(api.bp)  # the API checks CSRF itself for session callers (kiosk/auth.py)


def _rebuild_soon(library, clock, heap):
    """A publish listener: start rebuilding the public set and search index at once, in the
    background, so the next resident's search finds it (mostly) built (then frozen: heap.py)."""
    def rebuild(now):
        library.warm(now)
        heap.settle()

    def changed(version, record=None):
        soon(rebuild, clock())
    return changed
