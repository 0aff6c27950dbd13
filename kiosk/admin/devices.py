"""What the screens and kiosks pages share: the org's devices, the list's filters and pages, form errors."""
from .access import me

PER_PAGE = 50


def mine(registry):
    """The active devices of `registry` in the person's orgs, by org, hall and name."""
    actor = me()  # once: a county has 1,000 screens
    return sorted((d for d in registry.all() if actor.sees(d["org"]) and not d.get("revoked_at")),
                  key=lambda d: (d["org"], d["hall"], d["name"]))


def list_filters(args, states=()):
    """({q, state, org}, page) from the query string; values that make no sense are dropped."""
    org = args.get("org", "")
    filters = {"q": args.get("q", "").strip()[:50], "state": args.get("state", "") if args.get("state") in states else "",
               "org": org if org and me().sees(org) else ""}
    page = args.get("page", "1")
    return filters, int(page) if page.isascii() and page.isdigit() and 0 < len(page) < 6 and int(page) > 0 else 1


def matches(device, filters):
    """True when the device is in the chosen org and its name, hall or number has the words."""
    q = filters["q"].casefold()
    return ((not filters["org"] or device["org"] == filters["org"])
            and (not q or q in device["name"].casefold() or q in device["hall"].casefold() or q == str(device["id"])))


def page_of(chosen, page):
    """One page of `chosen` (a page past the end shows the last one)."""
    page = min(page, (len(chosen) + PER_PAGE - 1) // PER_PAGE or 1)
    return {"items": chosen[(page - 1) * PER_PAGE:page * PER_PAGE], "total": len(chosen), "page": page,
            "per_page": PER_PAGE}


def form_errors(exc):
    """A domain error's fields as the form's field names ("schedule.on" → "schedule")."""
    return {k.split(".")[0]: v for k, v in exc.fields.items()}
