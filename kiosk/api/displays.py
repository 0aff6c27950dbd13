"""Staff management of notice screens: create, configure, pair, watch, reload, identify."""
from flask import jsonify

from content.errors import Invalid, NotFound
from displays.ordering import display_order

from ..auth import staff_actor
from ..bodies import json_body
from ..clock import now
from ..screens import operations
from ..screens.context import screens
from . import bp
from .params import date_arg, if_match, moment_arg, raise_if


def _view(display, status=None):
    return {**display, **(status or screens().presence.status(display["id"]))}


@bp.get("/displays")
def list_displays():
    actor = staff_actor()
    mine = [d for d in screens().displays.all() if actor.sees(d["org"])]
    statuses = screens().presence.statuses(d["id"] for d in mine)  # one round trip, not one per screen
    shown = [_view(d, statuses[d["id"]]) for d in mine]
    return jsonify({"items": sorted(shown, key=lambda d: (d["org"], display_order(d))), "total": len(shown)})


@bp.post("/displays")
def create_display():
    return jsonify(_view(operations.create_display(staff_actor(), json_body()))), 201


@bp.get("/displays/<display_id>")
def get_display(display_id):
    return jsonify(_view(screens().displays.get(staff_actor(), display_id)))


@bp.put("/displays/<display_id>")
def update_display(display_id):
    return jsonify(_view(operations.update_display(staff_actor(), display_id, json_body(), if_match())))


@bp.delete("/displays/<display_id>")
def revoke_display(display_id):
    actor = staff_actor()
    return jsonify(_view(operations.cut_off(actor, display_id, screens().displays.revoke, "display.revoke")))


@bp.post("/displays/<display_id>/key")
def rotate_key(display_id):
    actor = staff_actor()
    return jsonify(_view(operations.cut_off(actor, display_id, screens().displays.rotate_key, "display.rotate_key")))


@bp.post("/displays/<display_id>/<command>")
def command_display(display_id, command):
    if command not in operations.COMMANDS:
        raise NotFound(f"no command {command}: use one of {', '.join(operations.COMMANDS)}")
    actor = staff_actor()
    json_body(optional=True)
    display, connections = operations.command(actor, display_id, command)
    return jsonify({"sent": command, "display": display["id"], "connections": connections})


@bp.post("/displays/pair")
def pair_display():
    """Claim the code a new screen shows: for an existing display, or a new one."""
    actor = staff_actor()
    body = json_body()
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        raise Invalid("send the code the screen shows", {"code": "required"})
    fields = {k: v for k, v in body.items() if k not in ("code", "display_id")}
    display = operations.pair(actor, body["code"], body.get("display_id"), fields)
    return jsonify(_view(display)), 201 if body.get("display_id") is None else 200


@bp.get("/displays/<display_id>/plays")
def display_plays(display_id):
    """What a screen showed: at a moment (?at=ISO) or through a day (?day=YYYY-MM-DD)."""
    display = screens().displays.get(staff_actor(), display_id)
    errors = {}
    moment, day = moment_arg("at", errors), date_arg("day", errors)
    raise_if(errors)
    if moment is not None:
        play = screens().plays.shown_at(display["id"], moment)
        return jsonify({"display": display["id"], "at": moment.isoformat(), "play": _titled(display, play, {})})
    day = day or now().date()
    titles = {}
    plays = [_titled(display, p, titles) for p in screens().plays.history(display["id"], day)]
    return jsonify({"display": display["id"], "day": day.isoformat(), "items": plays, "total": len(plays)})


def _titled(display, play, titles):
    """A play report with its record's title, when the display could have shown that record."""
    if play is None:
        return None
    if play["item"] not in titles:
        titles[play["item"]] = screens().bundles.played_title(display, play["item"])
    return {**play, "title": titles[play["item"]]}


