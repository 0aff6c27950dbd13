"""De-identification of personal data before anything reaches a public surface.

Formats as seen on township 公示 lists: ID numbers keep the first 2 and last 3 characters
(35*************123), mobiles keep 3 + 4 (138****1234), bank cards keep only the last 4.

Numbers are found in what a reader sees, not in how the text happens to be spelled
(content/reading.py: entities, full-width and other digit forms, invisible characters,
Markdown inside a number, every kind of space, dash and dot). Masking replaces the source
characters of the hidden digits, however they were spelled, with asterisks and keeps
everything else the author wrote. In Markdown the stars are written ``\\*``: raw ones pair
up into emphasis (``138****5678，36****…`` renders as ``138<strong><strong>5678…``).

A Markdown body is then checked as it renders (`mask_markdown`): where rendering could put
digits together that the source kept apart (a link's brackets or an entity among digits),
the paragraphs concerned are rendered and what shows is read again. A body that still
shows a number is published as its masked plain text instead. Links are checked the same
way, percent-decoded, so that no ID, mobile or card number reaches a QR code.
"""
import html
import re
from urllib.parse import unquote

from .reading import find_numbers, has_digits, read_piece
from .rendering import plain_text, shown_text

KINDS = ("id_number", "mobile", "bank_card")
_RENDERING_MAY_JOIN = re.compile(r"[\[<&]")  # links, autolinks, entities
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
_LINK_DEFINITION = re.compile(r"(?m)^ {0,3}\[[^\]\n]+\]:.*$")
_ESCAPED = re.compile(r"[!-/:-@\[-`{-~]")  # ASCII punctuation, which a Markdown backslash escapes


def mask_text(text, markdown=False, kinds=KINDS):
    """Mask ID, mobile and bank-card numbers in `text` however they are spelled.

    `markdown`: the text is Markdown, so the stars are written escaped (``\\*``).
    `kinds`: which kinds to mask (a published 咨询电话 field keeps its mobile, say).
    """
    cuts = []
    for number in find_numbers(text):
        if number.kind in kinds and number.hidden:
            cuts.append([number.hidden[0][0], number.hidden[-1][1], len(number.hidden)])
    if not cuts:
        return text
    star = "\\*" if markdown else "*"
    merged = []
    for cut in sorted(cuts):  # a piece read as several digits (⑽) can be in two numbers
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
    """Mask a Markdown text so that what it renders to shows no full number either."""
    masked = mask_text(text, markdown=True, kinds=kinds)
    if not _shows_number(_joinable_part(masked), kinds):
        return masked
    lines = html.unescape(plain_text(masked)).splitlines()
    flat = "\n\n".join(_ESCAPED.sub(r"\\\g<0>", mask_text(line, kinds=kinds)) for line in lines)
    if _shows_number(flat, kinds):  # the last resort, never reached by any spelling we know
        flat = "".join("\\*" if any(c.isdigit() for c in read_piece(char)) else char for char in flat)
    return flat


def _joinable_part(markdown):
    """The paragraphs whose rendering could put digits together that the source kept apart,
    with the link definitions they may use (rendering a whole body costs ~20 ms, and most
    paragraphs cannot hide anything)."""
    if not _RENDERING_MAY_JOIN.search(markdown):
        return ""
    blocks = [block for block in _PARAGRAPH_BREAK.split(markdown)
              if _RENDERING_MAY_JOIN.search(block) and has_digits(block)]
    return "\n\n".join(blocks + _LINK_DEFINITION.findall(markdown)) if blocks else ""


def _shows_number(markdown, kinds):
    return bool(markdown) and any(number.kind in kinds for number in find_numbers(shown_text(markdown)))


def find_personal_data(text, cards_checked=False, markdown=False):
    """What a reviewer should look at: the unmasked numbers as written, by kind (for
    `markdown`, also those only its rendering puts together, as they show)."""
    found = {}
    joinable = _joinable_part(text) if markdown and text else ""
    shown = shown_text(joinable) if joinable else ""
    for source in (text, shown):
        for number in find_numbers(source, cards_checked):
            written = source[number.start:number.end]
            if written not in found.get(number.kind, []):
                found.setdefault(number.kind, []).append(written)
    return found


def url_carries_personal_data(url):
    """Whether a link would hand an ID, mobile or card number to whoever follows or scans it.

    Long numeric ids are common in links, so there a card number must pass the Luhn check."""
    return bool(find_numbers(unquote(unquote(url or "")), cards_checked=True))


def mask_value(value, markdown=False, kinds=KINDS):
    """Mask every string inside a JSON-like value."""
    if isinstance(value, str):
        return mask_text(value, markdown, kinds)
    if isinstance(value, list):
        return [mask_value(v, markdown, kinds) for v in value]
    if isinstance(value, dict):
        return {k: mask_value(v, markdown, kinds) for k, v in value.items()}
    return value
