"""The list pages' query string (filters, sort, page) and the actions each row offers."""
from flask_babel import lazy_gettext as _l

from content import catalogue, permissions
from content.desk import awaits_review_by
from content.workflow import authors

from ..query import page_arg
from .access import me

FILTERS = {"kind": catalogue.KINDS, "status": catalogue.STATUSES, "area": catalogue.AREAS,
           "stage": catalogue.STAGES, "created_by": None, "org": None, "q": None}
SORTS = {"-updated_at": _l("最近修改"), "updated_at": _l("最早修改"), "title": _l("标题"), "-created_at": _l("最近创建"),
         "-published_at": _l("最近发布"), "id": _l("编号")}


def list_args(args):
    """(filters, page, sort, errors) from the query string; a bad value is dropped with a message."""
    filters, errors = {}, {}
    for name, allowed in FILTERS.items():
        value = (args.get(name) or "").strip()[:100]
        if not value:
            continue
        if allowed is not None and value not in allowed:
            errors[name] = value
            continue
        filters[name] = value
    sort = args.get("sort", "-updated_at")
    return filters, page_arg(args, digits=6), sort if sort in SORTS else "-updated_at", errors


def row_actions(record):
    """What the person looking may do with this record now: {action: True}."""
    actor = me()
    status = record["status"]
    actions = {"view": True, "revisions": True}
    if permissions.allowed(actor, "item.write"):
        actions["edit"] = True
    if permissions.allowed(actor, "item.submit") and status == "draft":
        actions["submit"] = True
    if permissions.allowed(actor, "item.review") and awaits_review_by(record, actor.name):
        actions["review"] = True
    if permissions.allowed(actor, "item.withdraw") and record.get("published_rev"):
        actions["withdraw"] = True
    actions["mine"] = actor.name in authors(record)
    return actions
