"""SIGKILL the real server in the middle of a stream of writes: it starts again, every file
loads, and every write it answered with 2xx is there with the rev it answered."""
import random
import threading
import time

import orjson
import pytest
import requests

from content import open_content

pytestmark = pytest.mark.e2e

SEED = 20261123
ROUNDS = 5  # a kill at a random moment lands inside a file write only now and then; odd rounds wait for one
WRITERS = 4


class WriteStream:
    """Writers in threads, each editing only the records it created, until the server dies.

    Every answered write is logged as (id, rev) → the record the server answered with.
    """

    def __init__(self, url, token, owned, rng):
        self.url, self.headers = url, {"Authorization": f"Bearer {token}"}
        self.owned = owned  # one {id: rev} per writer, carried over from round to round
        self.rng = rng
        self.answered, self.unexpected = {}, []
        self.count, self.lock, self.reached, self.target = 0, threading.Lock(), threading.Event(), 0

    def run_until(self, answers):
        """Start the writers; returns once `answers` more writes have been answered."""
        self.target = self.count + answers
        self.reached.clear()
        self.threads = [threading.Thread(target=self.write, args=(n, random.Random(self.rng.random())),
                                         daemon=True) for n in range(WRITERS)]
        for thread in self.threads:
            thread.start()
        assert self.reached.wait(30), f"only {self.count} writes answered; unexpected: {self.unexpected}"

    def join(self):
        for thread in self.threads:
            thread.join(20)
            assert not thread.is_alive(), "a writer hung after the server died"

    def write(self, writer, rng):
        session, items = requests.Session(), self.owned[writer]
        with session:
            while True:
                try:
                    answer, expected = self.one_write(session, writer, items, rng)
                except requests.RequestException:
                    return  # the server is gone; this write may or may not have landed
                if answer.status_code != expected:
                    self.unexpected.append((answer.status_code, answer.text[:300]))
                    return
                record = answer.json()
                items[record["id"]] = record["rev"]
                with self.lock:
                    self.answered[(record["id"], record["rev"])] = record
                    self.count += 1
                    if self.count >= self.target:
                        self.reached.set()

    def one_write(self, session, writer, items, rng):
        body = {"title": f"写入者{writer} 第{self.count}次", "summary": "便民服务中心通知",
                "body": "公示内容。" * rng.randint(0, 4000)}  # files of many sizes
        if not items or rng.random() < 0.3:
            return session.post(self.url + "/api/v1/items", json={"kind": "notice", **body},
                                headers=self.headers, timeout=(2, 10)), 201
        item_id = rng.choice(sorted(items))
        return session.put(f"{self.url}/api/v1/items/{item_id}", json=body, timeout=(2, 10),
                           headers={**self.headers, "If-Match": str(items[item_id])}), 200


def wait_for_a_file_write(data_dir, timeout=2.0):
    """Return as soon as the server is part-way through replacing a database file (its temp
    file exists), or after `timeout`: a kill then lands inside the write."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if next((data_dir / "db").rglob(".*.tmp"), None) is not None:
            return True
    return False


def assert_files_whole(data_dir):
    """Every database file is whole JSON; a journal may end in one torn line, no more."""
    databases = sorted((data_dir / "db").rglob("*.json"))
    assert databases, "no database files at all"
    for path in databases:
        assert isinstance(orjson.loads(path.read_bytes()), dict), path
    for path in sorted((data_dir / "journal").rglob("*.jsonl")):
        lines = path.read_bytes().split(b"\n")
        for line in lines[:-1]:
            orjson.loads(line)  # every line but a torn last one is whole


def assert_answered_writes_kept(server, stream):
    """Each answered write is in the record's history as answered; the current version is the
    last answered one, or the one write after it that was cut off before its answer."""
    latest = {}
    for item_id, rev in stream.answered:
        latest[item_id] = max(rev, latest.get(item_id, 0))
    for item_id, last_rev in latest.items():
        url = f"{server.url}/api/v1/items/{item_id}"
        current = requests.get(url, headers=stream.headers, timeout=10)
        assert current.status_code == 200, (item_id, current.text)
        current = current.json()
        assert current["rev"] in (last_rev, last_rev + 1), (item_id, last_rev, current["rev"])
        if current["rev"] == last_rev:
            assert current == stream.answered[(item_id, last_rev)]
        history = requests.get(url + "/revisions", headers=stream.headers, timeout=10).json()["items"]
        by_rev = {entry["rev"]: entry["record"] for entry in history}
        for rev in range(1, last_rev + 1):
            if (item_id, rev) in stream.answered:
                assert by_rev.get(rev) == stream.answered[(item_id, rev)], (item_id, rev)


def refresh_owned(server, stream):
    """After a restart, take each record's rev from the server: a write cut off before its
    answer may have landed."""
    for items in stream.owned:
        for item_id in items:
            answer = requests.get(f"{server.url}/api/v1/items/{item_id}", headers=stream.headers, timeout=10)
            items[item_id] = answer.json()["rev"]


def test_answered_writes_survive_sigkill_in_the_middle_of_a_write_stream(server_factory):
    server = server_factory()
    done = server.run_command("create-token", "crash-bot")
    assert done.returncode == 0, done.stderr
    rng = random.Random(SEED)
    stream = WriteStream(server.url, done.stdout.strip(), [{} for _ in range(WRITERS)], rng)

    for round_no in range(ROUNDS):
        stream.run_until(rng.randint(10, 40))
        if round_no % 2:
            wait_for_a_file_write(server.data_dir)
        server.kill()  # SIGKILL while the other writers' requests are in flight
        stream.join()
        assert stream.unexpected == []
        assert_files_whole(server.data_dir)

        server.restart()  # same data dir: it must start on whatever the kill left

        assert not list(server.data_dir.rglob(".*.tmp")), "temp files left by the kill were not swept"
        assert_answered_writes_kept(server, stream)
        assert open_content(server.data_dir).library.audit.verify() is None  # the chain holds
        refresh_owned(server, stream)

    assert len(stream.answered) >= ROUNDS * 10
