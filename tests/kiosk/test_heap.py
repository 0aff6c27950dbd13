"""The server keeps the collector from walking its long-lived heap, and tidies it at night."""
import datetime as dt

import pytest

from content.dates import DEFAULT_TZ
from kiosk.heap import Heap


class FakeCollector:
    def __init__(self, frozen=0):
        self.frozen, self.calls = frozen, []

    def freeze(self):
        self.calls.append("freeze")

    def unfreeze(self):
        self.calls.append("unfreeze")

    def collect(self):
        self.calls.append("collect")
        self.frozen = 1000

    def get_freeze_count(self):
        return self.frozen


def at(hour):
    return dt.datetime(2026, 11, 30, hour, 30, tzinfo=DEFAULT_TZ)


def test_nothing_is_frozen_until_the_server_activates_it():
    collector = FakeCollector(frozen=1000)
    heap = Heap(collector)
    heap.settle()
    assert collector.calls == [] and not heap.tidy(at(3))
    heap.activate()
    heap.settle()
    assert collector.calls == ["freeze", "freeze"] and heap.base == 1000


@pytest.mark.parametrize("hour, frozen, tidies", [
    (3, 1300, True),    # night, grew by more than a quarter
    (3, 1200, False),   # night, grew too little to be worth a stall
    (10, 5000, False),  # the hall is open: never a full collection by day
    (1, 5000, False), (5, 5000, False), (2, 1250, True), (4, 9999, True),
])
def test_a_full_collection_happens_only_at_night_and_only_when_worth_it(hour, frozen, tidies):
    collector = FakeCollector(frozen=1000)
    heap = Heap(collector)
    heap.activate()
    collector.frozen, collector.calls = frozen, []
    assert heap.tidy(at(hour)) is tidies
    assert collector.calls == (["unfreeze", "collect", "freeze"] if tidies else [])
    assert heap.base == 1000  # after a tidy, growth counts from what survived it
