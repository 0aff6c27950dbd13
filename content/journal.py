"""Append-only JSON Lines files: revisions, the audit trail, proof of play.

Each entry is one line, written with a single append and fsynced before the caller is
answered. A process killed mid-append leaves at most a torn last line: readers skip it and
the next append cuts it off first, so a torn line never glues itself to a good one.
"""
import fcntl
import os
from pathlib import Path

import orjson

from .errors import StorageFull
from .storage import DISK_FULL, fsync_folder


class Journal:
    def __init__(self, path, batch=None):
        self.path = Path(path)
        self.batch = batch  # () → the Batch collecting appends now, or None (store.py)

    def append(self, entry):
        """Append one entry durably."""
        self.append_many([entry])

    def append_many(self, entries):
        """Append entries with one write and one fsync; a full disk → StorageFull, file as it was."""
        if not entries:
            return
        batch = self.batch() if self.batch is not None else None
        if batch is not None:
            batch.add(self, entries)
            return
        line = b"".join(orjson.dumps(entry) + b"\n" for entry in entries)
        created = not self.path.exists()
        if created:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            # Locked, so the tail is never judged torn while another thread or process is
            # still writing it; checked on every append, not once: a command run beside the
            # server may have been killed mid-append since our last one.
            fcntl.flock(fd, fcntl.LOCK_EX)
            _cut_torn_tail(fd)
            _write_line(fd, line)
        finally:
            os.close(fd)
        if created:
            fsync_folder(self.path.parent)

    def entries(self):
        """Every whole entry, oldest first."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return []
        return [entry for entry in map(_parse, raw.split(b"\n")) if entry is not None]

    def read_from(self, offset):
        """(whole entries written from byte `offset` on, the offset after them): a reader that
        keeps the offset sees what other processes append. A line still being written is left
        for the next read; a file shorter than `offset` (restored, replaced) reads from 0."""
        try:
            with open(self.path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size < offset:
                    offset = 0
                handle.seek(offset)
                raw = handle.read(size - offset)
        except FileNotFoundError:
            return [], 0
        whole = raw[:raw.rfind(b"\n") + 1]
        return [entry for entry in map(_parse, whole.split(b"\n")) if entry is not None], offset + len(whole)

    def last(self):
        """The newest whole entry, or None; reads only the file's tail."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return None
        with open(self.path, "rb") as handle:
            window = 4096
            while True:
                handle.seek(max(0, size - window))
                lines = handle.read().split(b"\n")
                whole = [e for e in map(_parse, lines[1:] if window < size else lines) if e is not None]
                if whole or window >= size:
                    return whole[-1] if whole else None
                window *= 4


def _parse(line):
    if not line.strip():
        return None
    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return None


def _write_line(fd, line):
    start = os.fstat(fd).st_size
    try:
        written = 0
        while written < len(line):  # a nearly full disk takes part of a write without an error
            written += os.write(fd, line[written:])
        os.fsync(fd)
    except OSError as exc:
        os.ftruncate(fd, start)  # the caller is told it failed: leave no part of it behind
        if exc.errno in DISK_FULL:
            raise StorageFull("the disk is full: nothing was saved") from exc
        raise


def _cut_torn_tail(fd):
    end = os.fstat(fd).st_size
    if end == 0 or os.pread(fd, 1, end - 1) == b"\n":
        return
    position = end
    while position > 0:
        start = max(0, position - 65536)
        newline = os.pread(fd, position - start, start).rfind(b"\n")
        if newline >= 0:
            os.ftruncate(fd, start + newline + 1)
            return
        position = start
    os.ftruncate(fd, 0)
