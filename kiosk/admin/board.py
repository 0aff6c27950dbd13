"""The paper 公示栏 in the pages: what changed since the last print, and the board set as a PDF.

The same domain calls as GET /api/v1/notices/board(.pdf); printing is a POST with the form's
CSRF token because it records the print (the next board's changes count from it).
"""
from flask import abort, render_template, request

from content.errors import Invalid

from ..clock import now
from ..context import content
from ..notices import board_file, board_tiled, notices, refusal
from ..resident import public_base_url
from . import bp
from .access import me, needs


def _org():
    """The org to print for: ?org= (or the form's), else the staff member's own; 404 outside it."""
    code = request.values.get("org") or me().org
    if not content().orgs.get(code) or not me().sees(code):
        abort(404)
    return code


def _choices():
    return [o for o in content().orgs.all() if me().sees(o.code)]


@bp.get("/board")
@needs("board.print")
def board_page():
    org = _org()
    changes = notices().board_changes(org, now())
    return render_template("admin/board.html", org=org, orgs=_choices(), changes=changes,
                           total=sum(len(changes[k]) for k in ("added", "changed", "unchanged")),
                           last=notices().board_log.last(org))


@bp.post("/board.pdf")
@needs("board.print")
def print_board():
    org = _org()
    try:
        tiled = board_tiled(request.form)
    except Invalid as exc:  # only a forged form gets here: the page offers the two choices
        return refusal(exc)
    return board_file(notices().board(org, public_base_url(), now(), me().name, tiled), org)
