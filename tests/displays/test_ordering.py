"""Screens are listed in the order a person counts them: 屏3 before 屏27."""
import pytest

from displays.ordering import display_order, natural_key


@pytest.mark.parametrize("first, second", [
    ("屏3", "屏27"),
    ("大厅2号屏", "大厅10号屏"),
    ("屏9", "屏10"),
    ("1号屏", "2号屏"),
    ("屏２", "屏10"),  # full-width digits, as an IME types them
    ("屏1", "屏1A"),
    ("屏", "屏1"),
    ("Screen 2", "screen 10"),  # case does not matter
    ("第2村服务站", "第10村服务站"),
    ("屏01", "屏1"),  # equal numbers: the spelling decides, so the order is stable
    ("", "屏1"),
    ("东塘镇3号屏", "龙山镇1号屏"),  # text before the number still decides first
])
def test_names_sort_as_people_count(first, second):
    assert natural_key(first) < natural_key(second)
    assert sorted([second, first], key=natural_key) == [first, second]


def test_a_list_of_screens_sorts_by_hall_then_name_then_id():
    screens = [{"id": 4, "hall": "大厅10", "name": "屏1"}, {"id": 3, "hall": "大厅2", "name": "屏27"},
               {"id": 2, "hall": "大厅2", "name": "屏3"}, {"id": 1, "hall": "大厅2", "name": "屏3"},
               {"id": 5, "hall": "", "name": "屏9"}, {"id": 6, "hall": None, "name": None}]
    assert [d["id"] for d in sorted(screens, key=display_order)] == [6, 5, 1, 2, 3, 4]
