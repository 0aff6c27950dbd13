"""Stage 4, candidates: an inverted index over every record's searchable forms.

Keys are single characters and character pairs of the title, tags, summary and the short
fields, pinyin syllables and initials pairs at word starts. A form's candidates are the
records holding all its keys; match.py then checks the form really occurs. Bodies are long
and rarely what a resident means, so their pairs are not indexed (at 10k records that would
be millions of postings): each body character has a bitmask of the records whose body holds
it (BodyChars), and only the records holding every character of a word are looked into.
Entries are kept per (id, rev) and the postings and masks patched, so a publish re-indexes
one record, not ten thousand.
"""
from bisect import bisect_left, bisect_right

from .entry import INITIAL_PAIR, PINYIN_FIELDS, SYLLABLE, entry_grams, make_entry
from .expand import HOMOPHONE, INITIALS


BODY_SKIP = 200    # indexed-field candidates enough that bodies are not scanned
BODY_LIMIT = 400   # body-only matches counted at most: past any page a kiosk shows
BODY_REMEMBERED = 2048  # body scans kept per index version, by text
BODY_MASK_MAX = 3000  # records holding a word's characters past which one scan of all bodies is cheaper
JOINED = ("title", "tags", "summary", "extra", "body")  # fields kept joined for scans


class InvertedIndex:
    def __init__(self):
        self.entries = {}    # record id → Entry of its public version
        self._keys = {}      # record id → (id, rev) the entry was built from
        self.postings = {}   # key → set of record ids
        self._syllables = ()  # sorted pinyin syllables seen, for prefixes ("yan" → yan, yang)
        self._joined = {}    # field → (its texts joined by NUL, start offsets, record ids)
        self._joined_letters = {}  # (field, initials?) → (joined, starts, ids, mask of where a match may start)
        self.recency = {}    # record id → place in the public set's newest-first order
        self._body_found = {}  # text → ids whose body holds it, for this index version
        self._body_chars = BodyChars()

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
        self._body_chars.add(record_id, entry.fields["body"])
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
        self._body_chars.remove(record_id, entry.fields["body"])
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
            self._joined[name] = _joined([self.entries[i].fields[name] for i in ids], ids)
        self._joined_letters = {}
        for name in PINYIN_FIELDS:
            readings = [self.entries[i].pinyin[name] for i in ids]
            # Syllable starts, and each NUL between records, may begin or end a full-pinyin match.
            self._joined_letters[name, False] = (*_joined([p.letters for p in readings], ids),
                                                 b"\x01".join(p.syllable_mask for p in readings) + b"\x01")
            self._joined_letters[name, True] = (*_joined([p.initials for p in readings], ids),
                                                b"\x00".join(p.word_mask for p in readings) + b"\x00")
        self._body_found = {}

    def letter_occurrences(self, form, field):
        """{record id: offset of `form`'s first match in its `field`'s letters (or initials)},
        under match.pinyin_span's rules: from a syllable start (initials: a word start), a
        homophone ending at one too. One scan of the joined field instead of a look per record."""
        corpus, starts, ids, mask = self._joined_letters.get((field, form.how == INITIALS), ("", (), (), b""))
        text, whole = form.text, form.how == HOMOPHONE
        found, at, size = {}, corpus.find(text), len(text)
        while at >= 0:
            if mask[at] and (not whole or mask[at + size]):
                n = bisect_right(starts, at) - 1
                found[ids[n]] = at - starts[n]
                at = corpus.find(text, starts[n + 1]) if n + 1 < len(starts) else -1
            else:
                at = corpus.find(text, at + 1)
        return found

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
        slots = self._body_chars.holding(text)
        if slots.bit_count() > BODY_MASK_MAX:  # common characters: one pass over every body
            return self.occurrences(text, "body", BODY_LIMIT).keys()
        found = []
        for record_id in self._body_chars.records(slots):
            if text in self.entries[record_id].fields["body"]:
                found.append(record_id)
                if len(found) >= BODY_LIMIT:
                    break
        return found

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


class BodyChars:
    """For each character, which records' bodies hold it: a bitmask (a Python int) over record
    slots. A word's candidates are the AND of its characters' masks, a few microseconds; the
    scan of every body it replaces reads 8 MB at 10k records (about 8 ms).

    Slots are reused after a record leaves, so the masks stay as wide as the index is large.
    """

    def __init__(self):
        self.masks = {}   # character → int, bit n set when slot n's body holds it
        self._slots = {}  # record id → slot
        self._ids = []    # slot → record id, or None when free
        self._free = []

    def add(self, record_id, body):
        if self._free:
            slot = self._free.pop()
            self._ids[slot] = record_id
        else:
            slot = len(self._ids)
            self._ids.append(record_id)
        self._slots[record_id] = slot
        bit, masks = 1 << slot, self.masks
        for char in set(body):
            masks[char] = masks.get(char, 0) | bit

    def remove(self, record_id, body):
        slot = self._slots.pop(record_id)
        self._ids[slot] = None
        self._free.append(slot)
        keep, masks = ~(1 << slot), self.masks
        for char in set(body):
            left = masks[char] & keep
            if left:
                masks[char] = left
            else:
                del masks[char]

    def holding(self, text):
        """The mask of slots whose body holds every character of `text`."""
        found = -1
        for char in set(text):
            found &= self.masks.get(char, 0)
            if not found:
                return 0
        return found if found > 0 else 0

    def records(self, mask):
        """The record ids of a mask's slots, lowest slot first."""
        data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
        for n, byte in enumerate(data):
            while byte:
                low = byte & -byte
                yield self._ids[n * 8 + low.bit_length() - 1]
                byte ^= low


def _joined(texts, ids):
    """(the texts joined by NUL, where each starts, their record ids)."""
    starts, at = [], 0
    for text in texts:
        starts.append(at)
        at += len(text) + 1
    return "\x00".join(texts), tuple(starts), ids
