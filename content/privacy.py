"""De-identification of personal data before anything reaches a public surface.

Formats as seen on township 公示 lists: ID numbers keep the first 2 and last 3 characters
(35*************123), mobiles keep 3 + 4 (138****1234), bank cards keep only the last 4.

Numbers are found in what a reader sees, not in how the text happens to be spelled. The
text is read piece by piece (a character, or an HTML entity such as ``&#49;``) the way a
reader would take it in: entities decoded, NFKC applied (full-width, circled and other
compatibility digits become 0-9, a full-width Ｘ an X), invisible characters (zero-width
spaces and joiners, BOM, word joiner, soft hyphen, combining marks) and the Markdown
markup that can sit inside a number without showing (``*``, ``_``, `````, ``\\``)
skipped, and every kind of space, dash and dot taken as a separator. That reading is a
skeleton string (one character per visible piece, with the source span it came from) in
which numbers are recognised group by group: a group is a run of digits, a chain is groups
joined by short separator runs, and a number is whole consecutive groups of a chain whose
digits make an ID number (18 digits with a plausible birth date, or 15), a mobile (11
digits 1[3-9]…, optionally after 86 or 0086) or a bank card (16-19 digits, contiguous or
in groups of four). Whole groups only, so a landline 0795-6123456, a date 2026-11-23, an
amount 1260元 or an index number QX-DT/2026-00001 is never taken for one.

Masking then replaces the source characters of the hidden digits, however they were
spelled (entity, full-width, split by markup or invisible characters), with asterisks;
everything else the author wrote is kept. Markdown text gets ``\\*`` so that the stars
show as stars and never pair up into emphasis. The public view (content/publication.py)
then renders what it masked and checks the shown text once more (see `mask_markdown`).
"""
import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

from .rendering import plain_text, shown_text

KINDS = ("id_number", "mobile", "bank_card")
_PIECE = re.compile(r"&(?:#[0-9]{1,8};?|#[xX][0-9a-fA-F]{1,7};?|[A-Za-z][A-Za-z0-9]{1,31};)|.", re.S)
_CHAIN = re.compile(r"[0-9]+(?: {1,3}[0-9]+)*(?:X(?![0-9Xa]))?")
_GROUP = re.compile(r"[0-9]+X?")
_HIDDEN_MARKUP = "*_`\\"  # Markdown that can split a number without showing
_DOTS = ".\u00b7\u2027\u2219\u22c5\u30fb\u2022\u2212~"  # · ‧ ∙ ⋅ ・ • − ~
_BLANKS = "\u2800\u3164\uffa0\u115f\u1160"  # letters and symbols that show as nothing but space
_ID_DATE = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
_ID_18 = re.compile(rf"[1-9][0-9]{{5}}(?:18|19|20)[0-9]{{2}}{_ID_DATE}[0-9]{{3}}[0-9X]")
_ID_15 = re.compile(rf"[1-9][0-9]{{5}}[0-9]{{2}}{_ID_DATE}[0-9]{{3}}")
_MOBILE = re.compile(r"(?:0086|86)?(1[3-9][0-9]{9})")
_ESCAPED = re.compile(r"[!-/:-@\[-`{-~]")  # ASCII punctuation, which Markdown lets a backslash escape
_LONGEST = 21  # 0086 + a mobile is 15 digits, an ID 18, a card 19: no number spans more


@dataclass(frozen=True)
class Number:
    kind: str
    digits: tuple  # skeleton positions of its digits (and an ID's X), in order
    hidden: tuple  # the positions masking hides


@functools.lru_cache(maxsize=8192)
def _read_piece(piece):
    """What one character or entity shows a reader, as skeleton characters."""
    shown = unicodedata.normalize("NFKC", html.unescape(piece) if len(piece) > 1 else piece)
    return "".join(_skeleton_char(char) for char in shown)


def _skeleton_char(char):
    if char.isdecimal():
        return str(unicodedata.decimal(char))
    if char in "xX":
        return "X"
    if char in _HIDDEN_MARKUP or unicodedata.category(char) in ("Cf", "Mn", "Me"):
        return ""
    if char.isspace() or char in _DOTS or char in _BLANKS or unicodedata.category(char) == "Pd":
        return " "
    return "a"


def read(text):
    """The skeleton of `text` (digits, X, ' ' for separators, 'a' for anything else) and,
    for each of its characters, the (start, end) of the source it was read from."""
    skeleton, spans = [], []
    for match in _PIECE.finditer(text):
        for char in _read_piece(match[0]):
            skeleton.append(char)
            spans.append(match.span())
    return "".join(skeleton), spans


def find_numbers(skeleton, cards_checked=False):
    """The personal numbers in a skeleton. With `cards_checked`, a card needs a valid Luhn digit."""
    for chain in _CHAIN.finditer(skeleton):
        groups = [list(range(chain.start() + g.start(), chain.start() + g.end())) for g in _GROUP.finditer(chain[0])]
        i = 0
        while i < len(groups):
            found = _number_at(skeleton, groups, i, cards_checked)
            if found is None:
                i += 1
            else:
                number, i = found
                yield number


