"""Pairing: a new screen shows a short code; staff claim it and the screen receives its key.

Codes live in memory for a few minutes (a screen that restarts simply shows a new one).
"""
import secrets
import time

from content.errors import ContentError, NotFound

ALPHABET = "ACDEFHJKMNPRTUVWXY3479"  # no 0/O, 1/I/L, 2/Z, 5/S, 6/G, 8/B: easy to read off a wall
CODE_LENGTH = 6
LIFETIME = 15 * 60
MAX_WAITING = 500  # codes waiting at once, all addresses together
MAX_WAITING_PER_ADDRESS = 20  # one address's share: a hall behind one router pairs a few screens at a time


class TooManyWaiting(ContentError):
    status = 429
    code = "too_many_requests"

    def __init__(self, message, retry_after):
        super().__init__(message)
        self.retry_after = retry_after


class Pairings:
    def __init__(self):
        self._waiting = {}  # code → {"secret", "created", "display_id", "key", "address"}

    def start(self, address=None):
        """A new pairing: (code shown on the screen, secret the screen polls with).

        Each address may have MAX_WAITING_PER_ADDRESS codes waiting: one address cannot
        take the whole list (TooManyWaiting says how long until one of its codes expires).
        """
        self._expire()
        mine = [p["created"] for p in self._waiting.values() if p["address"] == address]
        if len(mine) >= MAX_WAITING_PER_ADDRESS:
            raise TooManyWaiting("too many screens at this address are waiting to be paired: pair them, or wait "
                                 "for their codes to expire", _until_expiry(min(mine)))
        if len(self._waiting) >= MAX_WAITING:
            oldest = min(p["created"] for p in self._waiting.values())
            raise TooManyWaiting("too many screens are waiting to be paired; try again in a few minutes",
                                 _until_expiry(oldest))
        code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        while code in self._waiting:
            code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
        secret = secrets.token_urlsafe(24)
        self._waiting[code] = {"secret": secret, "created": time.monotonic(), "key": None, "display_id": None,
                               "address": address}
        return code, secret

    def check(self, code):
        """NotFound unless a screen is showing `code` and waits to be claimed."""
        self._expire()
        pairing = self._waiting.get(normalise_code(code))
        if pairing is None or pairing["key"]:
            raise NotFound("no screen is showing that code: check it, or it expired (15 minutes) or was "
                           "already claimed", {"code": "unknown"})
        return pairing

    def claim(self, code, display):
        """Hand a display's key to the screen showing `code`."""
        self.check(code).update(key=display["key"], display_id=display["id"])

    def poll(self, code, secret):
        """The key once the code is claimed, None while waiting; NotFound when unknown."""
        self._expire()
        pairing = self._waiting.get(normalise_code(code))
        if pairing is None or not secrets.compare_digest(pairing["secret"], str(secret)):
            raise NotFound("unknown or expired pairing code")
        if pairing["key"]:
            del self._waiting[normalise_code(code)]
            return pairing["key"]
        return None

    def waiting(self):
        self._expire()
        return len(self._waiting)

    def _expire(self):
        cutoff = time.monotonic() - LIFETIME
        for code in [c for c, p in self._waiting.items() if p["created"] < cutoff]:
            del self._waiting[code]


def _until_expiry(created):
    return max(1, int(created + LIFETIME - time.monotonic()) + 1)


def normalise_code(code):
    return "".join(ch for ch in str(code).upper() if ch.isalnum())[:CODE_LENGTH * 2]
