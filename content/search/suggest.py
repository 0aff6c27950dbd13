"""Suggestions while typing: up to five titles or known words the typed text leads to.

Prefix of a title or a word, then pinyin or initials prefix, then a synonym's titles, then
a title containing the text: each list is short and precomputed at rebuild, so a keystroke
costs a scan of plain tuples.
"""
from dataclasses import dataclass

from .lexicon import word_pinyin

LIMIT = 5


@dataclass(frozen=True)
class Suggestion:
    text: str
    id: int = None  # the record a title suggestion opens, None for a word


def suggestion_rows(entries):
    """(title, pinyin, initials, id) per entry: what suggest() scans."""
    return tuple((e.fields["title"], e.pinyin["title"].letters, e.pinyin["title"].initials, e.id)
                 for e in entries)


def word_rows(lexicon):
    """(word, pinyin, initials) for the words of the synonym groups, shortest first."""
    words = sorted((w for w in lexicon.synonyms if len(w) >= 2), key=lambda w: (len(w), w))
    return tuple((w, *word_pinyin(w)) for w in words)


def suggest(text, rows, words, lexicon, limit=LIMIT):
    """Up to `limit` Suggestions for folded, stripped `text` over the title rows in scope."""
    if not text:
        return []
    letters = text.isascii() and text.isalpha()
    out, seen = [], set()

    def add(item, record_id=None):
        if item not in seen and len(out) < limit:
            seen.add(item)
            out.append(Suggestion(item, record_id))

    for test in _tests(text, letters):
        for title, pinyin, initials, record_id in rows:
            if test(title, pinyin, initials):
                add(title.strip(), record_id)
        if len(out) >= limit:
            break
        for word, pinyin, initials in words:
            if test(word, pinyin, initials) and word != text:
                add(word)
    if len(out) < limit and not letters:
        for synonym in lexicon.synonyms_of(text):
            for title, _, _, record_id in rows:
                if synonym != text and synonym in title:
                    add(title.strip(), record_id)
        for title, _, _, record_id in rows:
            if text in title:
                add(title.strip(), record_id)
    return out


def _tests(text, letters):
    if not letters:
        return [lambda t, p, i: t.startswith(text)]
    return [lambda t, p, i: p.startswith(text), lambda t, p, i: len(text) >= 2 and i.startswith(text)]
