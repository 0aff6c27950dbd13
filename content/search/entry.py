"""The searchable forms of one record version, built once and kept while its rev lives."""
import re
from bisect import bisect_left
from dataclasses import dataclass

from .normalise import fold
from .reading import syllables as run_syllables

HANZI_RUN = re.compile(r"[\u3400-\u9fff]+")
# Fields in rank order: where a word is found says how much the record is about it.
FIELDS = ("title", "tags", "summary", "extra", "body")
PINYIN_FIELDS = ("title", "tags", "summary")
EXTRA = ("department", "area", "index_no", "doc_no", "code", "location")
SYLLABLE, INITIAL_PAIR = "\x01", "\x02"  # index keys for pinyin, apart from text grams
BODY = ("body", "basis", "conditions", "fee", "hours")


@dataclass(frozen=True)
class Pinyin:
    """Full pinyin of a field's Chinese characters, one syllable per character."""
    letters: str        # the syllables joined: "zuidishenghuo..."
    initials: str       # first letters, one per syllable
    offsets: tuple      # syllable number → offset in `letters`
    chars: tuple        # syllable number → character offset in the field
    word_starts: frozenset  # syllable numbers where a word begins (initials may start there)
    syllable_mask: bytes    # per letter: 1 where a syllable starts (for scans of joined letters)
    word_mask: bytes        # per initial: 1 where a word starts

    def syllable_at(self, offset):
        """The number of the syllable starting at `offset` in `letters`, or None."""
        n = bisect_left(self.offsets, offset)
        return n if n < len(self.offsets) and self.offsets[n] == offset else None

    def spans(self, first, last):
        """Character span [start, end) in the field covered by syllables first..last."""
        return self.chars[first], self.chars[last] + 1


@dataclass(frozen=True)
class Entry:
    id: int
    org: str
    kind: str
    shared: bool           # a county record shown in every township
    fields: dict           # field name → folded text
    pinyin: dict           # field name → Pinyin


def make_entry(record, segmenter):
    """An Entry for a public record; `segmenter(text)` splits a title into words."""
    tags = record.get("tags") or []
    extra = [record.get(k) or "" for k in EXTRA]
    extra += [m.get("name", "") for m in record.get("materials") or [] if isinstance(m, dict)]
    extra += [f.get("q", "") for f in record.get("faqs") or [] if isinstance(f, dict)]
    body = [record.get(k) or "" for k in BODY if isinstance(record.get(k), str)]
    body += [f.get("a", "") for f in record.get("faqs") or [] if isinstance(f, dict)]
    body += [s.get("name", "") for s in record.get("steps") or [] if isinstance(s, dict)]
    fields = {"title": fold(record.get("title", "")), "tags": fold(" ".join(tags)),
              "summary": fold(record.get("summary") or ""), "extra": fold(" ".join(extra)),
              "body": fold(" ".join(body))}
    word_starts = {"title": _word_offsets(fields["title"], segmenter),
                   "tags": _tag_offsets(fields["tags"])}
    pinyin = {name: field_pinyin(fields[name], word_starts.get(name)) for name in PINYIN_FIELDS}
    return Entry(record["id"], record.get("org", ""), record.get("kind", ""), bool(record.get("all_townships")),
                 fields, pinyin)


def entry_grams(entry):
    """The inverted index's keys for an entry (recomputed, not kept: they would double its size)."""
    grams = set()
    for name in FIELDS[:-1]:
        grams |= text_grams(entry.fields[name], singles=name in ("title", "tags"))
    for pinyin in entry.pinyin.values():
        grams |= pinyin_grams(pinyin)
    return grams


def text_grams(text, singles=True):
    """Adjacent pairs (and single characters): what the inverted index is keyed by."""
    grams = set(text) if singles else set()
    grams.update(text[i:i + 2] for i in range(len(text) - 1))
    grams.discard(" ")
    return {g for g in grams if not g.isspace() and " " not in g}


def pinyin_grams(pinyin):
    """Index keys of a field's pinyin: each syllable, and each initials pair at a word start."""
    bounds = (*pinyin.offsets, len(pinyin.letters))
    grams = {SYLLABLE + pinyin.letters[a:b] for a, b in zip(bounds, bounds[1:])}
    grams |= {INITIAL_PAIR + pinyin.initials[n:n + 2] for n in pinyin.word_starts if n + 1 < len(pinyin.initials)}
    return grams


def field_pinyin(text, word_offsets=None):
    """Pinyin of a field: phrase-aware readings (银行 háng, 重庆 chóng) per character."""
    letters, initials, starts, chars = [], [], [], []
    position, word_syllables = 0, set()
    offsets = set(word_offsets) if word_offsets is not None else None
    for run in HANZI_RUN.finditer(text):
        syllables = run_syllables(run.group())
        for i, syllable in enumerate(syllables):
            char = run.start() + i
            if i == 0 or (offsets is not None and char in offsets):
                word_syllables.add(len(chars))
            starts.append(position)
            chars.append(char)
            letters.append(syllable)
            initials.append(syllable[0])
            position += len(syllable)
    joined = "".join(letters)
    syllable_mask = bytearray(len(joined))
    for start in starts:
        syllable_mask[start] = 1
    word_mask = bytes(1 if n in word_syllables else 0 for n in range(len(initials)))
    return Pinyin(joined, "".join(initials), tuple(starts), tuple(chars), frozenset(word_syllables),
                  bytes(syllable_mask), word_mask)


def _word_offsets(text, segmenter):
    offsets, position = set(), 0
    for word in segmenter(text):
        at = text.find(word, position)
        if at >= 0:
            offsets.add(at)
            position = at + len(word)
    return offsets


def _tag_offsets(text):
    return {m.start() for m in re.finditer(r"\S+", text)}
