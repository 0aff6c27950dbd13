"""Kiosk search over public records: Chinese text (简/繁), full pinyin and initials.

An in-memory index, rebuilt when the content version changes; entries are cached by
record version, so a rebuild only converts what changed. A query scans the index with
plain substring tests, which stays in the low milliseconds at 10k records.
"""
import re
from dataclasses import dataclass

import opencc
from pypinyin import Style, lazy_pinyin

_TO_SIMPLIFIED = opencc.OpenCC("t2s")
_MARKUP = re.compile(r"[#*_>|`\-\[\]()!]+")
QUERY_MAX = 100


def normalise(text):
    """Simplified Chinese, lower case, Markdown punctuation and runs of space squeezed."""
    text = _TO_SIMPLIFIED.convert(text or "").lower()
    return " ".join(_MARKUP.sub(" ", text).split())


@dataclass(frozen=True)
class IndexEntry:
    title: str
    text: str
    pinyin: str
    starts: frozenset
    initials: str
    everything: str  # all of the above: a term found nowhere in it matches nothing


def index_entry(record):
    """The searchable forms of one public record."""
    title = normalise(record.get("title", ""))
    extra = [record.get(k) or "" for k in ("summary", "body", "department", "area", "index_no",
                                          "doc_no", "code", "basis", "fee", "location")]
    extra += record.get("tags") or []
    extra += [m.get("name", "") for m in record.get("materials") or []]
    extra += [f"{f.get('q', '')} {f.get('a', '')}" for f in record.get("faqs") or []]
    syllables = [s.strip() for s in lazy_pinyin(title) if s.strip()]
    starts, position = set(), 0
    for syllable in syllables:
        starts.add(position)
        position += len(syllable)
    text, pinyin = normalise(" ".join(extra)), "".join(syllables)
    initials = "".join(lazy_pinyin(title, style=Style.FIRST_LETTER, errors="ignore"))
    return IndexEntry(title, text, pinyin, frozenset(starts), initials,
                      "\x00".join((title, text, pinyin, initials)))


class SearchIndex:
    def __init__(self):
        self._cache = {}  # (record id, rev) → IndexEntry
        self.version = None

    def rebuild(self, public_set):
        """Index the records of a PublicSet, reusing entries of unchanged versions."""
        self._cache = {e.key: self._cache.get(e.key) or index_entry(e.record) for e in public_set.entries}
        self.version = public_set.version

    def search(self, query, public_set, now):
        """Public records matching every term of `query` at `now`, best first."""
        terms = normalise(query[:QUERY_MAX]).split()
        if not terms:
            return []
        scored = []
        for order, entry in enumerate(public_set.visible_entries(now)):
            found = self._cache.get(entry.key)
            score = _score(found, terms) if found is not None else 0
            if score:
                scored.append((-score, order, entry.record))
        scored.sort(key=lambda s: s[:2])
        return [record for _, _, record in scored]


def _score(found, terms):
    total = 0
    for term in terms:
        if term not in found.everything:  # one test rules out most records
            return 0
        points = _term_score(found, term)
        if not points:
            return 0
        total += points
    return total


def _term_score(found, term):
    if term in found.title:
        return 12 if found.title.startswith(term) else 10
    if term.isascii() and term.isalpha():
        if found.initials.startswith(term) and len(term) >= 2:
            return 8
        if _at_syllable(found, term):
            return 7 if len(term) > 2 else 4
        if len(term) >= 2 and term in found.initials:
            return 5
    if term in found.text:
        return 3
    return 0


def _at_syllable(found, term):
    position = found.pinyin.find(term)
    while position >= 0:
        if position in found.starts:
            return True
        position = found.pinyin.find(term, position + 1)
    return False

