"""When screens must change by themselves: windows opening or closing, alerts expiring.

Pure functions of a PublicSet, the alerts and two moments; the kiosk's scheduler sleeps
until `next_wakeup` instead of polling.
"""
from content.dates import parse_datetime


def next_wakeup(public_set, alerts, now):
    """The next moment after `now` when some screen's content changes by itself, or None."""
    moments = [public_set.next_boundary(now), alerts.next_expiry(now)]
    return min((m for m in moments if m is not None), default=None)


EVERYONE = "*"


def orgs_crossing(public_set, since, until):
    """Orgs with a record whose window opened or closed in (since, until]; EVERYONE stands
    for a county record shared with all townships."""
    return {EVERYONE if entry.record.get("all_townships") else entry.record["org"]
            for entry in public_set.entries
            if any(m is not None and since < m <= until for m in (entry.start, entry.end))}


def alerts_expiring(alerts, since, until):
    """Alerts (not cleared by hand) whose expiry fell in (since, until]."""
    return [a for a in alerts.all() if not a["cleared_at"] and a["expire_at"]
            and since < parse_datetime(a["expire_at"]) <= until]
