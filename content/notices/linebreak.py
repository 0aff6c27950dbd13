"""Chinese line breaking for print: where a line of a notice may end.

fpdf2 breaks CJK text after any character, so a line could start with "，" or "）", end with
"（", or split 0795-6221035 or 2026 in two. Here text is cut into units that must stay whole
(a run of Latin letters and digits; an opening mark with what follows it; a closing mark or
stop with what precedes it) and lines are filled unit by unit (避头尾, as typeset Chinese does).
A unit wider than a whole line is still cut by characters, so nothing is ever clipped.
"""
import re

# Marks that may not start a line (they close or end something) or end one (they open).
NOT_FIRST = set("，。、；：？！）》」』】〕〉’”…—·%％,.;:?!)]}>")
NOT_LAST = set("（《「『【〔〈‘“([{<")
_LATIN = re.compile(r"[A-Za-z0-9@#&_+\-./:=?%,~*]+")


def units(text):
    """The pieces of one line of text that must not be split between lines."""
    pieces = []
    i = 0
    while i < len(text):
        match = _LATIN.match(text, i)
        piece = match.group() if match else text[i]
        i += len(piece)
        if pieces and (piece[0] in NOT_FIRST or pieces[-1][-1] in NOT_LAST):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def wrap(text, width, measure):
    """`text` with a line feed wherever a line of `width` must end; `measure(s)` is the
    printed width of s in the same unit (widths add up: no kerning across pieces). Line
    feeds already in the text are kept."""
    return "\n".join(line for paragraph in text.split("\n") for line in _fill(paragraph, width, measure))


def _fill(paragraph, width, measure):
    lines, line, used = [], "", 0.0
    for piece in units(paragraph):
        size = measure(piece)
        if used + size <= width:
            line, used = line + piece, used + size
            continue
        if line:
            lines.append(line)
        while size > width and len(piece) > 1:  # wider than a line: cut by characters
            cut = _longest_fit(piece, width, measure)
            while cut > 1 and (piece[cut] in NOT_FIRST or piece[cut - 1] in NOT_LAST):
                cut -= 1
            lines.append(piece[:cut])
            piece = piece[cut:]
            size = measure(piece)
        line, used = piece, size
    lines.append(line)
    return lines


def _longest_fit(piece, width, measure):
    low, high = 1, len(piece)  # at least one character per line
    while low < high:
        middle = (low + high + 1) // 2
        if measure(piece[:middle]) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def split_row(cells, limit):
    """A table row of already wrapped cells as rows of at most `limit` lines each, in order
    (one row when it is short enough), so that no row is taller than a page."""
    lines = [cell.split("\n") for cell in cells]
    tallest = max(len(cell) for cell in lines)
    if tallest <= limit:
        return [cells]
    return [["\n".join(cell[start:start + limit]) for cell in lines] for start in range(0, tallest, limit)]
