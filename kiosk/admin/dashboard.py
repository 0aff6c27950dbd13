"""The dashboard: what waits for the person logged in, each number linking to its list."""
from flask import render_template

from content import desk, permissions

from ..context import library
from . import bp
from .access import me, needs


@bp.get("/", endpoint="index")
@needs("item.read")
def dashboard():
    actor = me()
    buckets = desk.desk(library().visible(actor), actor.name, permissions.allowed(actor, "item.review"))
    return render_template("admin/dashboard.html", desk=buckets, operations=operations_tiles(actor))


def operations_tiles(actor):
    """Deadlines near or past, screens offline, alerts in force: the hall's state at a glance."""
    from displays.alerts import is_active

    from ..clock import now
    from ..screens.context import screens
    from .timeliness import deadline_counts
    pending, overdue = deadline_counts(actor)
    mine = [d for d in screens().displays.all() if actor.sees(d["org"]) and not d.get("revoked_at")]
    offline = [s for s in screens().presence.statuses(d["id"] for d in mine).values() if not s["online"]]
    alerts = [a for a in screens().alerts.all() if actor.sees(a["org"]) and is_active(a, now())]
    return {"deadlines": pending, "overdue": overdue, "offline": len(offline), "screens": len(mine),
            "alerts": len(alerts)}
