"""Staff login sessions, kept on the server so that logging out really ends them.

The browser's cookie carries only a random session id; the store keeps its hash, the user
id it belongs to and when it was last used. Logging out, changing the password, disabling
or deleting the user removes the rows, and every copy of the cookie stops working at once.
"""
import hashlib
import secrets

SEEN_GRANULARITY = 60  # seconds: `seen` is rewritten at most once a minute per session


class Sessions:
    def __init__(self, store):
        self.store = store
        self.table = store.table("sessions")

    def start(self, user_id, now, idle):
        """A new session id for the user (shown once; only its hash is kept)."""
        session_id = secrets.token_urlsafe(32)
        stamp = now.timestamp()
        with self.store.writing():
            for key, doc in self.table.all():  # sessions left to expire are swept on the next login
                if doc["seen"] + idle.total_seconds() <= stamp:
                    self.table.remove(key)
            self.table.add({"hash": _hash(session_id), "user_id": user_id, "started": stamp, "seen": stamp})
        return session_id

    def check(self, user_id, session_id, now, idle):
        """True when the session is live, belongs to the user and was used within `idle`."""
        if not isinstance(session_id, str) or not session_id:
            return False
        found = self.table.find(hash=_hash(session_id))
        if not found or found[0][1]["user_id"] != user_id:
            return False
        key, doc = found[0]
        stamp = now.timestamp()
        if doc["seen"] + idle.total_seconds() <= stamp:
            self.table.remove(key)
            return False
        if stamp - doc["seen"] >= SEEN_GRANULARITY:
            self.table.put(key, {**doc, "seen": stamp})
        return True

    def end(self, session_id):
        """End one session (logout)."""
        with self.store.writing():
            for key, _ in self.table.find(hash=_hash(str(session_id))):
                self.table.remove(key)

    def end_user(self, user_id, keep=None):
        """End every session of a user, except the one `keep` names; returns how many ended."""
        kept = _hash(keep) if keep else None
        ended = 0
        with self.store.writing():
            for key, doc in self.table.find(user_id=user_id):
                if doc["hash"] != kept:
                    self.table.remove(key)
                    ended += 1
        return ended

    def count(self, user_id):
        return len(self.table.find(user_id=user_id))


def _hash(session_id):
    return hashlib.sha256(session_id.encode("utf-8", "replace")).hexdigest()
