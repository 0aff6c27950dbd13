"""The crash-safe TinyDB storage: whole files only, temp files swept, other writers noticed,
and a full disk that refuses a write without harming the last good file."""
import errno
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import orjson
import pytest

import content.storage
from content.errors import StorageFull
from content.storage import AtomicJSONStorage, write_atomically
from content.store import Store

ROOT = Path(__file__).resolve().parents[2]


def disk(store, name):
    """What the file of table `name` holds, as {id: doc}, read straight from disk."""
    raw = json.loads((store.db_dir / f"{name}.json").read_bytes())
    return {int(key): doc for key, doc in raw.get("_default", {}).items()}


def temp_files(folder):
    return sorted(p.name for p in Path(folder).rglob(".*.tmp"))


def run_python(code, *args, timeout=60):
    """Run `code` in a fresh interpreter from the checkout; returns the CompletedProcess."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


# --- what is written stays written ----------------------------------------------------------

def test_a_write_is_there_after_reopening(tmp_path):
    store = Store(tmp_path)
    people = store.table("people")
    people.put(7, {"name": "王小明", "tags": ["低保", "养老"]})
    first = people.add({"name": "李四"})

    reopened = Store(tmp_path).table("people")

    assert reopened.get(7) == {"name": "王小明", "tags": ["低保", "养老"]}
    assert reopened.get(first) == {"name": "李四"}
    assert sorted(key for key, _ in reopened.all()) == sorted([7, first])


def test_a_removed_document_stays_removed_after_reopening(tmp_path):
    people = Store(tmp_path).table("people")
    people.put(1, {"name": "a"})
    people.put(2, {"name": "b"})
    people.remove(1)

    assert [key for key, _ in Store(tmp_path).table("people").all()] == [2]


def test_readers_get_copies_so_changing_one_changes_nothing_stored(tmp_path):
    people = Store(tmp_path).table("people")
    people.put(1, {"name": "a"})

    people.get(1)["name"] = "changed"
    people.all()[0][1]["name"] = "changed too"

    assert people.get(1) == {"name": "a"}
    assert disk(people.store, "people") == {1: {"name": "a"}}


def test_the_file_on_disk_is_always_one_whole_json_document(tmp_path):
    """A reader looking at the file while another process rewrites it never sees half of it."""
    Store(tmp_path).table("t").put(1, {"n": 0})
    path = tmp_path / "db" / "t.json"
    writer = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys
        from content.store import Store
        table = Store(sys.argv[1]).table("t")
        for n in range(1, 301):
            table.put(1, {"n": n, "padding": "公示" * (n * 40)})
        """), str(tmp_path)], cwd=ROOT)
    reads = 0
    while writer.poll() is None or reads == 0:
        data = orjson.loads(path.read_bytes())  # raises on a torn or empty file
        assert set(data) == {"_default"}
        reads += 1
    assert writer.wait() == 0
    assert reads > 10, "the reader never overlapped the writer"
    assert disk(Store(tmp_path), "t")[1]["n"] == 300
    assert temp_files(tmp_path) == []


# --- temp files a killed process left behind ---------------------------------------------------

def test_orphan_temp_files_are_swept_when_a_store_opens(tmp_path):
    store = Store(tmp_path)
    store.table("orgs").put(1, {"code": "QX"})
    store.item_shard(3).put(3, {"id": 3})
    store.journal("audit").append({"seq": 1})
    orphans = [tmp_path / "db" / ".orgs.json.1a2b3c4d.tmp", tmp_path / "db" / "items" / ".03.json.deadbeef.tmp",
               tmp_path / "journal" / ".audit.jsonl.0badf00d.tmp"]
    for orphan in orphans:
        orphan.write_bytes(b'{"_default": {"1": {"co')  # what a SIGKILL mid-write leaves
    (tmp_path / "uploads").mkdir()
    (tmp_path / "uploads" / "scan.tmp").write_bytes(b"a resident's upload, not a temp file of ours")
    keep = [tmp_path / "db" / "orgs.json", tmp_path / "db" / "items" / "03.json",
            tmp_path / "journal" / "audit.jsonl", tmp_path / "uploads" / "scan.tmp"]
    before = {path: path.read_bytes() for path in keep}

    reopened = Store(tmp_path)

    assert [orphan for orphan in orphans if orphan.exists()] == []
    assert {path: path.read_bytes() for path in keep} == before
    assert reopened.table("orgs").get(1) == {"code": "QX"}


# --- a second writer on the same folder ---------------------------------------------------------

def test_a_change_by_a_second_store_on_the_same_folder_is_seen_by_the_first(tmp_path):
    server, command = Store(tmp_path), Store(tmp_path)
    server.table("users").put(1, {"name": "editor"})
    assert server.table("users").get(1) == {"name": "editor"}  # the server has it cached now

    added = command.table("users").add({"name": "bot"})
    command.table("users").put(1, {"name": "editor", "active": False})

    assert server.table("users").get(added) == {"name": "bot"}
    assert server.table("users").get(1) == {"name": "editor", "active": False}
    assert server.table("users").add({"name": "third"}) == added + 1  # never reuses the command's id
    assert len(command.table("users").all()) == 3


