"""Stage 6, highlight: where the matched words are, as [start, end) character offsets.

Offsets index the record's own field text (fold keeps positions), so a page marks them up
itself with text nodes: no HTML is ever built from what a resident typed.
"""
from .entry import field_pinyin
from .match import pinyin_span
from .normalise import fold

HIGHLIGHTED = ("title", "summary")


def highlight(record, forms):
    """{field: [[start, end], ...]} for the title and summary of a record, given matched forms."""
    spans = {}
    for name in HIGHLIGHTED:
        text = record.get(name) or ""
        found = field_spans(fold(text), forms) if text else []
        if found:
            spans[name] = found
    return spans


def field_spans(folded, forms):
    """Merged spans of every occurrence of the forms in folded text."""
    raw = []
    pinyin = None
    for form in forms:
        if form.letters:
            pinyin = pinyin or field_pinyin(folded)
            span = pinyin_span(pinyin, form)
            if span is not None:
                raw.append(pinyin.spans(*span))
            continue
        at = folded.find(form.text) if form.text.strip() else -1
        while at >= 0:
            raw.append((at, at + len(form.text)))
            at = folded.find(form.text, at + len(form.text))
    return merge_spans(raw)


def merge_spans(spans):
    """Sorted, overlapping or touching spans joined: [[0, 2], [2, 4]] → [[0, 4]]."""
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
