"""Printed notices: /items/<id>/notice.pdf|png, the verification page /v/<code>, the board set."""
import sys

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from gevent import monkey

from content import permissions
from content.errors import ContentError, Invalid, NotFound
from content.notices import FontMissing, Notices, cjk_font
from content.notices.pdf import render_pdf
from content.notices.worker import encode, read_frame, write_frame
from .offload import run_off_loop

from .auth import staff_actor
from .config import CHECKOUT
from .clock import now
from .context import content
from .errors import answer
from .resident import public_base_url

bp = Blueprint("notices", __name__)
CACHE_PUBLIC = "public, max-age=300"
RENDER_TIMEOUT = 300  # s; a 300-row table takes a few seconds on a busy machine
_worker = None  # the render process (started on the first render under gevent)


@bp.record_once
def _start(state):
    try:
        cjk_font()  # no CJK font → a clear error now, not boxes on paper later
    except FontMissing as exc:
        raise SystemExit(f"cannot start: {exc}") from None
    state.app.extensions["kiosk.notices"] = Notices(state.app.extensions["kiosk.content"],
                                                    state.app.config["SECRET_KEY"], run=run_off_loop,
                                                    render=render_off_loop)


def render_off_loop(document):
    """A notice's PDF, rendered by the worker process under gevent (pure-Python work would
    hold the GIL and stall every greenlet); in place otherwise (unit tests)."""
    global _worker
    if not monkey.is_module_patched("threading"):
        return render_pdf(document)
    _worker = _worker or RenderWorker()
    return _worker.render(document)


class RenderWorker:
    """One long-lived `python -m content.notices.worker`, used by one greenlet at a time;
    started again if it dies or takes too long."""

    def __init__(self):
        from gevent.lock import Semaphore
        self._lock = Semaphore()
        self._process = None

    def render(self, document):
        import gevent
        with self._lock:
            process = self._process or self._start()
            try:
                with gevent.Timeout(RENDER_TIMEOUT):
                    write_frame(process.stdin, encode(document))
                    answer = read_frame(process.stdout)
            except (OSError, gevent.Timeout) as exc:
                answer = b"E" + str(exc or "timed out").encode()
                self._stop()
            if answer is None:
                self._stop()
                answer = b"E" + b"the render process exited"
        if answer[:1] != b"P":
            raise RuntimeError(f"notice render failed: {answer[1:].decode(errors='replace')[-2000:]}")
        return answer[1:]

    def _start(self):
        from gevent import subprocess
        self._process = subprocess.Popen([sys.executable, "-m", "content.notices.worker"], cwd=CHECKOUT,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self._process

    def _stop(self):
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait()


def notices():
    return current_app.extensions["kiosk.notices"]


@bp.errorhandler(ContentError)
def refusal(exc):
    """A refused notice request: JSON for the API, a page in plain Chinese for a browser (a
    clerk following an old link), never the API's English message."""
    messages = {404: _("没有这份公开信息：它可能还没有发布、已经撤回，或者不对外公开。"),
                422: _("链接里的参数不对：请回到原来的页面，用页面上的按钮重新打开。")}
    return answer(exc.status, exc.code, exc.message, exc.fields, messages.get(exc.status, exc.message))


ORIENTATIONS = {"portrait": False, "landscape": True, "auto": None}


def _landscape():
    """?orientation=portrait (the default), landscape, or auto (landscape for wide tables)."""
    value = request.args.get("orientation", "portrait")
    if value not in ORIENTATIONS:
        raise Invalid("orientation must be portrait, landscape or auto",
                      {"orientation": "portrait, landscape or auto"})
    return ORIENTATIONS[value]


@bp.get("/items/<item_id>/notice.pdf")
def notice_pdf(item_id):
    pdf = notices().pdf(item_id, public_base_url(), now(), _landscape())
    return _file(pdf, "application/pdf", f"notice-{item_id}.pdf")


@bp.get("/items/<item_id>/notice.png")
def notice_png(item_id):
    page = request.args.get("page", "1")
    if not (page.isascii() and page.isdigit() and len(page) < 4):
        raise Invalid("page must be a page number", {"page": "an integer from 1"})
    png, pages = notices().png(item_id, public_base_url(), now(), int(page), _landscape())
    response = _file(png, "image/png", f"notice-{item_id}-{page}.png")
    response.headers["X-Page-Count"] = str(pages)
    return response


@bp.get("/v/<code>")
def verify(code):
    verdict = notices().verify(code, now())
    status = 404 if verdict.status == "unknown" else 200
    response = Response(render_template("notices/verify.html", verdict=verdict, typed=code[:40]), status)
    response.headers["Cache-Control"] = "no-store"  # a replacement must show at once
    return response


@bp.get("/api/v1/notices/board.pdf")
def board_pdf():
    actor, org = _board_org()
    return board_file(notices().board(org, public_base_url(), now(), actor.name, board_tiled(request.args)), org)


BOARD_LAYOUTS = {"single": False, "tiled": True}


def board_tiled(values):
    """layout=single (one page per sheet, the default) or tiled (two pages to a sheet)."""
    value = values.get("layout") or "single"
    if value not in BOARD_LAYOUTS:
        raise Invalid("layout must be single or tiled", {"layout": "single or tiled"})
    return BOARD_LAYOUTS[value]


@bp.get("/api/v1/notices/board")
def board_changes():
    _, org = _board_org()
    return jsonify({"org": org, **notices().board_changes(org, now())})


def board_file(pdf, org):
    """A printed board set: a download (the clerk prints a file), never cached, each print recorded."""
    response = _file(pdf, "application/pdf", f"board-{org}.pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="board-{org}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _board_org():
    actor = staff_actor()
    permissions.require(actor, "board.print")
    org = request.args.get("org") or actor.org
    if not content().orgs.get(org) or not actor.sees(org):
        raise NotFound(f"no organisation {org} that you may print for", {"org": "unknown"})
    return actor, org


def _file(data, mimetype, filename):
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = CACHE_PUBLIC
    return response
