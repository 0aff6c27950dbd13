"""Staff accounts, roles, bearer tokens and login sessions.

Every user has an id from a counter that never goes back, so a token or a session bound to
a deleted user never comes back to life when someone of the same name is created.
"""
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Optional

from .catalogue import ROLES
from .dates import format_moment
from .errors import Conflict, Forbidden, Invalid, NotFound
from .sessions import Sessions

RANKS = {"editor": 1, "reviewer": 2, "admin": 3}
TOKEN_PREFIX = "kt_"


@dataclass(frozen=True)
class Actor:
    """Who is acting: a staff user (by password or token), with the orgs they may act on."""

    name: str
    role: str
    org: str
    scope: frozenset
    user_id: Optional[int] = None

    def can(self, role):
        return RANKS.get(self.role, 0) >= RANKS[role]

    def require(self, role):
        if not self.can(role):
            raise Forbidden(f"this needs the {role} role (you are {self.role})")

    def sees(self, org):
        return org in self.scope


def run_here(function, *args):
    return function(*args)


class Accounts:
    def __init__(self, store, orgs):
        self.store = store
        self.orgs = orgs
        self.users = store.table("users")
        self.tokens = store.table("tokens")
        self.sessions = Sessions(store)
        # Password hashing is slow on purpose; the server sets this to run it on a thread,
        # off the event loop (kiosk/offload.py).
        self.offload = run_here
        self._bind_legacy_tokens()

    # --- users ---------------------------------------------------------------------------

    def create_user(self, name, role, password, org=None, now=None):
        """Add a staff user; the password is stored as a salted scrypt hash."""
        org = org or (self.orgs.root().code if self.orgs.root() else None)
        _check_user(name, role, password)
        if not self.orgs.get(org):
            raise NotFound(f"no organisation with code {org}", {"org": "unknown"})
        hashed = self.offload(hash_password, password) if password else None
        with self.store.writing():
            if self.find_user(name):
                raise Conflict(f"a user named {name} already exists", {"name": "taken"})
            user_id = self._next_user_id()
            self.users.put(user_id, {"id": user_id, "name": name, "role": role, "org": org, "active": True,
                                     "password": hashed, "created_at": format_moment(now) if now else None})
        return self.actor(name)

    def _next_user_id(self):
        taken = max((key for key, _ in self.users.all()), default=0)  # users made before the counter
        while True:
            user_id = self.store.bump("user_id")
            if user_id > taken:
                return user_id

    def find_user(self, name):
        return next(({"id": key, **doc} for key, doc in self.users.find(name=name)), None)

    def user(self, user_id):
        doc = self.users.get(user_id) if _is_id(user_id) else None
        return {"id": int(user_id), **doc} if doc else None

    def actor(self, name):
        """The Actor for an active user, or None."""
        return _as_actor(self.find_user(name), self.orgs)

    def actor_by_id(self, user_id):
        """The Actor for an active user id, or None."""
        return _as_actor(self.user(user_id), self.orgs)

    def check_password(self, name, password):
        """The Actor when the password matches, else None (same cost either way)."""
        user = self.find_user(name)
        stored = (user or {}).get("password") or self.offload(_decoy_hash)
        ok = self.offload(verify_password, password, stored)
        return _as_actor(user, self.orgs) if ok and user and user.get("password") else None

    def change_password(self, actor, old, new, now, keep_session=None):
        """A user changes their own password; every other session of theirs ends."""
        _check_password(new)
        if self.check_password(actor.name, old) is None:
            raise Forbidden("the current password is wrong", {"old": "wrong"})
        self._set_password(actor.user_id, new, now, keep_session)

    def reset_password(self, admin, user_id, new, now):
        """An admin sets a user's password; all of that user's sessions end."""
        user = self._managed(admin, user_id)
        _check_password(new)
        self._set_password(user["id"], new, now, None)

    def _set_password(self, user_id, new, now, keep_session):
        hashed = self.offload(hash_password, new)
        with self.store.writing():
            user = self.users.get(user_id)
            if user is None:
                raise NotFound(f"no user {user_id}")
            self.users.put(user_id, {**user, "password": hashed, "password_changed_at": format_moment(now)})
            self.sessions.end_user(user_id, keep=keep_session)

    def disable_user(self, admin, user_id, now):
        """Stop a user at once: their sessions end and their tokens stop working."""
        with self.store.writing():
            user = self._managed(admin, user_id)
            self.users.put(user["id"], {**user, "active": False, "disabled_at": format_moment(now)})
            self.sessions.end_user(user["id"])
        return user

    def enable_user(self, admin, user_id, now):
        with self.store.writing():
            user = self._managed(admin, user_id)
            self.users.put(user["id"], {**user, "active": True, "disabled_at": None})
        return user

    def delete_user(self, admin, user_id, now):
        """Remove a user; their id is never given again, so their tokens stay dead."""
        with self.store.writing():
            user = self._managed(admin, user_id)
            self.sessions.end_user(user["id"])
            for key, doc in self.tokens.find(user_id=user["id"]):
                self.tokens.put(key, {**doc, "revoked": True, "revoked_at": format_moment(now)})
            self.users.remove(user["id"])
        return user

    def _managed(self, admin, user_id):
        admin.require("admin")
        user = self.user(user_id)
        if user is None or not admin.sees(user["org"]):
            raise NotFound(f"no user {user_id}")
        return user

    # --- sessions ------------------------------------------------------------------------

    def start_session(self, actor, now, idle):
        return self.sessions.start(actor.user_id, now, idle)

    def session_actor(self, user_id, session_id, now, idle):
        """The Actor of a live session, or None (ended, idle too long, user disabled)."""
        actor = self.actor_by_id(user_id)
        if actor is None or not self.sessions.check(actor.user_id, session_id, now, idle):
            return None
        return actor

    def end_session(self, session_id):
        self.sessions.end(session_id)

    # --- tokens --------------------------------------------------------------------------

    def create_token(self, user_name, label="", now=None):
        """A new bearer token acting as the user; only its hash is kept."""
        actor = self.actor(user_name)
        if not actor:
            raise NotFound(f"no active user named {user_name}", {"user": "unknown"})
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.tokens.add({"user": user_name, "user_id": actor.user_id, "label": label, "hash": _token_hash(token),
                         "revoked": False, "created_at": format_moment(now) if now else None})
        return token

    def actor_for_token(self, token):
        """The Actor a bearer token acts as, or None for an unknown or revoked token."""
        if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX):
            return None
        digest = _token_hash(token)
        match = next((doc for _, doc in self.tokens.find(hash=digest)), None)
        if not match or match.get("revoked") or match.get("user_id") is None:
            return None
        return self.actor_by_id(match["user_id"])

    def _bind_legacy_tokens(self):
        """Tokens made before user ids name their user; bind them once to that user's id."""
        if all("user_id" in doc for _, doc in self.tokens.all()):
            return
        with self.store.writing():
            for key, doc in self.tokens.all():
                if "user_id" not in doc:
                    user = self.find_user(doc.get("user"))
                    self.tokens.put(key, {**doc, "user_id": user["id"] if user else None})


def _as_actor(user, orgs):
    if not user or not user.get("active", True):
        return None
    return Actor(user["name"], user["role"], user["org"], orgs.scope(user["org"]), user["id"])


def _is_id(value):
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**53


def _check_user(name, role, password):
    errors = {}
    if not isinstance(name, str) or not (1 <= len(name) <= 64) or not name.isprintable() or " " in name:
        errors["name"] = "1–64 printable characters without spaces"
    if role not in ROLES:
        errors["role"] = f"must be one of {', '.join(ROLES)}"
    if password is not None and len(password) < 8:
        errors["password"] = "at least 8 characters"
    if errors:
        raise Invalid("the user is not valid", errors)


def _check_password(password):
    if not isinstance(password, str) or not 8 <= len(password) <= 256:
        raise Invalid("the new password is not valid", {"password": "8 to 256 characters"})


def hash_password(password):
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_password(password, stored):
    try:
        _, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(str(password).encode("utf-8", "replace"),
                                   salt=bytes.fromhex(salt), n=2**14, r=8, p=1)
    except (ValueError, AttributeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def _token_hash(token):
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


@functools.cache
def _decoy_hash():
    """A hash to check unknown names against, so that they cost as much as known ones."""
    return hash_password(secrets.token_hex(16))