def _number_at(skeleton, groups, start, cards_checked):
    """The best number made of groups[start:end] for some end, and that end; else None."""
    best, positions = None, []
    for end in range(start, len(groups)):
        positions = positions + groups[end]
        if len(positions) > _LONGEST:
            break
        digits = "".join(skeleton[p] for p in positions)
        for rank, number in enumerate(_classify(digits, positions, groups[start:end + 1], cards_checked)):
            if number is not None and (best is None or rank < best[0] or (rank == best[0] and end > best[2])):
                best = (rank, number, end)
    return None if best is None else (best[1], best[2] + 1)


def _classify(digits, positions, groups, cards_checked):
    """What the digits could be, in order of preference (None where they cannot)."""
    plain = positions[:-1] if digits.endswith("X") else positions
    plain_digits = digits.rstrip("X")
    yield Number("id_number", tuple(positions), tuple(positions[2:-3])) if _ID_18.fullmatch(digits) else None
    mobile = _MOBILE.fullmatch(plain_digits)
    core = plain[mobile.start(1):] if mobile else None
    yield Number("mobile", tuple(plain), tuple(core[3:7])) if mobile else None
    yield (Number("bank_card", tuple(plain), tuple(plain[:-4]))
           if 16 <= len(plain) <= 19 and _card_grouping(groups, len(plain)) and (not cards_checked or _luhn_ok(plain_digits))
           else None)
    yield (Number("id_number", tuple(plain), tuple(plain[2:-3]))
           if _ID_15.fullmatch(plain_digits) else None)


def _card_grouping(groups, count):
    """Cards are written in one run, in fours (the last group shorter), or as 6 + the rest."""
    sizes = [len(g) for g in groups]
    sizes[-1] = count - sum(sizes[:-1])  # an X after the last group is not part of a card
    return len(sizes) == 1 or all(s == 4 for s in sizes[:-1]) or (len(sizes) == 2 and sizes[0] == 6)


def _luhn_ok(digits):
    total = 0
    for i, d in enumerate(reversed(digits)):
        value = int(d) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def mask_text(text, markdown=False, kinds=KINDS):
    """Mask ID, mobile and bank-card numbers in `text` however they are spelled.

    `markdown`: the text is Markdown, so the stars are written escaped (``\\*``).
    `kinds`: which kinds to mask (a published 咨询电话 field keeps its mobile, say).
    """
    if not text or not any(c.isdigit() for c in text):
        return text
    skeleton, spans = read(text)
    cuts = []
    for number in find_numbers(skeleton):
        if number.kind in kinds and number.hidden:
            cuts.append([spans[number.hidden[0]][0], spans[number.hidden[-1]][1], len(number.hidden)])
    if not cuts:
        return text
    star = "\\*" if markdown else "*"
    merged = []
    for cut in sorted(cuts):  # pieces read as several characters can make two cuts overlap
        if merged and cut[0] < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], cut[1])
            merged[-1][2] += cut[2]
        else:
            merged.append(cut)
    out, done = [], 0
    for start, end, count in merged:
        out += [text[done:start], star * count]
        done = end
    return "".join(out) + text[done:]


def mask_markdown(text, kinds=KINDS):
    """Mask a Markdown text, then check what it renders to; publish it as plain text if that
    still shows a number (markup the reading of the source cannot see through, such as a
    link's brackets between digits, put it back together)."""
    masked = mask_text(text, markdown=True, kinds=kinds)
    if not _shows_number(masked, kinds):
        return masked
    lines = html.unescape(plain_text(masked)).splitlines()
    flat = "\n\n".join(_ESCAPED.sub(r"\\\g<0>", mask_text(line, kinds=kinds)) for line in lines)
    if _shows_number(flat, kinds):  # the last resort, never reached by any spelling we know
        flat = "".join("\\*" if _read_piece(char).isdigit() else char for char in flat)
    return flat


def _shows_number(markdown, kinds):
    return any(kind in kinds for kind in find_personal_data(shown_text(markdown)))


def find_personal_data(text, cards_checked=False):
    """What a reviewer should look at: the unmasked numbers as written, by kind."""
    if not text or not any(c.isdigit() for c in text):
        return {}
    skeleton, spans = read(text)
    found = {}
    for number in find_numbers(skeleton, cards_checked):
        found.setdefault(number.kind, []).append(text[spans[number.digits[0]][0]:spans[number.digits[-1]][1]])
    return found


def url_carries_personal_data(url):
    """Whether a link would hand an ID, mobile or card number to whoever follows or scans it.

    Long numeric ids are common in links, so there a card number must pass the Luhn check."""
    return bool(find_personal_data(unquote(unquote(url or "")), cards_checked=True))


def mask_value(value, markdown=False, kinds=KINDS):
    """Mask every string inside a JSON-like value."""
    if isinstance(value, str):
        return mask_text(value, markdown, kinds)
    if isinstance(value, list):
        return [mask_value(v, markdown, kinds) for v in value]
    if isinstance(value, dict):
        return {k: mask_value(v, markdown, kinds) for k, v in value.items()}
    return value
