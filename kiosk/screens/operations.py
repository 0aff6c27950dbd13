"""What staff do to screens and alerts, for the API and the pages alike: the domain call,
the audit entry and the push to the screens, in one place."""
from content import permissions

from ..clock import now
from ..context import library
from .context import broadcaster, screens

COMMANDS = ("reload", "identify")


def audit_display(actor, action, display, **detail):
    """Audit a change to a screen or a kiosk: the action's noun names the target ("kiosk.update" → kiosk:7)."""
    noun = action.split(".")[0]
    library().audit.record(actor.name, action, f"{noun}:{display['id']}", display["org"], now(), **detail)


def create_display(actor, data):
    display = screens().displays.create(actor, data, now())
    audit_display(actor, "display.create", display, name=display["name"])
    return display


def update_display(actor, display_id, data, expected_rev):
    display = screens().displays.update(actor, display_id, data, expected_rev, now())
    audit_display(actor, "display.update", display, rev=display["rev"])
    broadcaster().to_display(display["id"], "content_changed", {"version": library().content_version(),
                                                                 "delay_ms": 0, "spread_ms": 0})
    return display


def cut_off(actor, display_id, change, action):
    """Retire a screen or replace its key; either way its open connections are dropped."""
    display = change(actor, display_id, now())
    broadcaster().disconnect_display(display["id"])
    audit_display(actor, action, display)
    return display


def create_kiosk(actor, data):
    kiosk = screens().kiosks.create(actor, data, now())
    audit_display(actor, "kiosk.create", kiosk)
    return kiosk


def update_kiosk(actor, kiosk_id, data, expected_rev):
    kiosk = screens().kiosks.update(actor, kiosk_id, data, expected_rev, now())
    audit_display(actor, "kiosk.update", kiosk)
    return kiosk


def cut_off_kiosk(actor, kiosk_id, action):
    """Retire a kiosk ("revoke") or give it a new key ("rotate_key"): its old address stops at once."""
    kiosks = screens().kiosks
    kiosk = (kiosks.revoke if action == "revoke" else kiosks.rotate_key)(actor, kiosk_id, now())
    audit_display(actor, f"kiosk.{action}", kiosk)
    return kiosk


def command(actor, display_id, name):
    """Make a screen reload or show its name; returns (display, live connections)."""
    display = screens().displays.get(actor, display_id)
    permissions.require(actor, "display.command")
    broadcaster().to_display(display["id"], name, {"name": display["name"], "id": display["id"]})
    audit_display(actor, f"display.{name}", display)
    return display, screens().presence.status(display["id"])["connections"]


def pair(actor, code, display_id=None, fields=None, registry=None):
    """Claim the code a new screen (or, with `registry`, kiosk) shows, for an existing device or
    a new one made from `fields`."""
    registry = registry or screens().displays
    if display_id is not None:
        display = registry.get(actor, display_id)
        permissions.require(actor, "display.manage")
        screens().pairings.claim(code, display)
    else:
        permissions.require(actor, "display.manage")  # before the code: an editor learns nothing from it
        screens().pairings.check(code)
        display = registry.create(actor, fields or {}, now())
        screens().pairings.claim(code, display)
    audit_display(actor, f"{registry.noun}.pair", display)
    return display


def raise_alert(actor, data):
    from displays.alerts import alert_message
    alert = screens().alerts.raise_alert(actor, data, now())
    broadcaster().alert(alert, alert_message(alert))
    library().audit.record(actor.name, "alert.raise", f"alert:{alert['id']}", alert["org"], now(),
                           title=alert["title"], level=alert["level"])
    return alert


def clear_alert(actor, alert_id):
    alert = screens().alerts.clear(actor, alert_id, now())
    broadcaster().alert_cleared(alert)
    library().audit.record(actor.name, "alert.clear", f"alert:{alert['id']}", alert["org"], now())
    return alert
