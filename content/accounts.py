"""Staff accounts, roles and bearer tokens."""
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from .catalogue import ROLES
from .dates import format_moment
from .errors import Conflict, Forbidden, Invalid, NotFound

RANKS = {"editor": 1, "reviewer": 2, "admin": 3}
TOKEN_PREFIX = "kt_"


@dataclass(frozen=True)
class Actor:
    """Who is acting: a staff user (by password or token), with the orgs they may act on."""

    name: str
    role: str
    org: str
    scope: frozenset

    def can(self, role):
        return RANKS.get(self.role, 0) >= RANKS[role]

    def require(self, role):
        if not self.can(role):
            raise Forbidden(f"this needs the {role} role (you are {self.role})")

    def sees(self, org):
        return org in self.scope


class Accounts:
    def __init__(self, store, orgs):
        self.store = store
        self.orgs = orgs
        self.users = store.table("users")
        self.tokens = store.table("tokens")

    def create_user(self, name, role, password, org=None, now=None):
        """Add a staff user; the password is stored as a salted scrypt hash."""
        org = org or (self.orgs.root().code if self.orgs.root() else None)
        _check_user(name, role, password)
        if not self.orgs.get(org):
            raise NotFound(f"no organisation with code {org}", {"org": "unknown"})
        with self.store.writing():
            if self.find_user(name):
                raise Conflict(f"a user named {name} already exists", {"name": "taken"})
            self.users.add({"name": name, "role": role, "org": org, "active": True,
                            "password": hash_password(password) if password else None,
                            "created_at": format_moment(now) if now else None})
        return self.actor(name)

    def find_user(self, name):
        return next((doc for _, doc in self.users.find(name=name)), None)

    def actor(self, name):
        """The Actor for an active user, or None."""
        user = self.find_user(name)
        if not user or not user.get("active", True):
            return None
        return Actor(user["name"], user["role"], user["org"], self.orgs.scope(user["org"]))

    def check_password(self, name, password):
        """The Actor when the password matches, else None (same cost either way)."""
        user = self.find_user(name)
        stored = (user or {}).get("password") or hash_password("not a password")
        ok = verify_password(password, stored)
        return self.actor(name) if ok and user and user.get("password") else None

    def create_token(self, user_name, label="", now=None):
        """A new bearer token acting as the user; only its hash is kept."""
        if not self.actor(user_name):
            raise NotFound(f"no active user named {user_name}", {"user": "unknown"})
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        self.tokens.add({"user": user_name, "label": label, "hash": _token_hash(token),
                         "revoked": False, "created_at": format_moment(now) if now else None})
        return token

    def actor_for_token(self, token):
        """The Actor a bearer token acts as, or None for an unknown or revoked token."""
        if not isinstance(token, str) or not token.startswith(TOKEN_PREFIX):
            return None
        digest = _token_hash(token)
        match = next((doc for _, doc in self.tokens.find(hash=digest)), None)
        if not match or match.get("revoked"):
            return None
        return self.actor(match["user"])


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
