"""Append-only JSON Lines files: revisions, the audit trail, proof of play.

Each entry is one line, written with a single append and fsynced before the caller is
answered. A process killed mid-append leaves at most a torn last line: readers skip it and
the next append cuts it off first, so a torn line never glues itself to a good one.
"""
import os
from pathlib import Path

import orjson

from .storage import fsync_folder


class Journal:
    def __init__(self, path):
        self.path = Path(path)
        self._checked = False

    def append(self, entry):
        """Append one entry durably."""
        line = orjson.dumps(entry) + b"\n"
        created = not self.path.exists()
        if created:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if not self._checked:
                _cut_torn_tail(fd)
                self._checked = True
            os.write(fd, line)
            os.fsync(fd)
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
