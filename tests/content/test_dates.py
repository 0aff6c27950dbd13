"""The last day of a window: what a resident reads as "公示期至…" on every surface."""
import datetime as dt

import pytest

from content.dates import last_day


@pytest.mark.parametrize("end, last, why", [
    ("2026-12-11T00:00:00+08:00", "2026-12-10", "a bare end date is stored as the next midnight"),
    ("2026-12-10T17:30:00+08:00", "2026-12-10", "an end in the afternoon is that day"),
    ("2026-12-10T00:00:01+08:00", "2026-12-10", "a second past midnight covers that day"),
    ("2026-12-10T16:00:00+00:00", "2026-12-10", "UTC 16:00 is the 11th's midnight in the hall: the 10th"),
    ("2026-12-10", "2026-12-09", "a date alone is that day's midnight"),
])
def test_the_last_day_of_a_window(end, last, why):
    assert last_day(end) == dt.date.fromisoformat(last), why
