"""Stage 3, expand: words → a Query of terms, each with every form worth looking for.

A term matches a record when any of its forms does. How a form was found decides its
rank: EXACT and SYNONYM forms are what the resident said; PINYIN forms are what they
typed in letters (full pinyin at a syllable start, or initials at a word start); TYPO forms
are corrections (a homophone, one character wrong, missing or extra, one letter off in
pinyin of 4+ letters) and always rank below what matched as typed.
"""
import string
from dataclasses import dataclass

from .lexicon import FILLER, HANZI, INTENTS, deletes, word_pinyin
from .segment import segment

EXACT, SYNONYM, PINYIN, INITIALS, TYPO, HOMOPHONE = "exact", "synonym", "pinyin", "initials", "typo", "homophone"
CORRECTED_MAX = 16  # longer words are not corrected: no name is that long, and edits grow with length
CORRECTIONS = (TYPO, HOMOPHONE)


@dataclass(frozen=True)
class Form:
    text: str
    how: str  # EXACT, SYNONYM, TYPO: text to find; PINYIN, INITIALS, HOMOPHONE: letters to find

    @property
    def letters(self):
        return self.how in (PINYIN, INITIALS, HOMOPHONE)


@dataclass(frozen=True)
class Term:
    text: str
    forms: tuple
    optional: bool = False  # an intent word: it adds to the score, it is not required


@dataclass(frozen=True)
class Query:
    terms: tuple
    kind: str = None      # the kind of record the words ask for (材料 → guide)
    section: str = None   # the part of a record to open first ("materials")

    @property
    def required(self):
        return [t for t in self.terms if not t.optional]


def analyse(text, lexicon):
    """Segment and expand folded query text: the whole query side of the pipeline."""
    return expand(segment(text, lexicon.vocab, lexicon.longest), lexicon)


def expand(words, lexicon):
    """The Query for segmented words: filler dropped, intent noted, every form expanded."""
    kind = section = None
    terms = []
    for word in words:
        if word.text in INTENTS:
            kind, section = kind or INTENTS[word.text][0], section or INTENTS[word.text][1]
            terms.append(Term(word.text, expand_word(word.text, lexicon), optional=True))
        elif word.text not in FILLER and word.text.strip(string.punctuation):
            terms.append(Term(word.text, expand_word(word.text, lexicon)))
    if terms and all(t.optional for t in terms):  # "公示" alone: the intent word is the subject
        terms = [Term(t.text, t.forms) for t in terms]
    return Query(tuple(dict.fromkeys(terms)), kind, section)


def expand_word(word, lexicon):
    """Every form of one word: itself, its synonyms, pinyin readings and typo corrections."""
    forms = [Form(word, EXACT)]
    forms += [Form(s, SYNONYM) for s in lexicon.synonyms_of(word) if s != word]
    letters = word.isascii() and word.isalpha()
    if letters or (HANZI.search(word) and any(c.isascii() and c.isalpha() for c in word)):
        forms += _letter_forms(word if letters else word_pinyin(word)[0], lexicon, initials=letters)
    elif HANZI.search(word) and len(word) >= 2:
        forms += _hanzi_corrections(word, lexicon)
    return tuple(dict.fromkeys(forms))


def _letter_forms(letters, lexicon, initials):
    forms = [Form(letters, PINYIN)]
    if initials and len(letters) >= 2:
        forms.append(Form(letters, INITIALS))
    words = set(lexicon.by_pinyin.get(letters, ()))
    if initials:
        words |= lexicon.by_initials.get(letters, set())
    for word in sorted(words):
        forms += [Form(s, SYNONYM) for s in lexicon.synonyms_of(word)]
    if not words and 4 <= len(letters) <= CORRECTED_MAX * 3 and not _pinyin_prefix(letters, lexicon):
        for fixed in sorted(set(one_letter_edits(letters)) & lexicon.by_pinyin.keys()):
            forms += [Form(s, TYPO) for w in sorted(lexicon.by_pinyin[fixed]) for s in lexicon.synonyms_of(w)]
    return forms


def _pinyin_prefix(letters, lexicon):
    from bisect import bisect_left
    keys = lexicon.pinyin_sorted
    at = bisect_left(keys, letters)
    return at < len(keys) and keys[at].startswith(letters)


def _hanzi_corrections(word, lexicon):
    """Homophones (保账 → 保障) and one character wrong, missing or extra (3+ characters)."""
    if word in lexicon.vocab or len(word) > CORRECTED_MAX:
        return []
    full, _ = word_pinyin(word)
    fixed = set(lexicon.by_pinyin.get(full, ()))
    if len(word) >= 3:
        for variant in deletes(word) | {word}:
            fixed |= {w for w in lexicon.by_delete.get(variant, ()) if abs(len(w) - len(word)) <= 1}
    forms = [Form(full, HOMOPHONE)]
    for w in sorted(fixed - {word}):
        forms += [Form(s, TYPO) for s in lexicon.synonyms_of(w)]
    return forms


def one_letter_edits(word):
    """Every string one deletion, insertion, substitution or swap away from `word`."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    yield from (a + b[1:] for a, b in splits if b)
    yield from (a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1)
    yield from (a + c + b[1:] for a, b in splits if b for c in letters)
    yield from (a + c + b for a, b in splits for c in letters)
