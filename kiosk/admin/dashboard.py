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
    return render_template("admin/dashboard.html", desk=buckets)
