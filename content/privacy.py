"""De-identification of personal data before anything reaches a public surface.

Formats as seen on township 公示 lists: ID numbers keep the first 2 and last 3 characters
(35*************123), mobiles keep 3 + 4 (138****1234), bank cards keep only the last 4.
"""
import re

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z*])([1-9]\d)(\d{13}|\d{10})(\d{2}[\dXx])(?![0-9A-Za-z*])")
MOBILE = re.compile(r"(?<![0-9*])(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![0-9*])")
BANK_CARD = re.compile(r"(?<![0-9*])\d(?:[ -]?\d){15,18}(?![0-9*])")  # cards have 16-19 digits


def mask_text(text):
    """Mask ID numbers, mobile numbers and bank-card numbers in free text."""
    if not text or not any(c.isdigit() for c in text):
        return text
    text = ID_NUMBER.sub(lambda m: m[1] + "*" * len(m[2]) + m[3], text)
    text = MOBILE.sub(lambda m: f"{m[1]}****{m[3]}", text)
    return BANK_CARD.sub(_mask_card, text)


def _mask_card(match):
    digits = [c for c in match[0] if c.isdigit()]
    return "*" * (len(digits) - 4) + "".join(digits[-4:])


def find_personal_data(text):
    """What a reviewer should look at: the unmasked matches, by kind."""
    found = {}
    for kind, pattern in (("id_number", ID_NUMBER), ("mobile", MOBILE), ("bank_card", BANK_CARD)):
        hits = [m[0] for m in pattern.finditer(text or "")]
        if hits:
            found[kind] = hits
    return found


def mask_value(value):
    """Mask every string inside a JSON-like value."""
    if isinstance(value, str):
        return mask_text(value)
    if isinstance(value, list):
        return [mask_value(v) for v in value]
    if isinstance(value, dict):
        return {k: mask_value(v) for k, v in value.items()}
    return value
