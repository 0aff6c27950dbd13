"""好差评 shared by several server processes: each counts what the others were given."""
import datetime as dt

from content import open_content
from content.dates import DEFAULT_TZ

NOW = dt.datetime(2026, 12, 6, 10, 0, tzinfo=DEFAULT_TZ)
RECORD = {"id": "41", "org": "QX-DT"}


def everyone(org):
    return True


def test_a_rating_given_to_one_process_is_counted_by_the_other(tmp_path):
    first, second = open_content(tmp_path), open_content(tmp_path)  # two processes, one data dir
    first.feedback.rate(RECORD, {"useful": True, "rating": 2}, "kiosk:1", "kiosk:1", NOW)
    second.feedback.rate(RECORD, {"useful": False, "rating": 4, "reason": "outdated"}, "kiosk:2", "kiosk:2", NOW)

    for process in (first, second):
        [row] = process.feedback.summary(everyone)
        assert (row["count"], row["useful"], row["average"], row["reasons"]) == (2, 1, 3.0, {"outdated": 1})
        assert process.feedback.unread(everyone, "staff") == 2
    assert open_content(tmp_path).feedback.summary(everyone)[0]["count"] == 2, "and after a restart"
