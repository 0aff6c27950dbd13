"""Personal numbers (ID, mobile, bank card) as a reader sees them, whatever the spelling.

Text is read piece by piece (a character, or an HTML entity such as ``&#49;``) the way a
reader takes it in: entities decoded; NFKC applied (full-width, circled, superscript and
mathematical digits become 0-9, a full-width Ｘ an X); Chinese numerals 〇一二…九 read as
digits; invisible characters (zero-width spaces and joiners, BOM, word joiner, soft
hyphen, combining marks) and the Markdown markup that can sit inside a number without
showing (``*``, ``_``, backticks, ``\\``) skipped; every kind of space one separator (a page
collapses runs of it), dashes and dots another; a block quote's ``>`` marks at the start
of a line ignored (its lines read on). The result is a skeleton, one character per
visible piece with the source span it came from.

Numbers are recognised on the skeleton group by group: a group is a run of digits, a
chain is groups joined by gaps (space with at most one line break, or one or two dashes
or dots), and a number is whole consecutive groups of a chain whose digits make an ID
number (18 digits with a plausible birth date, or the old 15), a mobile (11 digits
1[3-9]…, after 86 or 0086 or not) or a bank card (16-19 digits, contiguous or in groups of
four, or 6 + the rest). Whole groups only, so a landline 0795-6123456, a date 2026-11-23,
an amount 1260元 or an index number QX-DT/2026-00001 is never taken for one.

Only the stretches of text that could hold a number (eleven or more digit-like pieces
with nothing but gap characters between them) are read piece by piece: one regular
expression finds them, so text without numbers costs next to nothing.
"""
import functools
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass

_PIECE = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};)|.", re.S)
_ENTITY = r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};)"
_HIDDEN_MARKUP = "*_`\\"  # Markdown that can split a number without showing
_DOTS = ".\u00b7\u2027\u2219\u22c5\u30fb\u2022\u2212~"  # · ‧ ∙ ⋅ ・ • − ~
_BLANKS = "\u2800\u3164\uffa0\u115f\u1160"  # letters and symbols that show as nothing but space
_CHINESE_DIGITS = {c: str(d) for d, c in enumerate("〇一二三四五六七八九")} | {"零": "0"}
# Categories whose characters read as 'a' unless listed in _SPECIAL (so _classes can skip them).
_PLAIN_CATEGORIES = {"Lu", "Ll", "Lt", "Lm", "Lo", "Po", "Ps", "Pe", "Pi", "Pf", "Pc", "Sm", "Sc", "Sk", "So",
                     "Co", "Cn"}
# A gap: space with at most one line break (a page shows it as one space; a blank line parts
# paragraphs), or one or two dashes or dots with space around them.
_SPECIAL = set(_CHINESE_DIGITS) | set("xX>_*`\\") | set(_DOTS) | set(_BLANKS)
_GAP = r"(?=[ \n-]) *(?:\n *)?(?:-{1,2} *(?:\n *)?)?"
_CHAIN = re.compile(rf"[0-9]+(?:{_GAP}[0-9]+)*(?:X(?![0-9Xa]))?")
_GROUP = re.compile(r"[0-9]+X?")
_QUOTE_MARKS = re.compile(r"(?m)^[ >]*>")
_ID_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_ID_18 = re.compile(rf"[1-9][0-9]{{5}}(?:18|19|20)[0-9]{{2}}{_ID_DATE}[0-9]{{3}}[0-9X]")
_ID_15 = re.compile(rf"[1-9][0-9]{{5}}[0-9]{{2}}{_ID_DATE}[0-9]{{3}}")
_MOBILE = re.compile(r"(?:0086|86)?(1[3-9][0-9]{9})")
_LENGTHS = {11, 12, 13, 14, 15, 16, 17, 18, 19, 20}  # a mobile (+ 86 or 0086), an ID, a card, each + an X
_LONGEST = max(_LENGTHS)


@dataclass(frozen=True)
class Number:
    kind: str  # "id_number", "mobile" or "bank_card"
    start: int  # where it is written in the source (from its first digit to its last)
    end: int
    hidden: tuple  # the (start, end) source spans of the digits masking hides


