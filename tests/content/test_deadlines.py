"""Statutory deadlines count working days as China's official calendar has them."""
import datetime as dt

import pytest

from content.deadlines import disclosure_deadline, publicity_ending, stale_guides, timeliness_board
from content.errors import Invalid
from content.workdays import WorkCalendar, YearSchedule, parse_schedule

D = dt.date.fromisoformat

# formed on, working days allowed → the last day to publish (the formed day itself not counted)
CASES = [
    ("2026-11-23", 1, "2026-11-24", "an ordinary Monday"),
    ("2026-11-27", 1, "2026-11-30", "Friday: the weekend is skipped"),
    ("2026-09-25", 5, "2026-10-09", "中秋 and 国庆 2026: Sep 25–27 and Oct 1–7 off"),
    ("2026-09-18", 1, "2026-09-20", "Sunday Sep 20 is a make-up working day (调休) before 国庆"),
    ("2026-10-09", 1, "2026-10-10", "Saturday Oct 10 is a make-up working day after 国庆"),
    ("2026-09-28", 20, "2026-10-30", "20 working days across 国庆"),
    ("2026-02-13", 1, "2026-02-14", "Saturday Feb 14 is a make-up working day before 春节"),
    ("2026-02-10", 5, "2026-02-24", "春节 2026: Feb 15–23 off"),
    ("2026-02-27", 1, "2026-02-28", "Saturday Feb 28 is a make-up working day after 春节"),
]


@pytest.mark.parametrize("formed, limit, due, why", CASES, ids=[c[3] for c in CASES])
def test_the_last_day_to_publish(formed, limit, due, why):
    assert WorkCalendar().add_workdays(D(formed), limit) == D(due), why


def test_a_year_the_library_does_not_know_is_counted_by_weekends_and_said_to_be_an_estimate():
    calendar = WorkCalendar()
    assert not calendar.knows(2031)
    assert calendar.add_workdays(D("2030-12-31"), 2) == D("2031-01-02"), "元旦 unknown: only weekends skipped"
    assert calendar.unknown_years(D("2030-12-31"), D("2031-01-02")) == [2030, 2031]


def test_an_entered_official_schedule_replaces_the_estimate():
    schedule = YearSchedule(2031, frozenset({D("2031-01-01"), D("2031-01-02")}), frozenset({D("2031-01-04")}))
    calendar = WorkCalendar([schedule])
    assert calendar.knows(2031) and calendar.unknown_years(D("2031-01-01"), D("2031-12-31")) == []
    assert calendar.add_workdays(D("2030-12-31"), 2) == D("2031-01-04"), "Jan 1–2 off, Saturday Jan 4 worked"


@pytest.mark.parametrize("data, field", [
    ({"holidays": ["2031-13-01"]}, "holidays"),
    ({"holidays": ["2032-01-01"]}, "holidays"),
    ({"workdays": "2031-01-04"}, "workdays"),
    ({"holidays": ["2031-01-04"], "workdays": ["2031-01-04"]}, "workdays"),
    ({"holidays": [1]}, "holidays"),
])
def test_a_wrong_schedule_is_refused_by_field(data, field):
    with pytest.raises(Invalid) as refused:
        parse_schedule(2031, data)
    assert field in refused.value.fields


def disclosure(**fields):
    return {"id": 1, "org": "QX-DT", "kind": "disclosure", "title": "低保公示", "status": "draft",
            "formed_at": "2026-09-28", "time_limit_days": 20, "published_at": None, **fields}


@pytest.mark.parametrize("today, state, left", [
    ("2026-10-09", "open", 17), ("2026-10-26", "near", 5), ("2026-10-30", "near", 1), ("2026-11-02", "overdue", -1),
])
def test_an_unpublished_disclosure_counts_down_in_working_days(today, state, left):
    deadline = disclosure_deadline(disclosure(), WorkCalendar(), D(today))
    assert (deadline.due, deadline.state, deadline.workdays_left) == ("2026-10-30", state, left)


def test_a_disclosure_published_after_its_due_day_is_recorded_as_late():
    late = disclosure_deadline(disclosure(status="published", published_at="2026-11-02T10:00:00+08:00"),
                               WorkCalendar(), D("2026-11-20"))
    on_time = disclosure_deadline(disclosure(status="published", published_at="2026-10-30T17:00:00+08:00"),
                                  WorkCalendar(), D("2026-11-20"))
    assert (late.state, on_time.state) == ("late", "on_time")


def test_withdrawn_withheld_and_undated_records_have_no_deadline():
    calendar, today = WorkCalendar(), D("2026-11-20")
    assert disclosure_deadline(disclosure(status="withdrawn"), calendar, today) is None
    assert disclosure_deadline(disclosure(attribute="withheld"), calendar, today) is None
    assert disclosure_deadline(disclosure(formed_at=None), calendar, today) is None
    assert disclosure_deadline({"kind": "guide", "formed_at": "2026-11-01"}, calendar, today) is None


NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def test_publicity_windows_ending_on_a_weekend_are_listed_before_they_end():
    records = [disclosure(id=2, status="published", expire_at="2026-11-29T00:00:00+08:00"),  # Sunday
               disclosure(id=3, status="published", expire_at="2026-12-20T00:00:00+08:00"),
               disclosure(id=4, status="published", expire_at="2026-11-20T00:00:00+08:00")]
    [ending] = publicity_ending(records, NOW)
    assert ending["id"] == 2 and ending["hours_left"] == 39
    assert ending["last_day"] == "2026-11-28", "ends as Sunday begins: the board names Saturday, as screens and paper do"


def test_guides_not_approved_for_a_year_are_due_a_check():
    records = [{"id": 5, "org": "QX-DT", "kind": "guide", "title": "生育登记", "status": "published",
                "published_at": "2025-10-01T09:00:00+08:00"},
               {"id": 6, "org": "QX-DT", "kind": "guide", "title": "养老", "status": "published",
                "published_at": "2026-10-01T09:00:00+08:00"}]
    assert [g["id"] for g in stale_guides(records, NOW)] == [5]


def test_the_board_lists_what_needs_action_and_warns_of_unknown_years():
    records = [disclosure(id=7, formed_at="2026-10-20"), disclosure(id=8, formed_at="2026-11-20")]
    board = timeliness_board(records, WorkCalendar(), NOW)
    assert [d["id"] for d in board["deadlines"]] == [7]
    assert board["counts"]["overdue"] == 1 and board["counts"]["open"] == 1
    assert 2027 in board["unknown_years"]
