"""The data directory: TinyDB files (one per table), journals, and the one lock.

TinyDB is not thread-safe, so every access goes through `Store.lock`. Writes also take an
exclusive lock on a file in the data directory, so that a management command run beside
the server (create-user, create-token) never interleaves its write with the server's;
each side notices the other's replaced files by their stamp and rereads them.
"""
import contextlib
import fcntl
import os
import threading
from pathlib import Path

from tinydb import TinyDB
from tinydb.table import Document

from .journal import Journal
from .storage import AtomicJSONStorage, sweep_temp_files

ITEM_SHARDS = 16  # items spread over 16 files so a save rewrites ~1/16 of them


class Store:
    def __init__(self, data_dir):
        self.root = Path(data_dir)
        self.db_dir = self.root / "db"
        self.journal_dir = self.root / "journal"
        for folder in (self.db_dir / "items", self.journal_dir / "revisions"):
            folder.mkdir(parents=True, exist_ok=True)
        self.lock = threading.RLock()
        self._lock_path = self.root / ".write.lock"
        self._lock_fd = None
        self._depth = 0
        self._tables = {}
        self._journals = {}
        self.write_observers = []  # called with each table write's duration (the server's metrics)
        self._batch = None  # the Batch of the running `batch()` block
        with self.writing():
            for folder in (self.db_dir, self.journal_dir):  # not the root: a backup may be in flight
                sweep_temp_files(folder)

    @contextlib.contextmanager
    def writing(self):
        """Hold the lock (and the cross-process write lock) for a read-modify-write."""
        with self.lock:
            if self._depth == 0:
                self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o644)
                fcntl.flock(self._lock_fd, fcntl.LOCK_EX)
            self._depth += 1
            try:
                yield self
            finally:
                self._depth -= 1
                if self._depth == 0:
                    os.close(self._lock_fd)  # closing releases the flock
                    self._lock_fd = None

    @contextlib.contextmanager
    def batch(self):
        """Many writes as one: inside the block tables and journals change in memory (reads see
        the changes), and at its end each changed table file is written once (atomically, as
        always) and each journal appended once, instead of once per write. If the block raises,
        none of it reaches the disk: the tables reread their files.

        Table files are written before journals: a process killed between the two loses
        history lines, never leaves history of records that do not exist.
        """
        with self.writing():
            if self._batch is not None:  # nested: the outer batch writes
                yield self
                return
            self._batch = batch = Batch()
            try:
                yield self
            except BaseException:
                self._batch = None
                batch.discard()
                raise
            self._batch = None
            batch.flush()

    def _current_batch(self):
        return self._batch

    def table(self, name):
        """The collection stored in db/<name>.json (created on first write)."""
        with self.lock:
            if name not in self._tables:
                self._tables[name] = Collection(self, self.db_dir / f"{name}.json")
            return self._tables[name]

    def item_shard(self, item_id):
        return self.table(f"items/{int(item_id) % ITEM_SHARDS:02d}")

    def item_shards(self):
        return [self.table(f"items/{n:02d}") for n in range(ITEM_SHARDS)]

    def counter(self, name):
        """The current value of a named counter (0 before its first bump)."""
        return (self.table("meta").get(1) or {}).get(name, 0)

    def bump(self, name):
        """Add one to a named counter, durably; returns the new value."""
        with self.writing():
            meta = self.table("meta").get(1) or {}
            meta[name] = meta.get(name, 0) + 1
            self.table("meta").put(1, meta)
            return meta[name]

    def journal(self, name):
        """The append-only journal journal/<name>.jsonl."""
        with self.lock:
            if name not in self._journals:
                self._journals[name] = Journal(self.journal_dir / f"{name}.jsonl", self._current_batch)
            return self._journals[name]

    def files(self):
        """Every file that holds data, relative to the root (for backups)."""
        return sorted(p.relative_to(self.root) for p in self.root.rglob("*")
                      if p.is_file() and not p.name.startswith(".")
                      and p.parts[len(self.root.parts)] in ("db", "journal", "uploads"))


class Batch:
    """What a `Store.batch()` block changed: table storages to write, journal lines to append."""

    def __init__(self):
        self.storages = {}
        self.lines = {}

    def hold(self, storage):
        self.storages[id(storage)] = storage

    def add(self, journal, entries):
        self.lines.setdefault(id(journal), (journal, []))[1].extend(entries)

    def flush(self):
        for storage in self.storages.values():
            storage.flush()
        for journal, entries in self.lines.values():
            journal.append_many(entries)

    def discard(self):
        for storage in self.storages.values():
            storage.discard()


class Collection:
    """One TinyDB file of documents keyed by integer id."""

    def __init__(self, store, path):
        self.store = store
        self._db = TinyDB(path, storage=AtomicJSONStorage, on_reload=self._forget_caches,
                          on_write=self._observe_write, batch=store._current_batch)
        self._table = self._db.table("_default")

    def _observe_write(self, seconds):
        for observe in self.store.write_observers:
            observe(seconds)

    def _forget_caches(self):
        if hasattr(self, "_table"):
            self._table.clear_cache()

    def get(self, doc_id):
        with self.store.lock:
            doc = self._table.get(doc_id=int(doc_id))
            return dict(doc) if doc is not None else None

    def all(self):
        """Every document as (id, copy of doc).

        Copies, because `put` replaces a document's fields in place: a reader holding the
        stored dict itself would see unreviewed edits appear under it.
        """
        with self.store.lock:
            raw = self._db.storage.read().get("_default", {})
            return [(int(key), dict(doc)) for key, doc in raw.items()]

    def scan(self):
        """Every stored document itself, not a copy: only for readers that build new values
        from them and keep no reference (a later `put` changes these dicts in place)."""
        with self.store.lock:
            return list(self._db.storage.read().get("_default", {}).values())

    def stamp(self):
        """A value that changes whenever this collection changes, for derived caches."""
        with self.store.lock:
            return self._db.storage.stamp()

    def find(self, **equal):
        """Documents whose fields equal the given values."""
        return [(key, doc) for key, doc in self.all()
                if all(doc.get(field) == value for field, value in equal.items())]

    def put(self, doc_id, doc):
        """Insert or replace the document with this id."""
        with self.store.writing():
            doc = dict(doc)
            if self._table.contains(doc_id=int(doc_id)):
                self._table.update(lambda old: (old.clear(), old.update(doc)), doc_ids=[int(doc_id)])
            else:
                self._table.insert(Document(doc, doc_id=int(doc_id)))

    def add(self, doc, id_field=None):
        """Insert with the next free id, also written into `id_field` if given; returns the id."""
        with self.store.writing():  # the ids of the stored documents, without copying them
            doc_id = max(map(int, self._db.storage.read().get("_default", {})), default=0) + 1
            doc = {**doc, id_field: doc_id} if id_field else dict(doc)
            self._table.insert(Document(doc, doc_id=doc_id))
            return doc_id

    def remove(self, doc_id):
        with self.store.writing():
            if self._table.contains(doc_id=int(doc_id)):
                self._table.remove(doc_ids=[int(doc_id)])
