"""Stage 5, rank: order the records that matched, by rules a person can check.

Records are compared rule by rule, the next rule only breaking ties of the one before
(as Meilisearch's ranking rules do):

1. words: more of the query's words found (a record missing one is only shown when no
   record has them all);
2. typo: fewer words found only through a correction (exact before corrected, always);
3. field: every word in the title (or a synonym of it in the title) before words found in
   tags or summary, before words found only in the body or other fields;
4. intent: the kind the words ask for (要带什么 → guides, 名单/公示 → disclosures); when
   they ask for none, guides: a resident at a service hall's kiosk mostly wants to 办 something;
5. org: from a township's kiosk (org=), that township's records before the county's;
6. score: the sum of each word's best hit (title 100, +20 at the title's start, tags 60,
   summary 40, other fields 25, body 10; pinyin ×0.9, initials ×0.8) and intent words;
7. window: a record in its 公示期 (it has an end date) before one without;
8. recency: newest published first, then the higher id.
"""

from .entry import PINYIN_FIELDS
from .expand import CORRECTIONS
from .match import LETTER_FACTOR, TIERS, TITLE_START_BONUS, WEIGHTS, form_hit

SCAN_FROM = 1000  # candidates of a form past which scanning whole fields is cheaper
OPTIONAL_FACTOR = 0.3  # an intent word (公示, 材料) found adds a little, a required word a lot


class Hit:
    """Where one form was found in a record and what that is worth (immutable, shared)."""
    __slots__ = ("weight", "field", "form", "corrected", "tier")

    def __init__(self, weight, field, form):
        self.weight, self.field, self.form = weight, field, form
        self.corrected = form.how in CORRECTIONS  # found only through a correction
        self.tier = TIERS[field]

    def __eq__(self, other):
        return isinstance(other, Hit) and (self.weight, self.field, self.form) == (other.weight, other.field, other.form)

    def __hash__(self):
        return hash((self.weight, self.field, self.form))

    def __repr__(self):
        return f"Hit({self.weight!r}, {self.field!r}, {self.form!r})"

    def better_than(self, other):
        return other is None or (not self.corrected, self.weight) > (not other.corrected, other.weight)


def form_hits(entries, form, candidates, occurrences=None, letter_occurrences=None):
    """{record id: Hit} of the candidates where `form` really occurs, with what it is worth.

    With `occurrences` (the index's joined-field scan) a word held by many records is found
    by one scan of each field instead of a look into each record: the same hits, several
    times faster past a few hundred candidates. `letter_occurrences` does the same for
    pinyin and initials (gongshi, gs: thousands of records at 10k).
    """
    if len(candidates) >= SCAN_FROM:
        if form.letters and letter_occurrences is not None:
            return _scanned_letter_hits(form, candidates, letter_occurrences)
        if not form.letters and occurrences is not None:
            return _scanned_hits(entries, form, candidates, occurrences)
    hits, made = {}, {}  # a form has few distinct (weight, field): one Hit each, shared
    for record_id in candidates:
        found = form_hit(entries[record_id], form)
        if found is not None:
            hits[record_id] = _shared_hit(made, found, form)
    return hits


def _scanned_hits(entries, form, candidates, occurrences):
    """form_hits by field: the first field (in WEIGHTS order) holding the form decides."""
    hits, made, left = {}, {}, set(candidates)
    for name in WEIGHTS:
        if not left:
            break
        if len(left) < SCAN_FROM:  # a few left (mostly body-only): looking into each is cheaper
            found = ((i, entries[i].fields[name].find(form.text)) for i in list(left))
        else:
            found = occurrences(form.text, name).items()
        for record_id, at in found:
            if at < 0:
                continue
            if record_id in left:
                bonus = TITLE_START_BONUS if name == "title" and at == 0 else 0
                hits[record_id] = _shared_hit(made, (WEIGHTS[name] + bonus, name), form)
                left.discard(record_id)
    return hits


