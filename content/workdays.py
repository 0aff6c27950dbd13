"""China's working days: weekends, statutory holidays and make-up working days (调休).

The official schedule comes from the maintained `chinese-calendar` package for the years it
knows. The State Council announces each year's schedule in the autumn before it, so a
server will meet years the package does not know yet: for those an admin enters the
official schedule (stored in the `calendar` table), and until then the count falls back to
plain weekends and says that it is an estimate.
"""
import datetime as dt
import functools
from dataclasses import dataclass, field

import chinese_calendar

from .dates import format_moment
from .errors import Invalid

MAX_ENTRIES = 60  # a year has about 30 days off and 6 make-up days


@dataclass(frozen=True)
class YearSchedule:
    """An admin-entered official schedule: the days off on weekdays and the make-up working days."""

    year: int
    holidays: frozenset = field(default_factory=frozenset)
    workdays: frozenset = field(default_factory=frozenset)


class WorkCalendar:
    """Answers "is this a working day?", knowing which years it only estimates.

    Each year's days are looked up once and kept as a running count of working days, so
    counting across a year costs two subtractions (the board does it for every record).
    """

    def __init__(self, schedules=()):
        self.schedules = {s.year: s for s in schedules}
        self._counts = {}  # year → running count of working days, by day of the year (0 = Dec 31 before)
        self._bases = {}  # year → working days from BASE_YEAR to the start of that year

    def knows(self, year):
        """True when the official schedule of `year` is known (library or admin-entered)."""
        return year in self.schedules or _library_knows(year)

    def is_workday(self, day):
        counts = self._year(day.year)
        ordinal = day.timetuple().tm_yday
        return counts[ordinal] > counts[ordinal - 1]

    def _year(self, year):
        if year not in self._counts:
            first, running, counts = dt.date(year, 1, 1), 0, [0]
            for offset in range((dt.date(year + 1, 1, 1) - first).days):
                running += self._looked_up(first + dt.timedelta(days=offset))
                counts.append(running)
            self._counts[year] = counts
        return self._counts[year]

    def _looked_up(self, day):
        schedule = self.schedules.get(day.year)
        if schedule is not None:
            if day in schedule.holidays:
                return False
            return day in schedule.workdays or day.weekday() < 5
        if _library_knows(day.year):
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def _running(self, day):
        """Working days from BASE_YEAR to `day`: differences of two give a count across years."""
        return self._year(day.year)[day.timetuple().tm_yday] + self._before(day.year)

    def _before(self, year):
        if year not in self._bases:
            self._bases[year] = sum(self._year(y)[-1] for y in range(BASE_YEAR, year)) if year >= BASE_YEAR \
                else -sum(self._year(y)[-1] for y in range(year, BASE_YEAR))
        return self._bases[year]

    def workdays_between(self, start, end):
        """Working days in (start, end] (negative when end is before start)."""
        return self._running(end) - self._running(start)

    def add_workdays(self, start, count):
        """The `count`-th working day after `start` (the day itself not counted)."""
        day, left = start, count
        while left > 0:
            counts = self._year(day.year)
            ordinal = day.timetuple().tm_yday
            remaining = counts[-1] - counts[ordinal]
            if remaining < left:  # not in this year: jump to its last day
                left -= remaining
                day = dt.date(day.year, 12, 31)
                day += dt.timedelta(days=1)
                left -= self.is_workday(day)
                continue
            target = counts[ordinal] + left
            while counts[ordinal] < target:
                ordinal += 1
            return dt.date(day.year, 1, 1) + dt.timedelta(days=ordinal - 1)
        return day

    def unknown_years(self, start, end):
        """Years touched by [start, end] whose schedule is only estimated."""
        return sorted(y for y in range(start.year, end.year + 1) if not self.knows(y))


BASE_YEAR = 2000


@functools.cache
def _library_knows(year):
    try:
        chinese_calendar.is_workday(dt.date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def library_years():
    """The years the holiday library knows, as (first, last)."""
    known = [y for y in range(2000, 2100) if _library_knows(y)]
    return (known[0], known[-1]) if known else (None, None)


def parse_schedule(year, data):
    """Validate an admin's entry of one year's official schedule; returns a YearSchedule."""
    errors = {}
    if not isinstance(year, int) or isinstance(year, bool) or not 2000 <= year <= 2100:
        errors["year"] = "a year from 2000 to 2100"
    if not isinstance(data, dict) or set(data) - {"holidays", "workdays"}:
        raise Invalid("send {\"holidays\": [dates], \"workdays\": [dates]}", {"body": "an object"})
    days = {}
    for key in ("holidays", "workdays"):
        values = data.get(key, [])
        if not isinstance(values, list) or len(values) > MAX_ENTRIES:
            errors[key] = f"a list of at most {MAX_ENTRIES} dates (YYYY-MM-DD)"
            continue
        try:
            days[key] = frozenset(dt.date.fromisoformat(v) for v in values if isinstance(v, str) and len(v) == 10)
        except ValueError:
            errors[key] = "dates as YYYY-MM-DD"
            continue
        if len(days[key]) != len(values):
            errors[key] = "dates as YYYY-MM-DD"
        elif "year" not in errors and any(d.year != year for d in days[key]):
            errors[key] = f"every date must fall in {year}"
    if not errors and days["holidays"] & days["workdays"]:
        errors["workdays"] = "a day cannot be both a holiday and a make-up working day"
    if errors:
        raise Invalid("the schedule is not valid", errors)
    return YearSchedule(year, days["holidays"], days["workdays"])


class Calendars:
    """The admin-entered schedules, stored one document per year."""

    def __init__(self, store):
        self.table = store.table("calendar")
        self._built = (None, None)  # (table stamp, WorkCalendar): rebuilt only when an admin enters a year

    def calendar(self):
        stamp = self.table.stamp()
        if self._built[0] != stamp or self._built[1] is None:
            self._built = (stamp, WorkCalendar([_schedule(doc) for _, doc in self.table.all()]))
        return self._built[1]

    def entered(self):
        return sorted((doc for _, doc in self.table.all()), key=lambda d: d["year"])

    def enter(self, actor, year, data, now):
        """Store (or replace) the official schedule of a year (admin only)."""
        actor.require("admin")
        schedule = parse_schedule(year, data)
        doc = {"year": year, "holidays": sorted(d.isoformat() for d in schedule.holidays),
               "workdays": sorted(d.isoformat() for d in schedule.workdays),
               "entered_by": actor.name, "entered_at": format_moment(now)}
        self.table.put(year, doc)
        return doc


def _schedule(doc):
    return YearSchedule(doc["year"], frozenset(map(dt.date.fromisoformat, doc["holidays"])),
                        frozenset(map(dt.date.fromisoformat, doc["workdays"])))
