"""Search from every page: results grouped by kind with counts, matched words highlighted.

The kiosk talks to search through `find()` only, so a richer search (grouped counts,
highlight spans, "did you mean") plugs in here without touching the pages.
"""
from dataclasses import dataclass, field

from flask import jsonify, render_template, request, url_for
from content.search import QUERY_MAX, normalise
from content.search.reading import char_syllables

from ..clock import now
from ..context import library
from ..i18n import localise
from . import bp  # noqa: F401
from .hall import current_hall, hall_counts, hall_records, route
from .lists import PER_PAGE, page_number

KINDS = ("guide", "disclosure", "notice")
PER_GROUP = 4
SUGGESTIONS = 6


@dataclass
class SearchResult:
    query: str
    groups: dict                 # kind → every matching record of that kind, best first
    correction: str | None = None  # "已为您显示…的结果": what was searched instead
    hits: dict = field(default_factory=dict)  # record id → what the search matched in it

    def title_spans(self, record):
        """[(start, end)] of the matched words in a record's title (for the records shown only)."""
        hits = self.hits.get(record["id"])
        spans = library().search_highlights(record, hits).get("title") if hits else None
        return [tuple(s) for s in spans] if spans else None

    @property
    def total(self):
        return sum(len(records) for records in self.groups.values())


def find(query):
    """This hall's public records matching `query`, the hall's own org first, grouped by kind."""
    query = (query or "").strip()[:QUERY_MAX]
    groups = {kind: [] for kind in KINDS}
    if not query:
        return SearchResult(query, groups)
    here = {r["id"] for r in hall_records()}
    org = current_hall().org
    found = library().public_search(query, now(), org=org)
    for record in found["records"]:
        if record["id"] in here:  # the search's own scope (township + shared county) is the hall's
            groups.setdefault(record["kind"], []).append(record)
    return SearchResult(query, groups, correction=found.get("corrected"), hits=found["hits"])


def highlight(title, query, spans=None):
    """The title as [(text, matched)] segments, from the search's spans or from the query."""
    marked = [False] * len(title)
    for start, end in spans if spans is not None else _query_spans(title, query):
        for i in range(max(start, 0), min(end, len(title))):
            marked[i] = True
    segments = []
    for char, flag in zip(title, marked):
        if segments and segments[-1][1] == flag:
            segments[-1][0] += char
        else:
            segments.append([char, flag])
    return [(text, flag) for text, flag in segments]


def _query_spans(title, query):
    plain = normalise(title)
    if len(plain) != len(title):  # normalising changed the length: match on the raw title
        plain = title.lower()
    syllables = None
    for term in normalise(query).split():
        if not term.isascii():
            start = plain.find(term)
            while start >= 0:
                yield start, start + len(term)
                start = plain.find(term, start + 1)
        elif term.isalpha():
            syllables = syllables or char_syllables(plain)
            for start in range(len(plain)):
                end = _pinyin_match(syllables, start, term)
                if end:
                    yield start, end
                    break


def _pinyin_match(syllables, start, term):
    """Where a pinyin or initials term matching from character `start` ends, else None."""
    if all(start + j < len(syllables) and syllables[start + j][:1] == ch for j, ch in enumerate(term)):
        return start + len(term)
    position, k = 0, start
    while position < len(term) and k < len(syllables):
        syllable, rest = syllables[k], term[position:]
        if not syllable.isalpha():
            return None
        if rest.startswith(syllable):
            position += len(syllable)
        elif syllable.startswith(rest):
            position = len(term)
        else:
            return None
        k += 1
    return k if position == len(term) and k > start else None


@route("/search")
def search():
    result = find(request.args.get("q", ""))
    kind = request.args.get("kind") if request.args.get("kind") in KINDS else None
    found = [code for code, records in result.groups.items() if records]
    if kind is None and len(found) == 1:
        kind = found[0]  # one kind found: its whole list, paged, not a preview of 4
    page, pages = 1, 1
    if kind:
        pages = (len(result.groups[kind]) + PER_PAGE - 1) // PER_PAGE
        page = page_number(request.args, pages)
    return render_template("resident/search.html", result=result, kind=kind, only_kind=len(found) == 1,
                           page=page, pages=pages,
                           per_group=PER_GROUP, per_page=PER_PAGE, highlight=highlight,
                           counts=hall_counts())


@route("/suggest")
def suggest():
    """Titles for the search box as the resident types (JSON)."""
    result = find(request.args.get("q", ""))
    best = sorted((r for records in result.groups.values() for r in records[:SUGGESTIONS]),
                  key=lambda r: r["kind"] != "guide")[:SUGGESTIONS]
    return jsonify({"query": result.query, "total": result.total,
                    "items": [{"title": localise(r["title"]), "url": url_for("resident.item", item_id=r["id"])}
                              for r in best]})