def _scanned_letter_hits(form, candidates, letter_occurrences):
    """form_hits of pinyin or initials by field (title, tags, summary: the first holding it decides)."""
    hits, made, left = {}, {}, set(candidates)
    for name in PINYIN_FIELDS:  # in the order match._letters_hit tries them
        if not left:
            break
        for record_id, at in letter_occurrences(form, name).items():
            if record_id in left:
                bonus = TITLE_START_BONUS if name == "title" and at == 0 else 0
                hits[record_id] = _shared_hit(made, (WEIGHTS[name] * LETTER_FACTOR[form.how] + bonus, name), form)
                left.discard(record_id)
    return hits


def _shared_hit(made, found, form):
    hit = made.get(found)
    if hit is None:
        hit = made[found] = Hit(found[0], found[1], form)
    return hit


def best_hits(hits_per_form, allowed):
    """{record id: best Hit} over the forms' hits, for ids in `allowed`; exact beats corrected."""
    best = {}
    for hits in hits_per_form:
        for record_id in hits.keys() & allowed:
            hit = hits[record_id]
            if hit.better_than(best.get(record_id)):
                best[record_id] = hit
    return best


def rank(query, required_hits, optional_hits, entries, public, recency, org=None):
    """Record ids, best first, with the hits that put them there: [(id, [Hit, ...])].

    `recency` maps a record id to its place in the newest-first order of the public set.
    """
    wanted_kind = query.kind or "guide"
    if len(required_hits) == 1 and not optional_hits:
        return _rank_one_word(required_hits[0], entries, public, recency, wanted_kind, org)
    coverage = {}
    for hits in required_hits:
        for record_id in hits:
            coverage[record_id] = coverage.get(record_id, 0) + 1
    if not coverage:
        return []
    most = max(coverage.values())
    keyed = []
    for record_id, n in coverage.items():
        if n == most:
            entry, hits = entries[record_id], [h[record_id] for h in required_hits if record_id in h]
            extra = [h[record_id] for h in optional_hits if record_id in h]
            keyed.append((sort_key(hits, extra, entry, public[record_id], recency.get(record_id, 0), wanted_kind, org),
                          record_id, hits + extra))
    keyed.sort(key=_first)
    return [(record_id, hits) for _, record_id, hits in keyed]


def _rank_one_word(hits, entries, public, recency, wanted_kind, org):
    """rank() of a query of one word and no intent word (公示, gongshi, gs: thousands of hits
    at 10k records): the order sort_key gives, packed into one integer per record so that the
    sort compares integers, not eight-element tuples that mostly tie."""
    distinct = {id(h): h for h in hits.values()}.values()  # hits are shared: a few dozen at most
    weights = sorted({-hit.weight for hit in distinct})
    base = {}
    for hit in distinct:
        base[id(hit)] = ((hit.corrected * 3 + hit.tier) << _GROUP) | (weights.index(-hit.weight) << _WEIGHT)
    keyed = [(base[id(hit)] + (_KIND if entries[i].kind != wanted_kind else 0)
              + (_ORG if org is not None and entries[i].org != org else 0)
              + (_WINDOW if public[i].end is None else 0) + recency.get(i, 0), i) for i, hit in hits.items()]
    keyed.sort()
    return [(record_id, [hits[record_id]]) for _, record_id in keyed]


# Bits of _rank_one_word's key, most significant first: typo and field tier, kind, org,
# weight (its place among the query's few distinct weights, below 2**16), window, recency
# (a place in the public set, below 2**32).
_WINDOW = 1 << 32
_WEIGHT = 33
_ORG = 1 << 49
_KIND = 1 << 50
_GROUP = 51


def _first(item):
    return item[0]


def sort_key(hits, extra, entry, public, recency, wanted_kind, org):
    """The rules of the module docstring, as one tuple (smaller first)."""
    typos = tier = 0
    score = 0.0
    for hit in hits:
        typos += hit.corrected
        tier = max(tier, hit.tier)
        score += hit.weight
    for hit in extra:
        score += OPTIONAL_FACTOR * hit.weight
    return (-len(hits), typos, tier, 0 if wanted_kind == entry.kind else 1,
            0 if org is None or entry.org == org else 1, -score, 0 if public.end is not None else 1, recency)