@functools.lru_cache(maxsize=8192)
def read_piece(piece):
    """What one character or entity shows a reader, as skeleton characters."""
    return _reading(piece)


def _reading(piece):
    shown = unicodedata.normalize("NFKC", html.unescape(piece) if len(piece) > 1 else piece)
    return "".join(_skeleton_char(char) for char in shown)


def _skeleton_char(char):
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    if char in _CHINESE_DIGITS:
        return _CHINESE_DIGITS[char]
    if char in "xX":
        return "X"
    if char in _HIDDEN_MARKUP or unicodedata.category(char) in ("Cf", "Mn", "Me"):
        return ""
    if char == "\n" or char == ">":
        return char
    if char.isspace() or char in _BLANKS:
        return " "
    if char in _DOTS or unicodedata.category(char) == "Pd":
        return "-"
    return "a"


@functools.cache
def _stretches():
    """The regular expression of stretches that could hold a number: eleven or more
    digit-like pieces with only gap pieces between them."""
    digit, gap = _classes()
    piece = rf"(?:{digit}|(?>{_ENTITY})){gap}*+"  # atomic: an entity's digits never re-split
    return re.compile(piece + f"(?:{piece}){{10,}}")  # written out once so that re skips to a digit fast


@functools.cache
def _digit_like():
    return re.compile(rf"{_classes()[0]}|&(?:#|sup|frac)")


def has_digits(text):
    """Whether `text` shows a reader any digit (in any spelling)."""
    return bool(_digit_like().search(text))


@functools.cache
def _classes():
    """The characters a reader takes for a digit, and those read as a gap, as two regular
    expressions (built once, ~0.2 s; they do not overlap, so a failed match backtracks in
    linear time). An entity counts as a digit; '&' is in neither."""
    digits, gaps = [], []
    for code in itertools.chain(range(0xD800), range(0xE000, 0x30000), range(0xE0000, 0xE0200)):
        char = chr(code)
        if unicodedata.decomposition(char):  # only these change under NFKC: read them in full
            shown = _reading(char)
        elif unicodedata.category(char) in _PLAIN_CATEGORIES and char not in _SPECIAL:
            continue  # letters, ideographs, symbols and punctuation that read as themselves ('a')
        else:
            shown = _skeleton_char(char)
        if any(c.isdigit() for c in shown):
            digits.append(code)
        elif shown != "a" and all(c in " -\n>X" for c in shown):
            gaps.append(code)
    return _char_class(digits), _char_class(gaps)


def _char_class(codes):
    """A class of characters; the few beyond the BMP apart, behind a guard, since re tests
    those one range after another (three times slower over Chinese text)."""
    beyond = _ranges([c for c in codes if c > 0xFFFF])
    return rf"(?:[{_ranges([c for c in codes if c <= 0xFFFF])}]|(?=[\U00010000-\U0010FFFF])[{beyond}])"


def _ranges(codes):
    spans = []
    for code in codes:
        if spans and spans[-1][1] == code - 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in spans)


class _Skeleton(dict):
    """A str.translate table giving each character its skeleton; remembers the characters that
    are not read as exactly one (invisible ones, ⑽)."""

    def __missing__(self, ordinal):
        self[ordinal] = read_piece(chr(ordinal))
        if len(self[ordinal]) != 1:
            _UNEVEN.add(chr(ordinal))
        return self[ordinal]


_SKELETON, _UNEVEN = _Skeleton(), set()


class _OneToOne:
    """The spans of a text read one skeleton character per source character."""

    def __init__(self, offset):
        self.offset = offset

    def __getitem__(self, index):
        return (self.offset + index, self.offset + index + 1)


