"""What the screens and kiosks pages share: the org's devices, the list's filters and pages, form errors."""
from displays.ordering import display_order

from ..query import page_arg
from .access import me

PER_PAGE = 50


def mine(registry, every=None):
    """The active devices of `registry` (or of `every`, its devices already read) in the person's orgs,
    by org, then hall and name as people count them (屏3 before 屏27)."""
    actor = me()  # once: a county has 1,000 screens
    return sorted((d for d in (registry.all() if every is None else every) if actor.sees(d["org"])
                   and not d.get("revoked_at")), key=lambda d: (d["org"], display_order(d)))


def list_filters(args, states=()):
    """({q, state, org}, page) from the query string; values that make no sense are dropped."""
    org = args.get("org", "")
    filters = {"q": args.get("q", "").strip()[:50], "state": args.get("state", "") if args.get("state") in states else "",
               "org": org if org and me().sees(org) else ""}
    return filters, page_arg(args)


def matches(device, filters):
    """True when the device is in the chosen org and its name, hall or number has the words."""
    return (not filters["org"] or device["org"] == filters["org"]) and matches_text(device, filters["q"])


def matches_text(device, q):
    """Whether a device's name or hall contains `q`, or `q` is its number (12 or #12)."""
    q = q.strip().casefold()
    return (not q or q in device["name"].casefold() or q in device["hall"].casefold()
            or q.lstrip("#") == str(device["id"]))


def page_of(chosen, page):
    """One page of `chosen` (a page past the end shows the last one)."""
    page = min(page, (len(chosen) + PER_PAGE - 1) // PER_PAGE or 1)
    return {"items": chosen[(page - 1) * PER_PAGE:page * PER_PAGE], "total": len(chosen), "page": page,
            "per_page": PER_PAGE}


def form_errors(exc):
    """A domain error's fields as the form's field names ("schedule.on" → "schedule")."""
    return {k.split(".")[0]: v for k, v in exc.fields.items()}
