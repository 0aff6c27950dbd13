"""The dashboard: what waits for the person logged in, each number linking to its list."""
from flask import current_app, render_template

from content import desk, permissions

from ..context import library
from ..health import qr_address_problem
from . import bp
from .access import me, needs


DESKS_KEPT = 64  # one per person who opened the dashboard since the last change


@bp.get("/", endpoint="index")
@needs("item.read")
def dashboard():
    actor = me()
    may_review = permissions.allowed(actor, "item.review")
    # one pass over every record the person sees: kept until a record changes
    key = (library().items_stamp(), actor.name, actor.scope, may_review)
    desks = current_app.extensions.setdefault("kiosk.desks", {})
    if key not in desks:
        if len(desks) >= DESKS_KEPT:
            desks.clear()
        desks[key] = desk.desk(library().visible(actor), actor.name, may_review)
    buckets = desks[key]
    base = current_app.config.get("KIOSK_PUBLIC_BASE_URL") or ""
    # only those who can act on it: to an editor it would be a standing alarm with nothing to do
    fixes_it = permissions.allowed(actor, "display.manage")
    return render_template("admin/dashboard.html", desk=buckets, operations=operations_tiles(actor),
                           qr_problem=qr_address_problem(base) if fixes_it else None, qr_base=base)


def operations_tiles(actor):
    """Deadlines near or past, screens offline, alerts in force: the hall's state at a glance."""
    from displays.alerts import is_active

    from ..clock import now
    from ..screens.context import screens
    from .timeliness import deadline_counts, unread_ratings
    pending, overdue = deadline_counts(actor)
    mine = [d for d in screens().displays.all() if actor.sees(d["org"]) and not d.get("revoked_at")]
    offline = [s for s in screens().presence.statuses(d["id"] for d in mine).values() if not s["online"]]
    alerts = [a for a in screens().alerts.all() if actor.sees(a["org"]) and is_active(a, now())]
    return {"deadlines": pending, "overdue": overdue, "offline": len(offline), "screens": len(mine),
            "alerts": len(alerts), "ratings": unread_ratings(actor)}