def read(text, offset=0):
    """The skeleton of `text` (digits, X, ' ' for space, '\\n', '-' for dashes and dots, 'a' for
    anything else) and, for each of its characters, the source span it was read from."""
    if "&" not in text:  # most stretches: translated at C speed, spans one to one
        quick = text.translate(_SKELETON)
        if _UNEVEN.isdisjoint(text):
            return _QUOTE_MARKS.sub(lambda m: " " * len(m[0]), quick), _OneToOne(offset)
    skeleton, spans = [], []
    for match in _PIECE.finditer(text):
        span = (match.start() + offset, match.end() + offset)
        for char in read_piece(match[0]):
            skeleton.append(char)
            spans.append(span)
    return _QUOTE_MARKS.sub(lambda m: " " * len(m[0]), "".join(skeleton)), spans


def find_numbers(text, cards_checked=False):
    """Every personal number in `text`. With `cards_checked`, a card needs a valid Luhn digit."""
    found = []
    for stretch in _stretches().finditer(text or ""):
        skeleton, spans = read(stretch[0], stretch.start())
        for kind, digits, hidden in _numbers_in(skeleton, cards_checked):
            found.append(Number(kind, spans[digits[0]][0], spans[digits[-1]][1], tuple(spans[p] for p in hidden)))
    return found


def _numbers_in(skeleton, cards_checked):
    """(kind, skeleton positions of its digits, positions masking hides) for each number."""
    for chain in _CHAIN.finditer(skeleton):
        text = chain[0]
        if len(text) - text.count(" ") - text.count("\n") - text.count("-") - text.count("X") < 11:
            continue
        groups = [range(chain.start() + g.start(), chain.start() + g.end()) for g in _GROUP.finditer(text)]
        i = 0
        while i < len(groups):
            found = _number_at(skeleton, groups, i, cards_checked)
            if found is None:
                i += 1
            else:
                number, i = found
                yield number


def _number_at(skeleton, groups, start, cards_checked):
    """The best number made of groups[start:end] for some end, and that end; else None.

    A group of one or two digits only ends a number (or is the 86 before a mobile): nobody
    writes 1 38 1234 5678, and a long run of short groups then costs one step per group."""
    best, count = None, 0
    for end in range(start, len(groups)):
        if end > start and len(groups[end - 1]) < 3 and not (end - 1 == start and _prefix(skeleton, groups[start])):
            break
        count += len(groups[end])
        if count > _LONGEST:
            break
        if count not in _LENGTHS:
            continue
        positions = [p for group in groups[start:end + 1] for p in group]
        digits = "".join(skeleton[p] for p in positions)
        for rank, number in enumerate(_classify(digits, positions, groups[start:end + 1], cards_checked)):
            if number is not None and (best is None or rank < best[0] or (rank == best[0] and end > best[2])):
                best = (rank, number, end)
    return None if best is None else (best[1], best[2] + 1)


def _prefix(skeleton, group):
    return skeleton[group.start:group.stop] == "86"


def _classify(digits, positions, groups, cards_checked):
    """What the digits could be, in order of preference (None where they cannot)."""
    plain = positions[:-1] if digits.endswith("X") else positions
    plain_digits = digits.rstrip("X")
    yield ("id_number", positions, positions[2:-3]) if _ID_18.fullmatch(digits) else None
    mobile = _MOBILE.fullmatch(plain_digits)
    yield ("mobile", plain, plain[mobile.start(1):][3:7]) if mobile else None
    card = 16 <= len(plain) <= 19 and _card_grouping(groups, len(plain))
    yield ("bank_card", plain, plain[:-4]) if card and (not cards_checked or _luhn_ok(plain_digits)) else None
    yield ("id_number", plain, plain[2:-3]) if _ID_15.fullmatch(plain_digits) else None


def _card_grouping(groups, count):
    """Cards are written in one run, in fours (the first may be 6, the last shorter), or as
    6 + the rest; not as a landline and a number that happen to add up (0795 6123456 0795…)."""
    sizes = [len(g) for g in groups]
    sizes[-1] = count - sum(sizes[:-1])  # an X after the last group is not part of a card
    if len(sizes) == 1 or (len(sizes) == 2 and sizes[0] == 6):
        return True
    return sizes[0] in (4, 6) and all(s == 4 for s in sizes[1:-1]) and sizes[-1] <= 4


def _luhn_ok(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        value = int(d) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0
