"""Stage 1, normalise: 繁→简, full width → half width, lower case, punctuation → space.

`fold` keeps every character's position (one character in, one out), so offsets found in
folded text are offsets into the original: highlights need nothing else.
"""
import unicodedata

import opencc

_TO_SIMPLIFIED = opencc.OpenCC("t2s")
_BLANK_CATEGORIES = ("C", "P", "S", "Z")  # control, punctuation, symbols (emoji), separators
KEEP = "-/"   # index numbers (QX-DT/2026-00001) and document numbers keep their separators


class _FoldTable(dict):
    """str.translate table filled on first sight of each character."""

    def __missing__(self, code):
        char = chr(code)
        if char in KEEP:
            folded = char
        elif unicodedata.category(char)[0] in _BLANK_CATEGORIES:
            folded = " "
        else:
            folded = unicodedata.normalize("NFKC", char).lower()
            if len(folded) != 1:
                folded = char.lower() if len(char.lower()) == 1 else char
            if unicodedata.category(folded)[0] in _BLANK_CATEGORIES and folded not in KEEP:
                folded = " "
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text):
    """Simplified, half-width, lower-case text of the same length, punctuation as spaces."""
    text = (text or "").translate(_FOLD)
    simplified = _TO_SIMPLIFIED.convert(text)
    if len(simplified) == len(text):
        return simplified
    return "".join(c if len(s := _TO_SIMPLIFIED.convert(c)) != 1 else s for c in text)


def normalise(text):
    """Folded text with runs of space squeezed: what the staff listing compares."""
    return " ".join(fold(text).split())
