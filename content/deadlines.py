"""The timeliness board (政务公开时限): what is near or past its statutory deadline.

不及时 is the finding audits make most often. A disclosure must be public within
`time_limit_days` working days (20 by default, Article 26 of the 2019 条例; 7 for
双公示) of the day its information was formed or changed (`formed_at`). Pure functions:
the records, a WorkCalendar and `today` come in; nothing reads the clock.
"""
import datetime as dt
from dataclasses import dataclass
from typing import Optional

from .dates import last_day, parse_datetime

NEAR_WORKDAYS = 5  # a deadline this close shows amber
PUBLICITY_SOON_DAYS = 3  # a 公示期 ending within this many days is listed
GUIDE_REVIEW_DAYS = 365  # a guide not re-approved for a year is due a check


@dataclass(frozen=True)
class Deadline:
    id: int
    org: str
    title: str
    status: str
    formed_at: str
    due: str
    limit_days: int
    workdays_left: int  # working days left, today included; negative: working days overdue
    state: str  # "overdue", "near", "open", "late" (published after the due day), "on_time"
    published_on: Optional[str]
    estimated: bool  # the count crosses a year whose official schedule is unknown

    def to_json(self):
        return {name: getattr(self, name) for name in self.__dataclass_fields__}  # asdict deep-copies: slow


def disclosure_deadline(record, calendar, today):
    """The Deadline of a disclosure with a formed_at date, or None."""
    if record.get("kind") != "disclosure" or not record.get("formed_at") or record.get("status") == "withdrawn" \
            or record.get("attribute", "proactive") != "proactive":
        return None
    formed = dt.date.fromisoformat(record["formed_at"])
    limit = record.get("time_limit_days") or 20
    due = calendar.add_workdays(formed, limit)
    published = record.get("published_at")
    published_on = parse_datetime(published).date() if published else None
    if published_on is not None:
        state, left = ("late" if published_on > due else "on_time"), 0
    else:
        # Today counts while it is a working day: on the due day itself one day is left.
        left = calendar.workdays_between(today - dt.timedelta(days=1), due) if today <= due \
            else -calendar.workdays_between(due, today)
        state = "overdue" if today > due else "near" if left <= NEAR_WORKDAYS else "open"
    estimated = bool(calendar.unknown_years(formed, max(due, today)))
    return Deadline(record["id"], record["org"], record["title"], record["status"], formed.isoformat(),
                    due.isoformat(), limit, left, state, published_on.isoformat() if published_on else None,
                    estimated)


def publicity_ending(records, now, within_days=PUBLICITY_SOON_DAYS):
    """Published records whose 公示期 ends within `within_days`, soonest first."""
    horizon = now + dt.timedelta(days=within_days)
    ending = []
    for record in records:
        end = record.get("expire_at")
        if record.get("status") == "published" and end and now < parse_datetime(end) <= horizon:
            ending.append({"id": record["id"], "org": record["org"], "title": record["title"], "expire_at": end,
                           "last_day": last_day(end).isoformat(),  # the day screens, kiosk and paper print
                           "hours_left": int((parse_datetime(end) - now).total_seconds() // 3600)})
    return sorted(ending, key=lambda r: r["expire_at"])


def stale_guides(records, now, max_age_days=GUIDE_REVIEW_DAYS):
    """Published guides last approved more than a year ago, oldest first."""
    cutoff = now - dt.timedelta(days=max_age_days)
    stale = [{"id": r["id"], "org": r["org"], "title": r["title"], "published_at": r["published_at"],
              "days_since": (now - parse_datetime(r["published_at"])).days}
             for r in records if r.get("kind") == "guide" and r.get("status") == "published"
             and r.get("published_at") and parse_datetime(r["published_at"]) < cutoff]
    return sorted(stale, key=lambda r: r["published_at"])


class DeadlineCache:
    """Deadlines remembered by record version and day: the board at 10k records is then a
    walk over the records, and a change costs one record's arithmetic."""

    def __init__(self):
        self._day, self._calendar, self._known = None, None, {}

    def deadline(self, record, calendar, today):
        if (today, calendar) != (self._day, self._calendar):
            self._day, self._calendar, self._known = today, calendar, {}
        key = (record.get("id"), record.get("rev"))
        if key not in self._known:
            self._known[key] = disclosure_deadline(record, calendar, today)
        return self._known[key]


def timeliness_board(records, calendar, now, cache=None):
    """Every section of the board for the given records (already scoped to the viewer)."""
    today = now.date()
    compute = cache.deadline if cache is not None else disclosure_deadline
    deadlines = [d for d in (compute(r, calendar, today) for r in records) if d]
    pending = sorted((d for d in deadlines if d.state in ("overdue", "near")), key=lambda d: (d.due, d.id))
    late = sorted((d for d in deadlines if d.state == "late"), key=lambda d: d.due, reverse=True)
    first, last = today.replace(month=1, day=1), today.replace(year=today.year + 1, month=12, day=31)
    unknown = calendar.unknown_years(first, last)
    return {"today": today.isoformat(), "deadlines": [d.to_json() for d in pending],
            "published_late": [d.to_json() for d in late[:50]],
            "counts": {state: sum(d.state == state for d in deadlines)
                       for state in ("overdue", "near", "open", "late", "on_time")},
            "publicity_ending": publicity_ending(records, now), "stale_guides": stale_guides(records, now),
            "unknown_years": unknown}
