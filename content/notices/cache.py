"""Rendered notices kept per record version: a small memory LRU over a disk folder.

Keys hash everything the bytes depend on (the public view, the rev, the link base, the
layout version), so a new version, better masking or a new base URL is simply a new key.
"""
import collections
import hashlib
import threading
from pathlib import Path

import orjson

from ..storage import write_atomically

LAYOUT_VERSION = 2
MEMORY_BYTES = 64 * 1024 * 1024
DISK_FILES = 2000


def cache_key(*parts):
    return hashlib.sha256(orjson.dumps([LAYOUT_VERSION, *parts], option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]


class RenderCache:
    def __init__(self, folder, memory_bytes=MEMORY_BYTES):
        self.folder = Path(folder)
        self.memory_bytes = memory_bytes
        self._memory = collections.OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key, suffix):
        """Cached bytes, from memory or disk, or None."""
        name = f"{key}.{suffix}"
        with self._lock:
            if name in self._memory:
                self._memory.move_to_end(name)
                return self._memory[name]
        try:
            data = (self.folder / name).read_bytes()
        except FileNotFoundError:
            return None
        self._remember(name, data)
        return data

    def put(self, key, suffix, data):
        name = f"{key}.{suffix}"
        self.folder.mkdir(parents=True, exist_ok=True)
        write_atomically(self.folder / name, data)
        self._remember(name, data)
        self._prune_disk()
        return data

    def _remember(self, name, data):
        with self._lock:
            if name not in self._memory:
                self._memory[name] = data
                self._size += len(data)
            while self._size > self.memory_bytes and len(self._memory) > 1:
                _, old = self._memory.popitem(last=False)
                self._size -= len(old)

    def _prune_disk(self):
        files = list(self.folder.glob("*.*"))
        if len(files) > DISK_FILES:
            files.sort(key=lambda p: p.stat().st_mtime)
            for path in files[:len(files) - DISK_FILES]:
                path.unlink(missing_ok=True)
