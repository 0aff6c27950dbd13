"""Verification codes for printed notices, and what a code says about the version it names.

A code is 9 Crockford base32 characters of an HMAC of (record id, rev) under a server-kept
key, plus one check character (a weighted sum over GF(32)) that catches every single
mistyped character and every swap of two neighbours, so that a near miss can be suggested
without ever being accepted.
The server finds a code's record by recomputing codes from the revisions journal: nothing
about issued codes needs storing, and a restored backup still knows its printed notices.
"""
import hashlib
import hmac
import threading

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
BODY = 9
LENGTH = BODY + 1
_READS_AS = {"I": "1", "L": "1", "O": "0"}


def verification_key(secret):
    """The HMAC key for codes, derived from the app's secret with its own label."""
    return hmac.new(secret.encode() if isinstance(secret, str) else secret,
                    b"kiosk notice verification v1", hashlib.sha256).digest()


def issue_code(key, item_id, rev):
    """The code printed on the notice of version `rev` of record `item_id`."""
    digest = hmac.new(key, f"{int(item_id)}:{int(rev)}".encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:8], "big") >> (64 - 5 * BODY)
    body = "".join(ALPHABET[(number >> (5 * (BODY - 1 - i))) & 31] for i in range(BODY))
    return body + _check(body)


def _gf32_times(a, b):
    """Multiplication in GF(2^5) modulo x^5 + x^2 + 1 (a primitive polynomial)."""
    product = 0
    while b:
        if b & 1:
            product ^= a
        b >>= 1
        a <<= 1
        if a & 32:
            a ^= 0b100101
    return product


# Distinct non-zero weights α^1..α^9 (α = x; the check character itself has weight α^0 = 1):
# a changed character changes the sum by w·d ≠ 0, two swapped neighbours by (w_i + w_j)·d ≠ 0.
_WEIGHTS = [2]
while len(_WEIGHTS) < BODY:
    _WEIGHTS.append(_gf32_times(_WEIGHTS[-1], 2))
_TERMS = [{char: _gf32_times(weight, value) for value, char in enumerate(ALPHABET)} for weight in _WEIGHTS]


def _check(body):
    total = 0
    for terms, char in zip(_TERMS, body):
        total ^= terms[char]
    return ALPHABET[total]


def normalise_code(text):
    """The canonical form of a typed code (case, hyphens, spaces, I/L/O read as 1/0), or None."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = "".join(_READS_AS.get(c, c) for c in text.upper() if c not in "- ")
    if len(code) != LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def is_well_formed(code):
    return (code is not None and len(code) == LENGTH and all(c in ALPHABET for c in code)
            and code[-1] == _check(code[:-1]))


def format_code(code):
    """For print: two groups of five (K3M9Q-7XW2D)."""
    return f"{code[:5]}-{code[5:]}"


def near_misses(text):
    """Well-formed codes one character away from `text` (a typo, or two neighbours swapped)."""
    if not isinstance(text, str):
        return []
    raw = "".join(_READS_AS.get(c, c) for c in text.upper() if c not in "- ")
    if len(raw) != LENGTH:
        return []
    found = []
    for i in range(LENGTH):
        for c in ALPHABET:
            candidate = raw[:i] + c + raw[i + 1:]
            if candidate != raw and is_well_formed(candidate):
                found.append(candidate)
        if i + 1 < LENGTH:
            swapped = raw[:i] + raw[i + 1] + raw[i] + raw[i + 2:]
            if swapped != raw and is_well_formed(swapped):
                found.append(swapped)
    return list(dict.fromkeys(found))


class CodeIndex:
    """Code → (record id, rev) for every version that was ever published, from the journal.

    Refreshed on a miss, reading the journal only of records whose rev changed since.
    """

    def __init__(self, items, key):
        self.items = items
        self.key = key
        self._codes = {}
        self._seen = {}
        self._lock = threading.Lock()

    def find(self, code):
        with self._lock:
            if code not in self._codes:
                self._refresh()
            return self._codes.get(code)

    def _refresh(self):
        for record in self.items.scan():
            item_id, rev = record["id"], record["rev"]
            if self._seen.get(item_id) == rev:
                continue
            for entry in self.items.revisions(item_id):
                if entry["action"] == "approve":
                    self._codes[issue_code(self.key, item_id, entry["rev"])] = (item_id, entry["rev"])
            self._seen[item_id] = rev
