"""The audit trail: who did what to which target, each entry chained to the one before."""
import hashlib

import orjson

from .dates import format_moment

GENESIS = "0" * 64


class AuditTrail:
    def __init__(self, store):
        self.store = store
        self.journal = store.journal("audit")

    def record(self, actor, action, target, org, now, **detail):
        """Append one entry; the hash covers it and the previous entry's hash."""
        with self.store.writing():
            last = self.journal.last()
            entry = {"seq": (last["seq"] + 1) if last else 1, "at": format_moment(now),
                     "actor": actor, "action": action, "target": target, "org": org,
                     "detail": detail, "prev": last["hash"] if last else GENESIS}
            entry["hash"] = entry_hash(entry)
            self.journal.append(entry)
            return entry

    def entries(self, orgs=None, limit=100, before=None):
        """Entries newest first, optionally only those of some orgs and older than seq `before`."""
        chosen = []
        for entry in reversed(self.journal.entries()):
            if before is not None and entry["seq"] >= before:
                continue
            if orgs is None or entry.get("org") in orgs:
                chosen.append(entry)
                if len(chosen) >= limit:
                    break
        return chosen

    def verify(self):
        """The seq of the first entry whose chain is broken, or None when intact."""
        prev = GENESIS
        for entry in self.journal.entries():
            if entry.get("prev") != prev or entry_hash(entry) != entry.get("hash"):
                return entry.get("seq")
            prev = entry["hash"]
        return None


def entry_hash(entry):
    body = {k: v for k, v in entry.items() if k != "hash"}
    return hashlib.sha256(orjson.dumps(body, option=orjson.OPT_SORT_KEYS)).hexdigest()
