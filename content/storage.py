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
from pathlib import Path

import orjson
from tinydb.storages import Storage

from .errors import StorageFull

TEMP_SUFFIX = ".tmp"


class AtomicJSONStorage(Storage):
    def __init__(self, path, on_reload=None):
        self.path = Path(path)
        self.on_reload = on_reload
        self._data = None
        self._stamp = None

    def read(self):
        stamp = file_stamp(self.path)
        if self._data is None or stamp != self._stamp:
            self._data = self._load()
            self._stamp = stamp
            if self.on_reload:
                self.on_reload()
        return self._data

    def _load(self):
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        return orjson.loads(raw) if raw.strip() else {}

    def write(self, data):
        try:
            write_atomically(self.path, orjson.dumps(data))
        except OSError as exc:
            self._data = None  # TinyDB changed our cached copy in place: drop it, reread disk
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                raise StorageFull("the disk is full: nothing was saved") from exc
            raise
        self._data = data
        self._stamp = file_stamp(self.path)

    def close(self):
        pass


def file_stamp(path):
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
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
