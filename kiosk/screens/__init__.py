"""The notice screens: player and pairing pages, Socket.IO namespace, background tasks."""
import threading

from flask import Blueprint, abort, render_template, send_from_directory

from displays import open_screens
from displays.demo import load_demo_screens
from displays.shared import open_shared_state

from ..extensions import socketio
from .messages import player_messages
from . import socket
from .broadcast import Broadcaster
from .context import screens
from .tasks import Scheduler, run_flusher

bp = Blueprint("screens", __name__)


@bp.get("/screen/")
def pairing_page():
    return render_template("screens/pair.html")


@bp.get("/screen/sw.js")
def service_worker():
    response = send_from_directory(bp.root_path + "/../static/screens", "sw.js", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/screen/"
    return response


@bp.get("/favicon.ico")
def favicon():
    """Browsers (and screens' kiosk browsers) ask for it on every origin, page or not."""
    return send_from_directory(bp.root_path + "/../static", "favicon.ico", max_age=86400,
                               mimetype="image/vnd.microsoft.icon")


@bp.get("/screen/<key>")
def player(key):
    display = screens().displays.by_key(key)
    if display is None:
        abort(404, "this screen is not registered (or its key was replaced): open /screen/ to pair it")
    return render_template("screens/player.html", display=display, key=key, messages=player_messages())


def init_screens(app, content):
    """Wire the screens side into the app: state, pushes, socket handlers, background tasks."""
    state = open_screens(content, open_shared_state(app.config["KIOSK_MESSAGE_QUEUE"]))
    if app.config["KIOSK_DEMO"]:
        load_demo_screens(content, state, app.config["KIOSK_CLOCK"]())
    broadcaster = Broadcaster(state)
    scheduler = Scheduler(content.library, state, broadcaster, app.config["KIOSK_CLOCK"])
    content.library.listeners.extend([broadcaster.content_changed, scheduler.poke])
    app.extensions.update({"kiosk.screens": state, "kiosk.broadcaster": broadcaster,
                           "kiosk.scheduler": scheduler})
    socket.register(socketio)
    app.register_blueprint(bp)


def start_background_tasks(app):
    """Start the scheduler, the flusher and the night tidy of the heap (the server does this;
    unit tests tick by hand)."""
    stop = threading.Event()
    socketio.start_background_task(app.extensions["kiosk.scheduler"].run)
    socketio.start_background_task(run_flusher, app.extensions["kiosk.screens"], stop)
    socketio.start_background_task(app.extensions["kiosk.heap"].run, app.config["KIOSK_CLOCK"], socketio.sleep)
    return stop
