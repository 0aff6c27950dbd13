"""Which hall a resident page belongs to, the resident's display choices, shared helpers.

Every resident view answers twice: at `/…` for the county portal and at `/kiosk/<key>/…`
for one hall's kiosk. The key is taken off the URL values here and the kiosk put in `g`,
and put back when a page builds a link, so views and templates never pass it around.
"""
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import abort, current_app, g, request, url_for

from content import catalogue
from displays.kiosks import IDLE_DEFAULT, hall_catalogue, in_hall

from ..clock import now
from ..context import content, library
from ..i18n import gettext
from ..screens.context import screens
from . import bp

SIZES = ("normal", "large")
CONTRASTS = ("normal", "high")
PREFS = {"size": SIZES, "contrast": CONTRASTS}


@dataclass(frozen=True)
class Hall:
    key: str | None      # None on the county portal
    org: str | None      # None: every org
    name: str
    idle_seconds: int


def route(rule, **options):
    """Register a view for the portal (`rule`) and for a hall's kiosk (`/kiosk/<key>` + rule)."""
    def register(view):
        bp.add_url_rule(rule, view_func=view, **options)
        bp.add_url_rule("/kiosk/<key>" + ("" if rule == "/" else rule), view_func=view, **options)
        return view
    return register


@bp.url_value_preprocessor
def _take_key(endpoint, values):
    key = (values or {}).pop("key", None)
    g.kiosk = None
    if key is not None:
        g.kiosk = screens().kiosks.by_key(key)
        if g.kiosk is None:
            g.unknown_kiosk = True
            abort(404)


@bp.url_defaults
def _put_key(endpoint, values):
    kiosk = g.get("kiosk")
    if kiosk and "key" not in values and current_app.url_map.is_endpoint_expecting(endpoint, "key"):
        values["key"] = kiosk["key"]


@bp.after_request
def _remember_prefs(response):
    for name, allowed in PREFS.items():
        chosen = request.args.get(name)
        if chosen in allowed and request.cookies.get(name) != chosen:
            response.set_cookie(name, chosen, samesite="Lax", httponly=True)
    return response


def current_hall():
    kiosk = g.get("kiosk")
    if kiosk is None:
        root = content().orgs.root()
        return Hall(None, None, root.name if root else gettext("政务公开"),
                    current_app.config.get("KIOSK_IDLE_SECONDS", IDLE_DEFAULT))
    org = content().orgs.get(kiosk["org"])
    return Hall(kiosk["key"], kiosk["org"], kiosk.get("hall") or (org.name if org else kiosk["name"]),
                kiosk.get("idle_seconds") or IDLE_DEFAULT)


def pref(name):
    """The reader's display choice (`size`, `contrast`): ?name= first, then the cookie."""
    chosen = request.args.get(name) or request.cookies.get(name)
    return chosen if chosen in PREFS[name] else PREFS[name][0]


def hall_records():
    """The records public now in this hall (own org first), computed once per visible set."""
    visible = library().public_set().visible(now())
    org = current_hall().org
    if org is None:
        return [r for r in visible if r["kind"] != "media"]
    cache = current_app.extensions.setdefault("kiosk.hall_cache", {})
    cached = cache.get(org)
    if cached is None or cached[0] is not visible:
        root = content().orgs.root()
        wall_only = [r for r in visible if r["kind"] != "media"]  # posters and videos are for the wall screens
        cached = cache[org] = (visible, in_hall(wall_only, org, root.code if root else None), {})
    return cached[1]


def hall_counts():
    """Counts per theme, area, stage and kind of this hall's records (cached with them)."""
    records = hall_records()
    cache = current_app.extensions.setdefault("kiosk.count_cache", {})
    key = current_hall().org
    cached = cache.get(key)
    if cached is None or cached[0] is not records:
        cached = cache[key] = (records, hall_catalogue(records, catalogue.THEMES, catalogue.STAGES))
    return cached[1]


def hall_record(item_id):
    """A public record shown in this hall, or None."""
    record = library().public_set().get(item_id, now())
    org = current_hall().org
    if record is None or org is None:
        return record
    root = content().orgs.root()
    return record if in_hall([record], org, root.code if root else None) else None


def with_args(**changes):
    """This page's address with some query arguments changed (None drops one)."""
    args = {k: v for k, v in request.args.items() if k not in changes}
    args.update({k: v for k, v in changes.items() if v is not None})
    return request.path + ("?" + urlencode(args) if args else "")


def safe_back(target):
    """Where "Back" goes: a local path of this site from the page before, else home."""
    if isinstance(target, str) and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target[:500]
    return url_for("resident.home")


@bp.app_context_processor
def _globals():
    if request.blueprint != "resident":
        return {}
    return {"hall": current_hall(), "size": pref("size"), "contrast": pref("contrast"), "with_args": with_args}
