"""Suggestions while typing: up to five titles or known words the typed text leads to.

Prefix of a title or a word, then pinyin or initials prefix, then a synonym's titles, then
a title containing the text. The titles are sorted three ways at rebuild (as typed, pinyin,
initials), so a keystroke is a binary search and a short walk, not a scan of every title.
"""
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .lexicon import word_pinyin

LIMIT = 5
TITLE, PINYIN, INITIALS = 0, 1, 2  # columns of a title row


@dataclass(frozen=True)
class Suggestion:
    text: str
    id: int = None  # the record a title suggestion opens, None for a word


class Titles:
    """(title, pinyin, initials, id) rows of the indexed records, with their lookups."""

    def __init__(self, rows):
        self.rows = tuple(rows)
        self._sorted = {}
        for column in (TITLE, PINYIN, INITIALS):
            order = sorted(range(len(self.rows)), key=lambda n: self.rows[n][column])
            self._sorted[column] = ([self.rows[n][column] for n in order], order)
        self._joined = "\n".join(row[TITLE] for row in self.rows)
        starts, at = [], 0
        for row in self.rows:
            starts.append(at)
            at += len(row[TITLE]) + 1
        self._starts = starts

    def starting(self, column, text, allowed):
        """Rows (in index order) in `allowed` whose column starts with text."""
        keys, order = self._sorted[column]
        at = bisect_left(keys, text)
        found = []
        while at < len(keys) and keys[at].startswith(text):
            if self.rows[order[at]][3] in allowed:
                found.append(order[at])
            at += 1
        return [self.rows[n] for n in sorted(found)]

    def containing(self, text, allowed):
        """Rows (in index order) in `allowed` whose title contains text."""
        found, at = set(), self._joined.find(text) if text and "\n" not in text else -1
        while at >= 0:
            n = bisect_right(self._starts, at) - 1
            if self.rows[n][3] in allowed:
                found.add(n)
            at = self._joined.find(text, self._starts[n + 1]) if n + 1 < len(self._starts) else -1
        return [self.rows[n] for n in sorted(found)]


def suggestion_rows(entries):
    """Titles of the entries: what suggest() looks in."""
    return Titles((e.fields["title"], e.pinyin["title"].letters, e.pinyin["title"].initials, e.id)
                  for e in entries)


def word_rows(lexicon):
    """(word, pinyin, initials) for the words of the synonym groups, shortest first."""
    words = sorted((w for w in lexicon.synonyms if len(w) >= 2), key=lambda w: (len(w), w))
    return tuple((w, *word_pinyin(w)) for w in words)


def suggest(text, titles, allowed, words, lexicon, limit=LIMIT):
    """Up to `limit` Suggestions for folded, stripped `text` over the titles in `allowed`."""
    if not text:
        return []
    letters = text.isascii() and text.isalpha()
    out, seen = [], set()

    def add(item, record_id=None):
        if item not in seen and len(out) < limit:
            seen.add(item)
            out.append(Suggestion(item, record_id))

    columns = [PINYIN] + ([INITIALS] if len(text) >= 2 else []) if letters else [TITLE]
    for column in columns:
        for row in titles.starting(column, text, allowed):
            add(row[TITLE].strip(), row[3])
            if len(out) >= limit:
                return out
        for row in words:
            if row[column].startswith(text) and row[TITLE] != text:
                add(row[TITLE])
    if len(out) < limit and not letters:
        for synonym in lexicon.synonyms_of(text):
            if synonym != text:
                for row in titles.containing(synonym, allowed):
                    add(row[TITLE].strip(), row[3])
        for row in titles.containing(text, allowed):
            add(row[TITLE].strip(), row[3])
    return out
