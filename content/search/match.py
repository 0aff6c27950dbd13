"""Stage 5 helpers, match: where a form occurs in an entry, and what that is worth.

Weights say what a hit means (see rank.py for how they combine): a word in the title is
what the record is about; tags and summary describe it; the body only mentions it.
"""
from bisect import bisect_left

from .expand import HOMOPHONE, INITIALS, PINYIN

WEIGHTS = {"title": 100, "tags": 60, "summary": 40, "extra": 25, "body": 10}
TITLE_START_BONUS = 20   # the title begins with the word: 低保 → 低保申请 before 城乡低保公示
LETTER_FACTOR = {PINYIN: 0.9, INITIALS: 0.8, HOMOPHONE: 0.9}
TIERS = {"title": 0, "tags": 1, "summary": 1, "extra": 2, "body": 2}


def form_hit(entry, form):
    """(weight, field) of the best place `form` occurs in `entry`, or None."""
    if form.letters:
        return _letters_hit(entry, form)
    for name in WEIGHTS:
        text = entry.fields[name]
        at = text.find(form.text)
        if at >= 0:
            bonus = TITLE_START_BONUS if name == "title" and at == 0 else 0
            return WEIGHTS[name] + bonus, name
    return None


def _letters_hit(entry, form):
    for name, pinyin in entry.pinyin.items():
        span = pinyin_span(pinyin, form)
        if span is not None:
            bonus = TITLE_START_BONUS if name == "title" and span[0] == 0 else 0
            return WEIGHTS[name] * LETTER_FACTOR[form.how] + bonus, name
    return None


def pinyin_span(pinyin, form):
    """(first, last) syllable numbers where `form` matches this field's pinyin, or None.

    Full pinyin must start at a syllable (yanglao, not anglao) and may end inside one,
    as a prefix (yanglaob…); a homophone must cover whole syllables; initials must start
    at a word (syd is 生育登记, not 跨省异地).
    """
    if form.how == INITIALS:
        at = pinyin.initials.find(form.text)
        while at >= 0:
            if at in pinyin.word_starts:
                return at, at + len(form.text) - 1
            at = pinyin.initials.find(form.text, at + 1)
        return None
    letters = pinyin.letters
    at = letters.find(form.text)
    while at >= 0:
        end = at + len(form.text)
        first = pinyin.syllable_at(at)
        if first is not None and (form.how != HOMOPHONE or end == len(letters) or pinyin.syllable_at(end) is not None):
            return first, bisect_left(pinyin.offsets, end) - 1
        at = letters.find(form.text, at + 1)
    return None
