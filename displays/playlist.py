"""What one display plays now, in which order and for how long: one pure function of the
display's settings, the records public now and `now`.

Order: the display's pinned records first (in the order pinned), then newest first.
Durations: a per-record override, else the record's own (a video's length, a poster's
`seconds`), else the display's seconds per slide (for every page).
Dayparts: a kind named in some daypart plays only inside its dayparts (e.g. notices
08:00–12:00); a kind named in none plays all day.
"""
import datetime as dt

from content.dates import DEFAULT_TZ


def playlist(display, records, now, tz=DEFAULT_TZ):
    """[{"id", "seconds"}] for the records (newest first) the display plays at `now`,
    and the next moment this answer may change by itself (a daypart boundary) or None."""
    local = now.astimezone(tz)
    dayparts = display.get("dayparts") or []
    limited = {kind for part in dayparts for kind in part["kinds"]}
    playing = [r for r in records
               if r["kind"] not in limited or any(r["kind"] in p["kinds"] and _inside(p, local) for p in dayparts)]
    pinned = {item_id: rank for rank, item_id in enumerate(display.get("pinned") or [])}
    playing.sort(key=lambda r: pinned.get(r["id"], len(pinned)))  # stable: newest first stays within each group
    seconds = {entry["id"]: entry["seconds"] for entry in display.get("item_seconds") or []}
    default = display["seconds_per_slide"]
    order = [{"id": r["id"], "seconds": seconds.get(r["id"], r.get("seconds") or default)} for r in playing]
    return order, next_boundary(dayparts, local)


def _inside(part, local):
    hhmm = local.strftime("%H:%M")
    if part["on"] < part["off"]:
        return local.isoweekday() in part["days"] and part["on"] <= hhmm < part["off"]
    # Across midnight: the part after midnight belongs to the day it started on.
    if hhmm >= part["on"]:
        return local.isoweekday() in part["days"]
    return hhmm < part["off"] and (local.isoweekday() - 2) % 7 + 1 in part["days"]


def next_boundary(dayparts, local):
    """The next daypart start or end after `local` (within 8 days), or None without dayparts."""
    moments = []
    for part in dayparts:
        for text in (part["on"], part["off"]):
            hour, minute = int(text[:2]), int(text[3:])
            moment = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
            if moment <= local:
                moment += dt.timedelta(days=1)
            moments.append(moment)
    return min(moments, default=None)