def test_a_change_by_a_command_in_another_process_is_seen_without_reopening(tmp_path):
    server = Store(tmp_path)
    server.table("tokens").put(1, {"user": "editor"})
    assert len(server.table("tokens").all()) == 1

    done = run_python("""
        import sys
        from content.store import Store
        Store(sys.argv[1]).table("tokens").add({"user": "bot"})
        """, tmp_path)

    assert done.returncode == 0, done.stderr
    assert sorted(doc["user"] for _, doc in server.table("tokens").all()) == ["bot", "editor"]


def test_a_replaced_file_is_never_taken_for_the_one_read_even_when_timestamps_are_coarse(tmp_path):
    """ext4 before Linux 6.13 stamps files with a clock that moves once a jiffy (1-10 ms), and
    frees an inode number for reuse at once: two quick replacements by another process can
    leave a file with the same inode, size and mtime as the one this process read."""
    server, command = Store(tmp_path), Store(tmp_path)
    server.table("t").put(1, {"v": 1})
    assert server.table("t").get(1) == {"v": 1}
    path = tmp_path / "db" / "t.json"
    read = os.stat(path)

    for value in (2, 3):
        command.table("t").put(1, {"v": value})  # same size each time
    os.utime(path, ns=(read.st_atime_ns, read.st_mtime_ns))  # what a coarse clock would stamp

    assert server.table("t").get(1) == {"v": 3}


# --- a full disk ---------------------------------------------------------------------------------

class FailingFile:
    """A file whose writes take half the bytes and then fail, as on a disk that fills up."""

    def __init__(self, real):
        self.real = real

    def write(self, payload):
        self.real.write(payload[:len(payload) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.real.close()


def fail_fsync(monkeypatch):
    def fsync(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(content.storage.os, "fsync", fsync)


def fail_write(monkeypatch):
    monkeypatch.setattr(content.storage, "open", lambda *a, **k: FailingFile(open(*a, **k)), raising=False)


@pytest.mark.parametrize("fail", [fail_fsync, fail_write], ids=["fsync", "write"])
def test_a_full_disk_raises_storage_full_and_leaves_file_and_memory_as_they_were(tmp_path, monkeypatch, fail):
    store = Store(tmp_path)
    items = store.table("items")
    items.put(1, {"title": "低保公示", "rev": 1})
    items.put(2, {"title": "养老保险", "rev": 1})
    path = store.db_dir / "items.json"
    good = path.read_bytes()

    fail(monkeypatch)
    with pytest.raises(StorageFull):
        items.put(1, {"title": "edited", "rev": 2})
    with pytest.raises(StorageFull):
        items.add({"title": "new"})
    with pytest.raises(StorageFull):
        items.remove(2)
    monkeypatch.undo()

    assert path.read_bytes() == good
    assert temp_files(tmp_path) == []
    assert dict(items.all()) == disk(store, "items") == {1: {"title": "低保公示", "rev": 1},
                                                         2: {"title": "养老保险", "rev": 1}}
    assert items.get(1) == {"title": "低保公示", "rev": 1}
    items.put(1, {"title": "edited", "rev": 2})  # once there is room again, writes work
    assert Store(tmp_path).table("items").get(1) == {"title": "edited", "rev": 2}


def test_storage_full_is_a_refusal_the_edge_answers_with_507():
    assert StorageFull("x").status == 507


def test_any_failed_write_leaves_memory_equal_to_disk(tmp_path):
    """TinyDB edits the cached data in place before it asks the storage to write it."""
    items = Store(tmp_path).table("items")
    items.put(1, {"n": 1})

    with pytest.raises(TypeError):
        items.put(1, {"n": 2**70})  # JSON cannot carry it: the write fails before the disk
    with pytest.raises(TypeError):
        items.add({"n": 2**70})

    assert dict(items.all()) == disk(items.store, "items") == {1: {"n": 1}}


def test_write_atomically_leaves_the_old_file_and_no_temp_when_it_fails(tmp_path, monkeypatch):
    path = tmp_path / "f.json"
    write_atomically(path, b'{"old": true}')
    fail_fsync(monkeypatch)

    with pytest.raises(OSError):
        write_atomically(path, b'{"new": true}')

    assert path.read_bytes() == b'{"old": true}'
    assert os.listdir(tmp_path) == ["f.json"]


FULL_DISK_CHILD = """
    import json, resource, signal, sys
    from content.errors import StorageFull
    from content.store import Store

    store = Store(sys.argv[1])
    items = store.table("items")
    items.put(1, {"title": "last good", "rev": 1})
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills us instead of saying EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[2]), resource.RLIM_INFINITY))
    outcome = {}
    try:
        items.put(1, {"title": "too big", "rev": 2, "body": "公示内容" * 100_000})
        outcome["saved"] = True
    except StorageFull as exc:
        outcome["refused"] = exc.message
    try:
        store.journal("audit").append({"seq": 1, "detail": "审计" * 100_000})
        outcome["journal saved"] = True
    except StorageFull as exc:
        outcome["journal refused"] = exc.message
    outcome["in memory"] = items.get(1)
    print(json.dumps(outcome))
"""


def test_a_full_disk_for_real_leaves_the_last_good_file_intact(tmp_path):
    """A child process whose file-size limit (RLIMIT_FSIZE) is far below the record it saves
    gets EFBIG from the kernel part-way through the write, as a full disk gives ENOSPC."""
    done = run_python(FULL_DISK_CHILD, tmp_path, 16 * 1024)

    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout)
    assert "refused" in outcome and "journal refused" in outcome, outcome
    assert outcome["in memory"] == {"title": "last good", "rev": 1}
    store = Store(tmp_path)
    assert store.table("items").get(1) == {"title": "last good", "rev": 1}
    assert orjson.loads((tmp_path / "db" / "items.json").read_bytes())  # whole JSON
    assert store.journal("audit").entries() == []
    assert (tmp_path / "journal" / "audit.jsonl").read_bytes() == b""
    assert temp_files(tmp_path) == []


@pytest.fixture
def tiny_tmpfs(tmp_path):
    """A 256 KiB tmpfs: a disk that really fills up (needs root and mount rights, else skip)."""
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], check=True)


