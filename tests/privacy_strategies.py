"""Hypothesis strategies for personal numbers in the spellings found in real text, and the
reader's view of a surface that the masking tests compare against."""
import datetime as dt
import html
import unicodedata

from hypothesis import strategies as st

SEPARATORS = [" ", "  ", "   ", "-", " - ", ".", "·", "\u00a0", "\u00a0\u00a0", "\u2009", "\u202f", "\u3000",
              "—", "–", "‐", "‑", "－", "−", "&nbsp;", "&#8212;", "\u00a0-\u00a0"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\ufeff", "\u2060", "\u00ad", "&#8203;", "&zwj;"]
EMPHASIS = ["**", "*", "_", "__", "`"]
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
REGIONS = ["110101", "362330", "350102", "440305", "510104", "653101"]


def digit_spellings(d):
    """Ways to write the digit d that a reader still reads as d."""
    return [str(d), chr(0xFF10 + d), f"&#{48 + d};", f"&#x{48 + d:x};", f"&#{48 + d:03d};", chr(0x1D7CE + d),
            "⓪" if d == 0 else chr(0x2460 + d - 1), SUPERSCRIPTS[d]]


def id_check_digit(first17):
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


def luhn_check_digit(payload):
    total = 0
    for i, char in enumerate(reversed(payload)):
        value = int(char) * (1 if i % 2 else 2)
        total += value - 9 if value > 9 else value
    return str(-total % 10)


@st.composite
def mobiles(draw):
    digits = "1" + draw(st.sampled_from("3456789")) + draw(st.text("0123456789", min_size=9, max_size=9))
    groups = draw(st.sampled_from([[11], [3, 4, 4], [3, 8], [7, 4]]))
    prefix = draw(st.sampled_from(["", "", "+86", "+86 ", "0086", "0086 ", "86", "(+86)", "+86-"]))
    return "mobile", digits, groups, prefix


@st.composite
def id_numbers(draw):
    region = draw(st.sampled_from(REGIONS) | st.from_regex(r"[1-9][0-9]{5}", fullmatch=True))
    born = draw(st.dates(dt.date(1930, 1, 1), dt.date(2020, 12, 31)))
    serial = draw(st.text("0123456789", min_size=3, max_size=3))
    if draw(st.integers(0, 5)) == 0:  # the old 15-digit number
        return "id_number", region + born.strftime("%y%m%d") + serial, draw(st.sampled_from([[15], [6, 6, 3]])), ""
    first17 = region + born.strftime("%Y%m%d") + serial
    check = id_check_digit(first17) if draw(st.booleans()) else draw(st.sampled_from("0123456789X"))
    groups = draw(st.sampled_from([[18], [6, 8, 4], [6, 4, 4, 4], [3, 3, 4, 4, 4]]))
    return "id_number", first17 + check, groups, ""


@st.composite
def bank_cards(draw):
    length = draw(st.integers(16, 19))
    digits = draw(st.sampled_from(["62", "4", "5", "9"]))
    digits += draw(st.text("0123456789", min_size=length - 1 - len(digits), max_size=length - 1 - len(digits)))
    digits += luhn_check_digit(digits)  # as on every real card
    fours = [4] * (length // 4) + ([length % 4] if length % 4 else [])
    six_then_fours = [6] + [4] * ((length - 6) // 4) + ([(length - 6) % 4] if (length - 6) % 4 else [])
    groups = draw(st.sampled_from([[length], fours, [6, length - 6], six_then_fours]))
    return "bank_card", digits, groups, ""


@st.composite
def spelled_numbers(draw, markdown=True):
    """(spelling, digits a reader must never see in full) for a phone, ID or card number."""
    _, digits, groups, prefix = draw(st.one_of(mobiles(), id_numbers(), bank_cards()))
    pieces, position = [], 0
    for index, size in enumerate(groups):
        if index:
            pieces.append(draw(st.sampled_from(SEPARATORS)))
        for char in digits[position:position + size]:
            if char == "X":
                pieces.append(draw(st.sampled_from(["X", "x", "Ｘ", "ｘ"])))
            else:
                plain = draw(st.integers(0, 9)) < 6
                pieces.append(char if plain else draw(st.sampled_from(digit_spellings(int(char)))))
            if draw(st.integers(0, 14)) == 0:
                pieces.append(draw(st.sampled_from(INVISIBLE)))
        position += size
    if markdown and draw(st.booleans()):  # emphasis or a code span around some of the digits
        start = draw(st.integers(0, len(pieces) - 1))
        end = draw(st.integers(start + 1, len(pieces)))
        marker = draw(st.sampled_from(EMPHASIS))
        pieces[start:end] = [marker, *pieces[start:end], marker]
    return prefix + "".join(pieces), digits.rstrip("X")


def reader_view(text):
    """What a reader makes of a surface's text: entities decoded, NFKC, every digit as 0-9, and
    everything that does not break a number apart (spaces, dashes, dots, invisible characters,
    stray markup) taken out."""
    text = unicodedata.normalize("NFKC", html.unescape(text))
    out = []
    for char in text:
        if char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
        elif char.isspace() or char in ".·−*_`\\~" or unicodedata.category(char) in ("Pd", "Cf", "Mn", "Zs"):
            continue
        else:
            out.append(char)
    return "".join(out)


def strings_in(value):
    """Every string inside a JSON value, one per line."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(strings_in(v) for v in value)
    if isinstance(value, dict):
        return "\n".join(strings_in(v) for v in value.values())
    return str(value)
