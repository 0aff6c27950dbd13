"""Stage 4, candidates: an inverted index over every record's searchable forms.

Keys are single characters and character pairs of the title, tags, summary and the short
fields, pinyin syllables and initials pairs at word starts. A form's candidates are the
records holding all its keys; match.py then checks the form really occurs. Bodies are long
and rarely what a resident means, so they are not in the index: they are joined into one
string and scanned at C speed. Entries are kept per (id, rev) and the postings patched, so
a publish re-indexes one record, not ten thousand.
"""
from bisect import bisect_left, bisect_right

from .entry import INITIAL_PAIR, SYLLABLE, entry_grams, make_entry


BODY_SKIP = 200    # indexed-field candidates enough that bodies are not scanned
BODY_LIMIT = 400   # body-only matches counted at most: past any page a kiosk shows
BODY_REMEMBERED = 2048  # body scans kept per index version, by text
JOINED = ("title", "tags", "summary", "extra", "body")  # fields kept joined for scans


class InvertedIndex:
    def __init__(self):
        self.entries = {}    # record id → Entry of its public version
        self._keys = {}      # record id → (id, rev) the entry was built from
        self.postings = {}   # key → set of record ids
        self._syllables = ()  # sorted pinyin syllables seen, for prefixes ("yan" → yan, yang)
        self._joined = {}    # field → (its texts joined by NUL, start offsets, record ids)
        self.recency = {}    # record id → place in the public set's newest-first order
        self._body_found = {}  # text → ids whose body holds it, for this index version

    def update(self, public_entries, segmenter, cache):
        """Make the index hold exactly these PublicEntries; `cache` maps (id, rev) → Entry."""
        wanted = {e.id: e for e in public_entries}
        for record_id in [i for i in self.entries if i not in wanted or self._keys[i] != wanted[i].key]:
            self._remove(record_id)
        for record_id, public in wanted.items():
            if record_id not in self.entries:
                entry = cache.get(public.key) or make_entry(public.record, segmenter)
                self._add(record_id, public.key, entry)
        self._syllables = tuple(sorted(k[1:] for k in self.postings if k[0] == SYLLABLE))
        self._join_fields()
        self.recency = {e.id: n for n, e in enumerate(public_entries)}
        return {self._keys[i]: e for i, e in self.entries.items()}

    def _add(self, record_id, key, entry):
        self.entries[record_id], self._keys[record_id] = entry, key
        postings = self.postings
        for gram in entry_grams(entry):
            ids = postings.get(gram)
            if ids is None:
                postings[gram] = {record_id}
            else:
                ids.add(record_id)

    def _remove(self, record_id):
        entry = self.entries.pop(record_id)
        del self._keys[record_id]
        for gram in entry_grams(entry):
            ids = self.postings.get(gram)
            if ids is not None:
                ids.discard(record_id)
                if not ids:
                    del self.postings[gram]

    def _join_fields(self):
        """Each field of every entry as one string, for scans at C speed (bodies, common words)."""
        ids = tuple(self.entries)
        self._joined = {}
        for name in JOINED:
            texts = [self.entries[i].fields[name] for i in ids]
            starts, at = [], 0
            for text in texts:
                starts.append(at)
                at += len(text) + 1
            self._joined[name] = ("\x00".join(texts), tuple(starts), ids)
        self._body_found = {}

    def occurrences(self, text, field, limit=None):
        """{record id: where `text` first occurs in its `field`} over every entry (up to `limit`)."""
        corpus, starts, ids = self._joined.get(field, ("", (), ()))
        found, at = {}, corpus.find(text)
        while at >= 0 and (limit is None or len(found) < limit):
            n = bisect_right(starts, at) - 1
            found[ids[n]] = at - starts[n]
            at = corpus.find(text, starts[n + 1]) if n + 1 < len(starts) else -1
        return found

    def text_candidates(self, text, bodies=True):
        """Ids of records whose indexed fields hold every character pair of `text`, or its body.

        When the indexed fields already give BODY_SKIP candidates, bodies are not scanned: a
        body-only hit ranks below all of those, past any page a kiosk shows. Corrections
        (bodies=False) are looked for in the indexed fields only.
        """
        keys = [text] if len(text) == 1 else [text[i:i + 2] for i in range(len(text) - 1)]
        sets = sorted((self.postings.get(k, set()) for k in keys if " " not in k), key=len)
        found = set(sets[0]).intersection(*sets[1:]) if sets else set()
        if not bodies or len(found) >= BODY_SKIP:
            return found
        return found | self.body_candidates(text)

    def body_candidates(self, text):
        """Ids of up to BODY_LIMIT records whose body holds `text` (remembered per version)."""
        found = self._body_found.get(text)
        if found is None:
            if len(self._body_found) >= BODY_REMEMBERED:
                self._body_found.clear()
            found = self._body_found[text] = frozenset(self._scan_bodies(text))
        return found

    def _scan_bodies(self, text):
        return self.occurrences(text, "body", BODY_LIMIT).keys()

    def pinyin_candidates(self, letters):
        """Ids whose pinyin may hold `letters` from a syllable start (yanglao: yang + lao…).

        The letters are split into the syllables the index knows, the last one possibly cut
        short (yanglaob → yang, lao, b…); a record must hold every syllable of some split.
        When there are too many splits, the first syllable alone decides (a wider net).
        """
        splits = self._splits(letters)
        if splits is None:
            return self._first_syllable_candidates(letters)
        found = set()
        for split in splits:
            sets = sorted((self._syllable_ids(s, prefix=n == len(split) - 1) for n, s in enumerate(split)), key=len)
            found |= sets[0].intersection(*sets[1:]) if sets else set()
        return found

    def _splits(self, letters, limit=8):
        """Ways to read letters as known syllables (the last may be a prefix), or None if > limit."""
        splits, stack = [], [(0, ())]
        while stack:
            at, done = stack.pop()
            rest = letters[at:]
            if self._starts_syllable(rest):
                splits.append(done + (rest,))
                if len(splits) > limit:
                    return None
            for n in range(1, min(len(rest) - 1, 6) + 1):
                if SYLLABLE + rest[:n] in self.postings:
                    stack.append((at + n, done + (rest[:n],)))
        return splits

    def _starts_syllable(self, letters):
        at = bisect_left(self._syllables, letters)
        return at < len(self._syllables) and self._syllables[at].startswith(letters)

    def _syllable_ids(self, syllable, prefix):
        if not prefix:
            return self.postings.get(SYLLABLE + syllable, set())
        found, at = set(), bisect_left(self._syllables, syllable)
        while at < len(self._syllables) and self._syllables[at].startswith(syllable):
            found |= self.postings.get(SYLLABLE + self._syllables[at], set())
            at += 1
        return found

    def _first_syllable_candidates(self, letters):
        found = set()
        for syllable in self._first_syllables(letters):
            found |= self.postings.get(SYLLABLE + syllable, set())
        return found

    def _first_syllables(self, letters):
        whole = [letters[:n] for n in range(1, min(len(letters), 6) + 1)
                 if SYLLABLE + letters[:n] in self.postings]
        at = bisect_left(self._syllables, letters)
        while at < len(self._syllables) and self._syllables[at].startswith(letters):
            whole.append(self._syllables[at])
            at += 1
        return whole

    def initials_candidates(self, letters):
        return set(self.postings.get(INITIAL_PAIR + letters[:2], ()))
