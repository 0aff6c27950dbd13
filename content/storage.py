"""A TinyDB storage that never leaves a half-written file, and notices other writers.

TinyDB's own JSONStorage truncates the file and writes in place: a crash or a full disk
in the middle leaves broken JSON. This one writes a temporary file beside the real one,
fsyncs it, renames it over the original and fsyncs the folder. It keeps the parsed data in
memory (one process serves reads) and reloads only when the file on disk was replaced by
another process, such as a management command run next to the server.
"""
import errno
import os
import secrets
import time
import weakref
from pathlib import Path

import orjson
from tinydb.storages import Storage

from .errors import StorageFull

TEMP_SUFFIX = ".tmp"
DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)  # EFBIG: a file-size limit, full all the same


class AtomicJSONStorage(Storage):
    def __init__(self, path, on_reload=None, on_write=None, batch=None):
        self.path = Path(path)
        self.on_reload = on_reload
        self.on_write = on_write  # called with each durable write's duration in seconds
        self.batch = batch  # () → the Batch collecting writes now, or None (store.py)
        self._data = None
        self._stamp = None
        self._held = None
        self._generation = 0  # writes made here, held back by a batch or not

    def read(self):
        if self._data is None or file_stamp(self.path) != self._stamp:
            self._data = self._load()
            if self.on_reload:
                self.on_reload()
        return self._data

    def stamp(self):
        """Changes whenever the data does (written here, still in a batch, or by another process)."""
        self.read()
        return self._stamp, self._generation

    def _load(self):
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            self._hold(None)
            return {}
        with handle:
            raw = handle.read()
            self._hold(os.dup(handle.fileno()))
        return orjson.loads(raw) if raw.strip() else {}

    def write(self, data):
        self._generation += 1
        batch = self.batch() if self.batch is not None else None
        if batch is not None:  # kept here (reads see it) and written once when the batch ends
            self._data = data
            batch.hold(self)
            return
        started = time.perf_counter()
        try:
            write_atomically(self.path, orjson.dumps(data))
        except BaseException as exc:
            self._data = None  # TinyDB changed our cached copy in place: drop it, reread disk
            if isinstance(exc, OSError) and exc.errno in DISK_FULL:
                raise StorageFull("the disk is full: nothing was saved") from exc
            raise
        self._data = data
        self._hold(os.open(self.path, os.O_RDONLY))
        if self.on_write:
            self.on_write(time.perf_counter() - started)

    def flush(self):
        """Write what a batch held back."""
        self.write(self._data)

    def discard(self):
        """Forget what a batch held back: the next read is the file as it is on disk."""
        self._data = None
        self._generation += 1

    def _hold(self, fd):
        # The stamp is (inode, mtime, size). Keeping the file we hold open stops its inode
        # number from being reused by another writer's file, which with coarse mtimes (ext4
        # before Linux 6.13) could otherwise match our stamp and hide that writer's change.
        if self._held is not None:
            self._held()
        self._held = weakref.finalize(self, os.close, fd) if fd is not None else None
        self._stamp = stamp_of(os.fstat(fd)) if fd is not None else None

    def close(self):
        self._hold(None)


def file_stamp(path):
    try:
        return stamp_of(os.stat(path))
    except FileNotFoundError:
        return None


def stamp_of(st):
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def write_atomically(path, payload):
    """Replace `path` with `payload` so that readers see the old or the new file, whole."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    try:
        with open(temp, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)


def fsync_folder(folder):
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def sweep_temp_files(folder):
    """Remove temporary files a killed process left behind; returns how many."""
    swept = 0
    for temp in Path(folder).rglob(f".*{TEMP_SUFFIX}"):
        temp.unlink(missing_ok=True)
        swept += 1
    return swept
