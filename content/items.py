"""The record repository: current versions in TinyDB shards, every version in a journal."""
import secrets

from .errors import NotFound

# Record ids are drawn at random from this range (8 digits), not counted: a township must
# not learn from the gaps between its own ids how many records the others made. Far below
# 2**53, so JavaScript reads them exactly; shards still take id % 16.
ID_RANGE = (10_000_000, 99_999_999)


class Items:
    def __init__(self, store):
        self.store = store
        self._live_cache = {}

    def get(self, item_id):
        """The current version of a record, or None."""
        if not _is_id(item_id):
            return None
        return self.store.item_shard(item_id).get(int(item_id))

    def all(self):
        """Current versions of every record (copies)."""
        return [doc for shard in self.store.item_shards() for _, doc in shard.all()]

    def scan(self):
        """Current versions without copying (see Collection.scan): for building the public set."""
        return [doc for shard in self.store.item_shards() for doc in shard.scan()]

    def save(self, record, action, actor, now_text, comment=""):
        """Store a new version: its revision is journalled first, then the current copy."""
        entry = {"rev": record["rev"], "action": action, "actor": actor, "at": now_text, "record": record}
        if comment:
            entry["comment"] = comment  # e.g. why it was withdrawn: the verification page says so
        with self.store.writing():
            self._revisions(record["id"]).append(entry)
            self.store.item_shard(record["id"]).put(record["id"], record)

    def revisions(self, item_id):
        """Every saved version up to the current one, oldest first (one per rev)."""
        current = self.get(item_id)
        if current is None:
            raise NotFound(f"no record {item_id}")
        by_rev = {e["rev"]: e for e in self._revisions(item_id).entries() if e["rev"] <= current["rev"]}
        return [by_rev[rev] for rev in sorted(by_rev)]

    def live(self, record):
        """The version of `record` that is published now, or None."""
        rev = record.get("published_rev")
        if not rev:
            return None
        if rev == record["rev"]:
            return record
        key = (record["id"], rev)
        if key not in self._live_cache:
            found = next((e["record"] for e in reversed(self.revisions(record["id"])) if e["rev"] == rev), None)
            self._live_cache[key] = found
        return self._live_cache[key]

    def _revisions(self, item_id):
        return self.store.journal(f"revisions/{int(item_id)}")

    def next_id(self):
        """A new record id, random in ID_RANGE and not used before (call inside store.writing())."""
        low, high = ID_RANGE
        while True:
            item_id = low + secrets.randbelow(high - low + 1)
            if self.get(item_id) is None and not self._revisions(item_id).path.exists():
                return item_id

    def next_serial(self, org, year):
        """The next index-number serial for an org in a year."""
        return self.store.bump(f"serial:{org}/{year}")

    def content_version(self):
        return self.store.counter("content_version")

    def bump_content_version(self):
        """Mark a change in what is public; screens and caches follow this number."""
        return self.store.bump("content_version")


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**53 or \
        isinstance(value, str) and value.isascii() and value.isdigit() and 0 < len(value) < 16 and int(value) > 0
