"""Append-only JSON Lines journals: whole entries survive, a torn last line never costs a good one."""
import json
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from content.journal import Journal

ROOT = Path(__file__).resolve().parents[2]
BIG = 200 * 1024  # bigger than the 64 KiB chunks the journal reads backwards in


@pytest.fixture
def path(tmp_path):
    return tmp_path / "journal" / "audit.jsonl"


def tear(path, entry, keep=0.5):
    """Append the first part of an entry's line, as a process killed mid-append leaves it."""
    line = json.dumps(entry, ensure_ascii=False).encode()
    with open(path, "ab") as handle:
        handle.write(line[:int(len(line) * keep)])


def test_entries_survive_reopening_in_the_order_they_were_written(path):
    journal = Journal(path)
    for seq in range(1, 6):
        journal.append({"seq": seq, "action": "item.create", "title": f"公示{seq}"})

    reopened = Journal(path)

    assert [e["seq"] for e in reopened.entries()] == [1, 2, 3, 4, 5]
    assert reopened.entries()[0]["title"] == "公示1"
    assert reopened.last() == {"seq": 5, "action": "item.create", "title": "公示5"}


def test_each_entry_is_one_line_and_the_file_ends_with_a_newline(path):
    journal = Journal(path)
    journal.append({"seq": 1, "body": "第一行\n第二行"})
    journal.append({"seq": 2})

    raw = path.read_bytes()
    assert raw.endswith(b"\n") and raw.count(b"\n") == 2
    assert journal.entries()[0]["body"] == "第一行\n第二行"


def test_a_missing_or_empty_journal_has_no_entries(path):
    assert Journal(path).entries() == [] and Journal(path).last() is None
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    assert Journal(path).entries() == [] and Journal(path).last() is None


def test_a_torn_last_line_is_skipped_by_readers(path):
    journal = Journal(path)
    journal.append({"seq": 1})
    journal.append({"seq": 2})
    tear(path, {"seq": 3, "title": "被中断的写入"})

    assert [e["seq"] for e in journal.entries()] == [1, 2]
    assert journal.last() == {"seq": 2}


def test_a_torn_last_line_is_cut_off_by_the_next_append_and_never_glues_onto_it(path):
    Journal(path).append({"seq": 1})
    tear(path, {"seq": 2, "title": "被中断的写入"})

    Journal(path).append({"seq": 3})  # the server restarted after the kill

    assert [e["seq"] for e in Journal(path).entries()] == [1, 3]
    assert path.read_bytes() == b'{"seq":1}\n{"seq":3}\n'


def test_a_line_torn_by_another_process_is_cut_off_even_after_this_one_has_appended(path):
    """The server keeps its Journal open for days; a management command run beside it may be
    killed mid-append at any time in between."""
    server = Journal(path)
    server.append({"seq": 1})
    tear(path, {"seq": 2, "by": "a killed command"})

    server.append({"seq": 3})

    assert [e["seq"] for e in Journal(path).entries()] == [1, 3]


def test_a_torn_line_with_nothing_whole_before_it_is_cut_to_an_empty_file(path):
    path.parent.mkdir(parents=True)
    tear(path, {"seq": 1, "padding": "x" * BIG})

    assert Journal(path).entries() == [] and Journal(path).last() is None
    Journal(path).append({"seq": 2})
    assert path.read_bytes() == b'{"seq":2}\n'


def test_lines_larger_than_64_kib_are_read_and_written_whole(path):
    journal = Journal(path)
    journal.append({"seq": 1, "body": "甲" * BIG})
    journal.append({"seq": 2, "body": "乙" * BIG})

    entries = Journal(path).entries()
    assert [(e["seq"], len(e["body"])) for e in entries] == [(1, BIG), (2, BIG)]
    assert Journal(path).last()["body"] == "乙" * BIG


def test_a_torn_line_larger_than_64_kib_is_cut_off_back_to_the_last_whole_line(path):
    journal = Journal(path)
    journal.append({"seq": 1, "body": "甲" * BIG})
    tear(path, {"seq": 2, "body": "乙" * BIG}, keep=0.9)  # ~540 KiB without a newline

    assert Journal(path).last()["seq"] == 1
    Journal(path).append({"seq": 3})

    assert [e["seq"] for e in Journal(path).entries()] == [1, 3]
    assert Journal(path).entries()[0]["body"] == "甲" * BIG


def test_last_returns_the_newest_whole_entry(path):
    journal = Journal(path)
    for seq in range(1, 2001):
        journal.append({"seq": seq, "padding": "x" * (seq % 7) * 50})
    assert journal.last()["seq"] == 2000

    tear(path, {"seq": 2001, "padding": "y" * 10_000})
    assert journal.last()["seq"] == 2000


def test_last_finds_a_whole_entry_behind_a_torn_line_bigger_than_its_first_look(path):
    journal = Journal(path)
    journal.append({"seq": 1, "body": "short"})
    journal.append({"seq": 2, "body": "z" * 10_000})  # longer than the 4 KiB first window
    tear(path, {"seq": 3, "body": "w" * BIG})

    assert journal.last() == {"seq": 2, "body": "z" * 10_000}


def test_appenders_in_other_threads_and_processes_never_lose_each_others_lines(path):
    """The server appends proof of play from several places, and a management command appends
    to the audit journal beside it: a line being written is never taken for a torn one."""
    Journal(path).append({"seq": 0})
    child = subprocess.Popen([sys.executable, "-c", textwrap.dedent("""
        import sys
        from content.journal import Journal
        journal = Journal(sys.argv[1])
        for n in range(40):
            journal.append({"by": "command", "n": n, "padding": "c" * 200_000})
        """), str(path)], cwd=ROOT)

    def append_as(who):
        journal = Journal(path)
        for n in range(40):
            journal.append({"by": who, "n": n, "padding": who[0] * 200_000})
    threads = [threading.Thread(target=append_as, args=(who,)) for who in ("screens", "alerts", "audit")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert child.wait(timeout=60) == 0

    entries = Journal(path).entries()
    for who in ("command", "screens", "alerts", "audit"):
        assert [e["n"] for e in entries if e.get("by") == who] == list(range(40)), who
    assert len(entries) == 161 == path.read_bytes().count(b"\n")


def test_a_reader_that_keeps_its_offset_sees_what_others_append_and_leaves_a_line_being_written(path):
    writer, reader = Journal(path), Journal(path)
    assert reader.read_from(0) == ([], 0), "no journal yet"
    writer.append({"seq": 1})
    entries, offset = reader.read_from(0)
    assert entries == [{"seq": 1}]
    tear(path, {"seq": 2, "title": "写到一半"})
    assert reader.read_from(offset) == ([], offset), "half a line is left for the next read"
    writer.append({"seq": 3})  # cuts the torn line off, as after a killed writer
    entries, offset = reader.read_from(offset)
    assert entries == [{"seq": 3}] and offset == path.stat().st_size
    path.write_bytes(b'{"seq":9}\n')  # restored from a backup: shorter than what was read
    assert reader.read_from(offset) == ([{"seq": 9}], len(b'{"seq":9}\n'))
