"""The shared state (displays/shared.py): in memory for one process, in Redis for several.

The Redis tests start Debian's redis-server on a free loopback port; they are skipped, with
the reason, where it is not installed.
"""
import datetime as dt
import itertools
import shutil

import pytest

from content import open_content
from content.accounts import Actor
from content.dates import DEFAULT_TZ
from content.errors import NotFound
from displays.alerts import Alerts
from displays.pairing import Pairings
from displays.presence import ONLINE_WITHIN, Presence
from displays.shared import LocalState, RedisState, open_shared_state
from tests.server import free_port

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=DEFAULT_TZ)
prefixes = (f"test{n}:" for n in itertools.count())


class Clock:
    def __init__(self):
        self.now = 1_800_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed (Debian's redis-server package): Redis state not tested")
    from tests.e2e.services import start_redis, stop
    process, url = start_redis(tmp_path_factory.mktemp("redis"))
    yield url
    stop(process)


@pytest.fixture(params=["local", "redis"])
def make_state(request):
    """make_state(clock) → a new state; with Redis, states made by one test share one prefix
    (two of them are two server processes on one Redis)."""
    if request.param == "local":
        shared = {}
        return lambda clock=None: shared.setdefault("state", LocalState(clock or Clock()))
    url, prefix = request.getfixturevalue("redis_url"), next(prefixes)
    return lambda clock=None: RedisState(url, prefix=prefix, clock=clock or Clock())


@pytest.fixture
def content(tmp_path):
    content = open_content(tmp_path)
    content.orgs.create("QX", "青溪县")
    content.orgs.create("QX-DT", "东塘镇", "QX")
    return content


def test_entries_live_until_their_expiry(make_state):
    clock = Clock()
    state = make_state(clock)
    state.put("space", 1, {"a": 1}, ttl=10)
    state.put_many([("space", "2", [2], 30), ("other", "x", "y", 10)])
    assert state.get("space", "1") == {"a": 1} and state.get_many("space", [1, 2, 3]) == [{"a": 1}, [2], None]
    assert state.entries("space") == {"1": {"a": 1}, "2": [2]}
    clock.now += 11
    assert state.get("space", 1) is None and state.entries_of(["space", "other", "none"]) == [{"2": [2]}, {}, {}]


def test_add_sets_once_change_is_all_or_nothing_pop_takes_once(make_state):
    clock = Clock()
    state = make_state(clock)
    assert state.add("codes", "ABC", {"n": 1}, 60) is True
    assert state.add("codes", "ABC", {"n": 2}, 60) is False and state.get("codes", "ABC") == {"n": 1}
    assert state.change("codes", "ABC", lambda old: {"n": old["n"] + 1}, 60) == {"n": 2}
    assert state.change("codes", "ABC", lambda old: None, 60) is None and state.get("codes", "ABC") == {"n": 2}
    with pytest.raises(NotFound):
        state.change("codes", "ABC", lambda old: (_ for _ in ()).throw(NotFound("no")), 60)
    assert state.get("codes", "ABC") == {"n": 2}
    assert state.pop("codes", "ABC") == {"n": 2} and state.pop("codes", "ABC") is None
    clock.now += 61
    assert state.add("gone", "K", 1, 60) and state.get("gone", "K") == 1
    clock.now += 61
    assert state.add("gone", "K", 2, 60) is True  # an expired entry does not block a new one


def test_two_redis_states_are_two_processes_seeing_each_other(redis_url):
    first, second = (RedisState(redis_url, prefix="pair:") for _ in range(2))
    first.put("presence:1", "sid-a", {"v": 1}, 30)
    assert second.entries("presence:1") == {"sid-a": {"v": 1}}
    assert second.pop("presence:1", "sid-a") == {"v": 1} and first.entries("presence:1") == {}


def test_presence_online_version_and_last_seen_are_seen_by_every_process(make_state, content):
    here, there = Presence(content.store, make_state()), Presence(content.store, make_state())
    here.connect(7, "sid-1", NOW)
    here.beat("sid-1", {"version": 4, "item_id": 12}, NOW + dt.timedelta(seconds=30))
    status = there.status(7)
    assert (status["online"], status["connections"], status["version"], status["showing"]) == (True, 1, 4, 12)
    assert status["last_seen"] == "2026-11-23T09:00:30+08:00" and there.sids_of(7) == ["sid-1"]
    assert there.statuses([7, 8])[8] == {"online": False, "last_seen": None, "connections": 0, "version": None,
                                         "etag": None, "showing": None, "connected_since": None}
    here.disconnect("sid-1", NOW + dt.timedelta(seconds=40))
    assert there.status(7)["online"] is False and there.status(7)["last_seen"] == "2026-11-23T09:00:40+08:00"


def test_a_screen_not_heard_from_goes_offline_everywhere(make_state, content):
    clock = Clock()
    here, there = Presence(content.store, make_state(clock)), Presence(content.store, make_state(clock))
    here.connect(7, "sid-1", NOW)
    clock.now += ONLINE_WITHIN + 1  # its process was killed: no disconnect, no heartbeat
    assert there.status(7)["online"] is False and there.status(7)["last_seen"] == "2026-11-23T09:00:00+08:00"


def test_last_seen_flushed_by_two_processes_keeps_the_newest_of_each(make_state, content):
    here, there = Presence(content.store, make_state()), Presence(content.store, make_state())
    here.connect(1, "a", NOW + dt.timedelta(minutes=5))
    there.connect(1, "b", NOW)
    there.connect(2, "c", NOW)
    assert here.flush() and there.flush()
    assert Presence(content.store).status(1)["last_seen"] == "2026-11-23T09:05:00+08:00"
    assert Presence(content.store).status(2)["last_seen"] == "2026-11-23T09:00:00+08:00"


def test_a_code_shown_by_one_process_is_claimed_through_another_once(make_state):
    shown_by, claimed_by = Pairings(make_state()), Pairings(make_state())
    code, secret = shown_by.start("10.0.0.9")
    assert claimed_by.waiting() == 1 and shown_by.poll(code, secret) is None
    claimed_by.claim(code.lower(), {"key": "k" * 24, "id": 3})
    with pytest.raises(NotFound):
        claimed_by.claim(code, {"key": "z" * 24, "id": 4})
    assert shown_by.poll(code, secret) == "k" * 24
    with pytest.raises(NotFound):
        claimed_by.poll(code, secret)  # handed over once, then forgotten


def test_acknowledgements_reported_to_one_process_are_listed_by_another(make_state, content):
    here, there = Alerts(content.store, content.orgs, make_state()), Alerts(content.store, content.orgs, make_state())
    reviewer = Actor("reviewer@QX-DT", "reviewer", "QX-DT", frozenset({"QX-DT"}))
    alert = here.raise_alert(reviewer, {"title": "停电通知"}, NOW)
    display = {"id": 5, "org": "QX-DT", "hall": "大厅"}
    assert there.acknowledge(alert["id"], display, NOW)
    assert here.acknowledge(alert["id"], display, NOW + dt.timedelta(minutes=1))  # kept, not counted again
    assert here.acks(alert["id"]) == {5: "2026-11-23T09:00:00+08:00"}
    assert (here.flush(), there.flush()) == (0, 1)
    assert Alerts(content.store, content.orgs).acks(alert["id"]) == {5: "2026-11-23T09:00:00+08:00"}


def test_with_redis_down_a_process_goes_on_alone(tmp_path):
    state = open_shared_state(f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    assert isinstance(state, RedisState) and state.ping() is False
    state.put("presence:1", "sid", {"v": 1}, 30)
    assert state.entries("presence:1") == {"sid": {"v": 1}} and state.add("codes", "A", 1, 60)
    assert state.pop("presence:1", "sid") == {"v": 1}
    assert isinstance(open_shared_state(""), LocalState)


def test_many_greenlets_at_once_share_a_few_redis_connections(redis_url):
    """5,000 screens reconnecting at once must not open 5,000 connections (Redis refuses
    past 10,000 clients): callers beyond the pool wait their turn."""
    import threading

    import displays.shared as shared
    state = RedisState(redis_url, prefix="crowd:")
    errors, barrier = [], threading.Barrier(shared.REDIS_CONNECTIONS * 3)

    def visit(n):
        barrier.wait()
        try:
            state.put("presence", f"screen-{n}", {"n": n}, ttl=60)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)
    threads = [threading.Thread(target=visit, args=(n,)) for n in range(barrier.parties)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    pool = state.redis.connection_pool
    assert errors == [] and state._failed_at is None, "every write went to Redis"
    assert len(pool._connections) <= shared.REDIS_CONNECTIONS
    other_process = RedisState(redis_url, prefix="crowd:")
    assert other_process.get_many("presence", [f"screen-{n}" for n in range(barrier.parties)]) == \
        [{"n": n} for n in range(barrier.parties)]
