"""Backups of a data directory as one .tar.gz, and restoring one safely.

A backup is taken under the store's write lock, so no write (from the server or a
command) lands half-way through it. A restore is checked completely before anything is
touched, and the data it replaces is moved aside, not deleted.
"""
import hashlib
import io
import itertools
import json
import os
import shutil
import tarfile
import time
from pathlib import Path, PurePosixPath

import orjson

from .errors import Invalid, StorageFull
from .storage import DISK_FULL, fsync_folder, write_atomically

MANIFEST = "manifest.json"
FORMAT = "township-kiosk-backup/1"
PARTS = ("db", "journal", "uploads")


def create_backup(store, target, now_text):
    """Write a backup of `store` to `target`; returns the number of files saved."""
    target = Path(target)
    with store.writing():
        files = {str(path): (store.root / path).read_bytes() for path in store.files()}
    manifest = {"format": FORMAT, "created_at": now_text,
                "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}}
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in [(MANIFEST, json.dumps(manifest, indent=1).encode()), *files.items()]:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
            archive.addfile(info, io.BytesIO(data))
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(target, buffer.getvalue())
    return len(files)


def read_backup(source):
    """Every file of a backup, checked against its manifest; refuses anything odd."""
    try:
        with tarfile.open(source, mode="r:gz") as archive:
            members = {m.name: m for m in archive.getmembers()}
            manifest = json.loads(archive.extractfile(members[MANIFEST]).read())
            if manifest.get("format") != FORMAT:
                raise Invalid(f"{source} is not a backup of this product")
            files = {name: _member(archive, members, name, digest)
                     for name, digest in manifest["files"].items()}
    except (OSError, tarfile.TarError, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise Invalid(f"{source} is not a readable backup: {exc}") from None
    return files


def _member(archive, members, name, digest):
    path = PurePosixPath(name)
    # A file inside one of the parts, never a part itself ("db" as a file would replace the folder)
    if path.is_absolute() or ".." in path.parts or len(path.parts) < 2 or path.parts[0] not in PARTS:
        raise Invalid(f"unsafe path in backup: {name}")
    member = members[name]
    if not member.isfile():
        raise Invalid(f"not a regular file in backup: {name}")
    data = archive.extractfile(member).read()
    if hashlib.sha256(data).hexdigest() != digest:
        raise Invalid(f"{name} is damaged (checksum mismatch)")
    if name.endswith(".json") and not isinstance(orjson.loads(data), dict) and path.parts[0] == "db":
        raise Invalid(f"{name} is not a database file")  # the server could not start on it
    return data


def restore_backup(data_dir, source, stamp):
    """Replace the data of `data_dir` with a backup; the old data moves to backups/."""
    files = read_backup(source)
    root = Path(data_dir)
    staging = root / f".restore-{stamp}"
    _stage(staging, files)
    aside = _fresh_folder(root / "backups", f"before-restore-{stamp}")
    for part in PARTS:
        if (root / part).exists():
            os.replace(root / part, aside / part)
        if (staging / part).exists():
            os.replace(staging / part, root / part)
    shutil.rmtree(staging, ignore_errors=True)
    fsync_folder(root)
    return len(files), aside


def _stage(staging, files):
    """Write the backup's files under `staging`; if that fails, leave nothing behind."""
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            _fsync_file(path)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if exc.errno in DISK_FULL:
            raise StorageFull("the disk is full: nothing was restored") from exc
        raise Invalid(f"the backup cannot be unpacked: {exc}") from None


def _fresh_folder(parent, name):
    """A new empty folder: the data a restore moves aside must never land on an earlier one."""
    for attempt in itertools.count():
        folder = parent / (name if attempt == 0 else f"{name}-{attempt}")
        try:
            folder.mkdir(parents=True)
            return folder
        except FileExistsError:
            continue


def _fsync_file(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
