"""Pairing: a new screen shows a short code; staff claim it and the screen receives its key.

Codes live a few minutes in the shared state (displays/shared.py), so a code shown by a
screen polling one server process can be claimed through another (a screen that restarts
simply shows a new one).
"""
import secrets

from content.errors import ContentError, NotFound

from .shared import LocalState

ALPHABET = "ACDEFHJKMNPRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: easy to read off a wall
CODE_LENGTH = 6
LIFETIME = 15 * 60
MAX_WAITING = 500  # codes waiting at once, all addresses together
SPACE = "pairings"
MAX_WAITING_PER_ADDRESS = 20  # one address's share: a hall behind one router pairs a few screens at a time


class TooManyWaiting(ContentError):
    status = 429
    code = "too_many_requests"

    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


class Pairings:
    def __init__(self, shared=None):
        self.shared = shared or LocalState()

    def start(self, address=None):
        """A new pairing: (code shown on the screen, secret the screen polls with).

        Each address may have MAX_WAITING_PER_ADDRESS codes waiting: one address cannot
        take the whole list (TooManyWaiting says how long until one of its codes expires).
        """
        waiting = self._waiting()
        mine = [p["created"] for p in waiting.values() if p["address"] == address]
        if len(mine) >= MAX_WAITING_PER_ADDRESS:
            raise TooManyWaiting("too many screens at this address are waiting to be paired: pair them, or wait "
                                 "for their codes to expire", self._until_expiry(min(mine)))
        if len(waiting) >= MAX_WAITING:
            oldest = min(p["created"] for p in waiting.values())
            raise TooManyWaiting("too many screens are waiting to be paired; try again in a few minutes",
                                 self._until_expiry(oldest))
        secret = secrets.token_urlsafe(24)
        pairing = {"secret": secret, "created": self.shared.now(), "key": None, "display_id": None,
                   "address": address}
        code = _new_code()
        while not self.shared.add(SPACE, code, pairing, LIFETIME):  # a code no screen shows yet
            code = _new_code()
        return code, secret

    def check(self, code):
        """NotFound unless a screen is showing `code` and waits to be claimed."""
        pairing = self._get(code)
        if pairing is None or pairing["key"]:
            raise _unclaimable()
        return pairing

    def claim(self, code, display):
        """Hand a display's key to the screen showing `code` (once, whichever process asks)."""
        def claimed(pairing):
            if pairing is None or self._expired(pairing) or pairing["key"]:
                raise _unclaimable()
            return {**pairing, "key": display["key"], "display_id": display["id"]}
        self.shared.change(SPACE, normalise_code(code), claimed, LIFETIME)

    def poll(self, code, secret):
        """The key once the code is claimed, None while waiting; NotFound when unknown."""
        pairing = self._get(code)
        if pairing is None or not secrets.compare_digest(pairing["secret"], str(secret)):
            raise NotFound("unknown or expired pairing code")
        if pairing["key"]:
            self.shared.pop(SPACE, normalise_code(code))
            return pairing["key"]
        return None

    def waiting(self):
        return len(self._waiting())

    def forget(self, code):
        """Drop a code, claimed or not."""
        self.shared.pop(SPACE, normalise_code(code))

    def _get(self, code):
        pairing = self.shared.get(SPACE, normalise_code(code))
        return None if pairing is None or self._expired(pairing) else pairing

    def _waiting(self):
        return {c: p for c, p in self.shared.entries(SPACE).items() if not self._expired(p)}

    def _expired(self, pairing):
        # LIFETIME read now, not only as the entry's time to live: tests shorten it
        return pairing["created"] < self.shared.now() - LIFETIME

    def _until_expiry(self, created):
        return max(1, int(created + LIFETIME - self.shared.now()) + 1)


def _new_code():
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def _unclaimable():
    return NotFound("no screen is showing that code: check it, or it expired (15 minutes) or was "
                    "already claimed", {"code": "unknown"})


def normalise_code(code):
    return "".join(ch for ch in str(code).upper() if ch.isalnum())[:CODE_LENGTH * 2]