def test_a_disk_that_really_fills_up_leaves_the_last_good_file_intact(tiny_tmpfs):
    store = Store(tiny_tmpfs)
    items = store.table("items")
    items.put(1, {"title": "last good", "rev": 1})
    good = (tiny_tmpfs / "db" / "items.json").read_bytes()

    with pytest.raises(StorageFull):
        items.put(1, {"title": "too big", "rev": 2, "body": "x" * 400_000})
    with pytest.raises(StorageFull):
        store.journal("audit").append({"seq": 1, "detail": "x" * 400_000})

    assert (tiny_tmpfs / "db" / "items.json").read_bytes() == good
    assert items.get(1) == Store(tiny_tmpfs).table("items").get(1) == {"title": "last good", "rev": 1}
    assert store.journal("audit").entries() == []
    assert temp_files(tiny_tmpfs) == []
    items.put(1, {"title": "fits", "rev": 2})  # the refused write left the room it found
    assert Store(tiny_tmpfs).table("items").get(1) == {"title": "fits", "rev": 2}


def test_a_storage_reads_an_empty_or_missing_file_as_an_empty_database(tmp_path):
    (tmp_path / "empty.json").write_bytes(b"")
    assert AtomicJSONStorage(tmp_path / "empty.json").read() == {}
    assert AtomicJSONStorage(tmp_path / "missing.json").read() == {}


# --- many writes as one -----------------------------------------------------------------------

def test_a_batch_writes_each_changed_file_once_at_its_end_and_reads_see_it_meanwhile(tmp_path, monkeypatch):
    store = Store(tmp_path)
    people, log = store.table("people"), store.journal("log")
    people.put(1, {"name": "before"})
    writes = []
    real = content.storage.write_atomically
    monkeypatch.setattr(content.storage, "write_atomically", lambda path, payload: (writes.append(path.name),
                                                                                    real(path, payload)))
    stamp = people.stamp()
    with store.batch():
        for n in range(2, 52):
            people.put(n, {"name": f"row {n}"})
            log.append({"row": n})
        assert people.get(51) == {"name": "row 51"} and people.stamp() != stamp  # seen in memory
        assert list(disk(store, "people")) == [1] and log.entries() == []  # not yet on disk
    assert writes == ["people.json"]
    assert len(disk(store, "people")) == 51 and len(log.entries()) == 50
    assert len(Store(tmp_path).table("people").all()) == 51


def test_a_batch_that_raises_leaves_nothing_behind_on_disk_or_in_memory(tmp_path):
    store = Store(tmp_path)
    people, log = store.table("people"), store.journal("log")
    people.put(1, {"name": "before"})
    stamp = people.stamp()
    with pytest.raises(RuntimeError):
        with store.batch():
            people.put(2, {"name": "half"})
            people.put(1, {"name": "changed"})
            log.append({"row": 2})
            raise RuntimeError("a row went wrong")
    assert people.all() == [(1, {"name": "before"})] and disk(store, "people") == {1: {"name": "before"}}
    assert log.entries() == [] and people.stamp() != stamp  # caches derived from the stamp start again
    people.put(3, {"name": "after"})
    assert sorted(disk(store, "people")) == [1, 3]
