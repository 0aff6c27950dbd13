"""Parsing and formatting of ISO 8601 dates in the hall's time zone."""
import datetime as dt
from zoneinfo import ZoneInfo

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")


def parse_datetime(value, tz=DEFAULT_TZ, end_of_day=False):
    """Parse an ISO 8601 date or date-time; naive values are local to `tz`.

    A bare date means the start of that day, or with `end_of_day` the start of the next,
    so that "expire_at: 2025-07-10" keeps the item up for the whole of the 10th.
    """
    try:
        return _to_zone(value, tz, end_of_day)
    except OverflowError:  # 0001-01-01 or 9999-12-31T23:59-12:00 leave datetime's range in UTC
        raise ValueError("must be a date between the years 1 and 9999 in every time zone") from None


def _to_zone(value, tz, end_of_day):
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = _day_start(value, end_of_day)
    elif isinstance(value, str):
        moment = _parse_text(value.strip(), end_of_day)
    else:
        raise ValueError("must be an ISO 8601 date or date-time string")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def _parse_text(text, end_of_day):
    if len(text) == 10:
        return _day_start(dt.date.fromisoformat(_checked(text)), end_of_day)
    if len(text) < 16 or text[10] not in "Tt ":
        raise ValueError("must be an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS][+08:00])")
    return dt.datetime.fromisoformat(_checked(text).replace("Z", "+00:00").replace("z", "+00:00"))


def _checked(text):
    if not text.isascii() or not text[:4].isdigit() or text[4:5] != "-":
        raise ValueError("must be an ISO 8601 date or date-time")
    return text


def _day_start(day, end_of_day):
    start = dt.datetime.combine(day, dt.time())
    return start + dt.timedelta(days=1) if end_of_day else start


def parse_date(value):
    """Parse an ISO 8601 calendar date (YYYY-MM-DD)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value.strip()) != 10:
        raise ValueError("must be an ISO 8601 date (YYYY-MM-DD)")
    return dt.date.fromisoformat(_checked(value.strip()))


def last_day(end, tz=DEFAULT_TZ):
    """The last day a window ending at `end` covers, in `tz`: a window that ends at midnight
    (a bare end date "until the 10th" is stored as the 11th's midnight) ends the day before."""
    return (parse_datetime(end, tz) - dt.timedelta(microseconds=1)).date()


def format_moment(moment):
    """ISO 8601 with seconds and offset, the form every stored date-time takes."""
    return moment.isoformat(timespec="seconds")
