"""Staff management of notice screens: create, configure, pair, watch, reload, identify."""
from flask import jsonify

from content.errors import Invalid, NotFound

from ..auth import staff_actor
from ..bodies import json_body
from ..clock import now
from ..context import library
from ..screens.context import broadcaster, screens
from . import bp
from .params import date_arg, if_match, moment_arg, raise_if

COMMANDS = ("reload", "identify")


def _view(display, status=None):
    return {**display, **(status or screens().presence.status(display["id"]))}


def _audit(actor, action, display, **detail):
    library().audit.record(actor.name, action, f"display:{display['id']}", display["org"], now(), **detail)


@bp.get("/displays")
def list_displays():
    actor = staff_actor()
    mine = [d for d in screens().displays.all() if actor.sees(d["org"])]
    statuses = screens().presence.statuses(d["id"] for d in mine)  # one round trip, not one per screen
    shown = [_view(d, statuses[d["id"]]) for d in mine]
    return jsonify({"items": sorted(shown, key=lambda d: (d["org"], d["hall"], d["name"])), "total": len(shown)})


@bp.post("/displays")
def create_display():
    actor = staff_actor()
    display = screens().displays.create(actor, json_body(), now())
    _audit(actor, "display.create", display, name=display["name"])
    return jsonify(_view(display)), 201


@bp.get("/displays/<display_id>")
def get_display(display_id):
    return jsonify(_view(screens().displays.get(staff_actor(), display_id)))


@bp.put("/displays/<display_id>")
def update_display(display_id):
    actor = staff_actor()
    display = screens().displays.update(actor, display_id, json_body(), if_match(), now())
    _audit(actor, "display.update", display, rev=display["rev"])
    broadcaster().to_display(display["id"], "content_changed", {"version": library().content_version(),
                                                                 "delay_ms": 0, "spread_ms": 0})
    return jsonify(_view(display))


@bp.delete("/displays/<display_id>")
def revoke_display(display_id):
    return _cut_off(display_id, screens().displays.revoke, "display.revoke")


@bp.post("/displays/<display_id>/key")
def rotate_key(display_id):
    return _cut_off(display_id, screens().displays.rotate_key, "display.rotate_key")


def _cut_off(display_id, change, action):
    """Retire a screen or replace its key; either way its open connections are dropped."""
    actor = staff_actor()
    display = change(actor, display_id, now())
    broadcaster().disconnect_display(display["id"])
    _audit(actor, action, display)
    return jsonify(_view(display))


@bp.post("/displays/<display_id>/<command>")
def command_display(display_id, command):
    if command not in COMMANDS:
        raise NotFound(f"no command {command}: use one of {', '.join(COMMANDS)}")
    actor = staff_actor()
    display = screens().displays.get(actor, display_id)
    json_body(optional=True)
    broadcaster().to_display(display["id"], command, {"name": display["name"], "id": display["id"]})
    _audit(actor, f"display.{command}", display)
    return jsonify({"sent": command, "display": display["id"],
                    "connections": screens().presence.status(display["id"])["connections"]})


@bp.post("/displays/pair")
def pair_display():
    """Claim the code a new screen shows: for an existing display, or a new one."""
    actor = staff_actor()
    body = json_body()
    if not isinstance(body, dict) or not isinstance(body.get("code"), str):
        raise Invalid("send the code the screen shows", {"code": "required"})
    fields = {k: v for k, v in body.items() if k not in ("code", "display_id")}
    if body.get("display_id") is not None:
        display = screens().displays.get(actor, body["display_id"])
    else:
        display = screens().displays.create(actor, fields, now())
    screens().pairings.claim(body["code"], display)
    _audit(actor, "display.pair", display)
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


