"""What a display plays at a given moment: one pure function of its settings and `now`."""
import datetime as dt

from content.dates import DEFAULT_TZ
from displays.playlist import playlist

RECORDS = [{"id": 5, "kind": "notice"}, {"id": 4, "kind": "guide"}, {"id": 3, "kind": "disclosure"},
           {"id": 2, "kind": "notice"}, {"id": 1, "kind": "guide"}]  # newest first
MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=DEFAULT_TZ)


def display(**settings):
    return {"seconds_per_slide": 15, **settings}


def test_pinned_records_come_first_then_the_newest_with_their_own_durations():
    order, until = playlist(display(pinned=[1, 3], item_seconds=[{"id": 3, "seconds": 40}]), RECORDS, MONDAY_9)
    assert order == [{"id": 1, "seconds": 15}, {"id": 3, "seconds": 40}, {"id": 5, "seconds": 15},
                     {"id": 4, "seconds": 15}, {"id": 2, "seconds": 15}]
    assert until is None


def test_dayparts_limit_the_kinds_they_name_and_say_when_to_look_again():
    mornings = display(dayparts=[{"kinds": ["notice"], "on": "08:00", "off": "12:00", "days": [1, 2, 3, 4, 5]}])
    order, until = playlist(mornings, RECORDS, MONDAY_9)
    assert [e["id"] for e in order] == [5, 4, 3, 2, 1]
    assert until == MONDAY_9.replace(hour=12)
    order, until = playlist(mornings, RECORDS, MONDAY_9.replace(hour=14))
    assert [e["id"] for e in order] == [4, 3, 1], "no notices in the afternoon; guides all day"
    assert until == (MONDAY_9 + dt.timedelta(days=1)).replace(hour=8)
    saturday = MONDAY_9 + dt.timedelta(days=5)
    assert [e["id"] for e in playlist(mornings, RECORDS, saturday)[0]] == [4, 3, 1]


def test_a_daypart_across_midnight_belongs_to_the_day_it_starts():
    nights = display(dayparts=[{"kinds": ["guide"], "on": "22:00", "off": "02:00", "days": [1]}])
    assert [e["id"] for e in playlist(nights, RECORDS, MONDAY_9.replace(hour=23))[0]] == [5, 4, 3, 2, 1]
    tuesday_1am = (MONDAY_9 + dt.timedelta(days=1)).replace(hour=1)
    assert [e["id"] for e in playlist(nights, RECORDS, tuesday_1am)[0]] == [5, 4, 3, 2, 1]
    wednesday_1am = tuesday_1am + dt.timedelta(days=1)
    assert [e["id"] for e in playlist(nights, RECORDS, wednesday_1am)[0]] == [5, 3, 2]


def test_posters_and_videos_play_for_their_own_time_unless_the_display_overrides_it():
    records = [{"id": 7, "kind": "media", "seconds": 31}, {"id": 6, "kind": "media", "seconds": None}, *RECORDS[:1]]
    order, _ = playlist(display(item_seconds=[{"id": 6, "seconds": 20}]), records, MONDAY_9)
    assert order == [{"id": 7, "seconds": 31}, {"id": 6, "seconds": 20}, {"id": 5, "seconds": 15}]
    mornings = display(dayparts=[{"kinds": ["media"], "on": "08:00", "off": "09:00", "days": [1]}])
    assert [e["id"] for e in playlist(mornings, records, MONDAY_9)[0]] == [5]
