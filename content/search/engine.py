"""The search as the library uses it: rebuild per content version, then find and suggest."""
from dataclasses import dataclass, field

from ..catalogue import catalogue
from .expand import CORRECTIONS, EXACT, HOMOPHONE, INITIALS, PINYIN, analyse
from .highlight import highlight
from .index import InvertedIndex
from .lexicon import Lexicon, build_lexicon, default_groups
from .normalise import fold
from .rank import SCAN_FROM, best_hits, form_hits, rank
from .segment import segment
from .suggest import suggest, suggestion_rows, word_rows

QUERY_MAX = 100  # characters of a query looked at: longer input is cut, never refused
REMEMBERED = 512  # answers kept per content version: residents ask for the same few things
CORRECTION_SKIP = 100  # exact hits of a word past which its corrections are not looked for


@dataclass
class Found:
    """What a search found: record ids best first, and what the kiosk shows around them."""
    ranked: list = field(default_factory=list)   # [(record id, [Hit, ...])]
    corrected: str = None                        # the query as corrected, when results rely on it
    kind: str = None                             # the kind the words asked for
    section: str = None                          # the part of a record to open ("materials")
    terms: tuple = ()


class SearchIndex:
    def __init__(self, groups=None):
        self._groups = groups
        self._cache = {}            # (id, rev) → Entry
        self._index = InvertedIndex()
        self.lexicon = Lexicon()  # built on the first rebuild: an app that never searches pays nothing
        self._lexicon_words = None
        self._scopes = {}  # (visible list, version, org) → what that scope holds
        self._records = (None, {})  # (the scope it was made from, {id: record})
        self._titles, self._words = suggestion_rows(()), ()
        self._answers = {}  # (what, folded text, org) → (the visible list asked over, answer)
        self._hits = {}  # Form → {record id: Hit}: forms recur across queries (synonyms)
        self.version = None

    def _synonym_groups(self):
        return self._groups if self._groups is not None else default_groups()

    def rebuild(self, public_set):
        """Index a PublicSet's records, reusing the entries of unchanged (id, rev)."""
        words = frozenset(_catalogue_words() + [t for e in public_set.entries for t in e.record.get("tags") or []])
        if words != self._lexicon_words:  # tags rarely change: a publish keeps the lexicon
            self.lexicon, self._lexicon_words = build_lexicon(self._synonym_groups(), words), words
            self._words = word_rows(self.lexicon)
        lexicon = self.lexicon

        def segmenter(text):
            return [w.text for w in segment(text, lexicon.vocab, lexicon.longest)]

        self._cache = self._index.update(public_set.entries, segmenter, self._cache)
        self._scopes, self._records = {}, (None, {})
        self._answers, self._hits = {}, {}
        self._titles = suggestion_rows(self._index.entries.values())
        self.version = public_set.version

    def find(self, text, public_entries, org=None):
        """A Found for query text over the given PublicEntries (already visible now)."""
        folded = " ".join(fold((text or "")[:QUERY_MAX]).split())
        return self._remembered("find", folded, public_entries, org, self._find)

    def _remembered(self, what, folded, public_entries, org, work):
        """work(folded, public_entries, org), answered again from memory while nothing changed."""
        key = (what, folded, org)
        kept = self._answers.get(key)
        if kept is not None and kept[0] is public_entries:
            return kept[1]
        if len(self._answers) >= REMEMBERED:
            self._answers.clear()
        answer = work(folded, public_entries, org)
        self._answers[key] = (public_entries, answer)
        return answer

    def _find(self, folded, public_entries, org):
        query = analyse(folded, self.lexicon)
        if not query.required:
            return Found()
        public, entries = self._scope(public_entries, org)
        required = [self._term_hits(t, entries) for t in query.required]
        # An intent word (公示, 申请) only adds to the scores of what the required words found:
        # looked for among those, not among the half of a county's records 公示 alone holds.
        matched = set().union(*required)
        within = matched if len(matched) < SCAN_FROM else None
        optional = [self._term_hits(t, entries, within) for t in query.terms if t.optional]
        ranked = rank(query, required, optional, entries, public, self._index.recency, org)
        return Found(ranked, _correction(folded, query, ranked, entries), query.kind, query.section, query.terms)

    def _scope(self, public_entries, org):
        """({id: PublicEntry}, {id: Entry}) a kiosk of `org` may show, kept while nothing changes."""
        key = (id(public_entries), self.version, org)
        cached = self._scopes.get(key)
        if cached is None or cached[0] is not public_entries:
            if len(self._scopes) > 64:
                self._scopes.clear()
            public = {e.id: e for e in public_entries if _in_scope(e.record, org)}
            entries = {i: self._index.entries[i] for i in public if i in self._index.entries}
            cached = self._scopes[key] = (public_entries, public, entries)
        return cached[1], cached[2]

    def visible_records(self, public_entries):
        """{id: record} of the given PublicEntries (kept with the county-wide scope)."""
        public = self._scope(public_entries, None)[0]
        if self._records[0] is not public:
            self._records = (public, {i: e.record for i, e in public.items()})
        return self._records[1]

    def _term_hits(self, term, entries, within=None):
        """{record id: best Hit} of one word over the scope. Corrections (typos, homophones) are
        looked for only when the word as typed (or its synonyms and pinyin) is rare: a corrected
        hit ranks below every exact one (rank.py, rule 2), so past CORRECTION_SKIP exact hits it
        could only change counts, never what a kiosk shows, and costs a pass over thousands.
        With `within` (record ids of the scope), only those records are looked into."""
        scope = entries.keys() if within is None else within
        hits_of = self._form_hits if within is None else (lambda form: self._form_hits_within(form, within))
        sure = best_hits([hits_of(f) for f in term.forms if f.how not in CORRECTIONS], scope)
        if len(sure) >= CORRECTION_SKIP:
            return sure
        return best_hits([sure, *(hits_of(f) for f in term.forms if f.how in CORRECTIONS)], scope)

    def _form_hits_within(self, form, within):
        """_form_hits among `within` only (not kept: another query's `within` differs)."""
        kept = self._hits.get(form)
        if kept is not None:
            return kept
        return form_hits(self._index.entries, form, self._candidates(form) & within)

    def _form_hits(self, form):
        """{record id: Hit} of every indexed record holding `form`, kept for this version."""
        kept = self._hits.get(form)
        if kept is None:
            if len(self._hits) >= REMEMBERED * 4:
                self._hits.clear()
            kept = self._hits[form] = form_hits(self._index.entries, form, self._candidates(form),
                                                self._index.occurrences, self._index.letter_occurrences)
        return kept

    def _candidates(self, form):
        if form.how in (PINYIN, HOMOPHONE):
            return self._index.pinyin_candidates(form.text)
        if form.how == INITIALS:
            return self._index.initials_candidates(form.text)
        # Bodies are scanned for the words as typed only: a synonym or a correction found only in
        # a body says little, and each scan reads every body (8 MB at 10k records).
        return self._index.text_candidates(form.text, bodies=form.how == EXACT)

    def suggest(self, text, public_entries, org=None):
        """Up to five Suggestions for what is being typed."""
        folded = " ".join(fold((text or "")[:QUERY_MAX]).split())
        return self._remembered("suggest", folded, public_entries, org, self._suggest)

    def _suggest(self, folded, public_entries, org):
        return suggest(folded, self._titles, self._scope(public_entries, org)[0], self._words, self.lexicon)

    @staticmethod
    def highlights(record, hits):
        return highlight(record, [h.form for h in hits])


def _in_scope(record, org):
    """From a township's kiosk: its own records and the county's records shared with all."""
    return org is None or record.get("org") == org or bool(record.get("all_townships"))


def _correction(folded, query, ranked, entries):
    """The query as the top result corrected it (as typed, words replaced), or None."""
    if not ranked:
        return None
    record_id, hits = ranked[0]
    if not any(h.corrected for h in hits):
        return None
    for term in query.terms:
        hit = next((h for h in hits if h.form in term.forms), None)
        if hit is not None and hit.corrected:
            folded = folded.replace(term.text, _corrected_text(hit, entries[record_id]), 1)
    return folded


def _corrected_text(hit, entry):
    if hit.form.how != HOMOPHONE:
        return hit.form.text
    from .match import pinyin_span
    pinyin = entry.pinyin[hit.field]
    first, last = pinyin_span(pinyin, hit.form)
    start, end = pinyin.spans(first, last)
    return entry.fields[hit.field][start:end]


def _catalogue_words():
    data = catalogue()
    words = list(data.get("areas", [])) + list(data.get("township_areas", []))
    return words + list(data.get("themes", {}).values()) + list(data.get("kinds", {}).values())



