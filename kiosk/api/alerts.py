"""Emergency alerts: raise one on the screens in scope at once; clear it everywhere."""
from flask import jsonify

from displays.alerts import alert_message, is_active

from ..auth import staff_actor
from ..bodies import json_body
from ..clock import now
from ..context import library
from ..screens.context import broadcaster, screens
from . import bp


def _view(alert):
    displays = screens().displays.all()
    reached = [d["id"] for d in screens().alerts.reached(alert, displays)]
    in_scope = {d["id"] for d in displays if screens().alerts.reaches(alert, d)}
    acks = {k: v for k, v in screens().alerts.acks(alert["id"]).items() if k in in_scope}  # older journals may hold strays
    return {**alert, "active": is_active(alert, now()), "reached_displays": reached,
            "acknowledged": {str(k): v for k, v in sorted(acks.items())},
            "pending": [d for d in reached if d not in acks]}


@bp.post("/alerts")
def raise_alert():
    actor = staff_actor()
    alert = screens().alerts.raise_alert(actor, json_body(), now())
    broadcaster().alert(alert, alert_message(alert))
    library().audit.record(actor.name, "alert.raise", f"alert:{alert['id']}", alert["org"], now(),
                           title=alert["title"], level=alert["level"])
    return jsonify(_view(alert)), 201


@bp.get("/alerts")
def list_alerts():
    actor = staff_actor()
    alerts = [a for a in screens().alerts.all() if actor.sees(a["org"])]
    alerts.sort(key=lambda a: a["id"], reverse=True)
    return jsonify({"items": [_view(a) for a in alerts[:100]], "total": len(alerts)})


@bp.get("/alerts/<alert_id>")
def get_alert(alert_id):
    return jsonify(_view(screens().alerts.get(staff_actor(), alert_id)))


@bp.delete("/alerts/<alert_id>")
def clear_alert(alert_id):
    actor = staff_actor()
    alert = screens().alerts.clear(actor, alert_id, now())
    broadcaster().alert_cleared(alert)
    library().audit.record(actor.name, "alert.clear", f"alert:{alert['id']}", alert["org"], now())
    return jsonify(_view(alert))
