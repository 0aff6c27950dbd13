"""Each stage of the pipeline on its own: normalise, segment, expand, candidates, rank, highlight."""
from content.search.entry import field_pinyin, make_entry
from content.search.expand import EXACT, HOMOPHONE, INITIALS, PINYIN, SYNONYM, TYPO, Form, analyse, one_letter_edits
from content.search.highlight import field_spans, merge_spans
from content.search.index import InvertedIndex
from content.search.lexicon import build_lexicon, read_synonym_groups, default_groups
from content.search.match import form_hit, pinyin_span
from content.search.normalise import fold, normalise
from content.search.segment import segment

LEXICON = build_lexicon(default_groups(), ["养老", "宅基地"])


def test_fold_keeps_every_position():
    for text in ("養老保險", "ＡＢＣ１２３", "低保？！", "😀x", "a\x00b\x1b", "<script>", "' OR 1=1 --"):
        assert len(fold(text)) == len(text)
    assert fold("養老保險") == "养老保险" and fold("ＤｉＢａｏ") == "dibao"
    assert normalise("  低保？！ 申请 ") == "低保 申请"
    assert fold("<script>alert(1)</script>").split() == ["script", "alert", "1", "/script"]


def test_the_synonym_file_has_150_groups_or_more_and_reads_simply():
    assert len(default_groups()) >= 150
    assert read_synonym_groups("# note\n低保 = 最低生活保障, 低保金\n单独\n") == [("低保", "最低生活保障", "低保金")]


def test_segment_keeps_known_words_and_unknown_runs():
    words = [w.text for w in segment("低保怎么办", LEXICON.vocab, LEXICON.longest)]
    assert words == ["低保", "怎么办"]
    assert [w.text for w in segment("石桥村 低保", LEXICON.vocab, LEXICON.longest)] == ["石桥村", "低保"]
    assert [w.text for w in segment("di保", LEXICON.vocab, LEXICON.longest)] == ["di保"]


def test_expand_drops_filler_keeps_intent_and_adds_forms():
    query = analyse("我想办低保要带什么", LEXICON)
    assert [t.text for t in query.required] == ["低保"]
    assert (query.kind, query.section) == ("guide", "materials")
    forms = query.required[0].forms
    assert Form("最低生活保障", SYNONYM) in forms and forms[0] == Form("低保", EXACT)
    assert Form("dibao", PINYIN) in analyse("di保", LEXICON).required[0].forms
    letters = analyse("syd", LEXICON).required[0].forms
    assert Form("syd", INITIALS) in letters


def test_expand_corrects_homophones_one_character_and_one_letter():
    forms = analyse("最低生活保账", LEXICON).required[0].forms
    assert Form("最低生活保障", TYPO) in forms and Form("zuidishenghuobaozhang", HOMOPHONE) in forms
    assert Form("最低生活保障", TYPO) in analyse("最低生活障", LEXICON).required[0].forms
    assert "yanglao" in set(one_letter_edits("yanglso"))
    assert any(f.how == TYPO and f.text == "养老" for f in analyse("yanglso", LEXICON).required[0].forms)


def test_pinyin_follows_phrases_and_syllables():
    pinyin = field_pinyin("重庆银行")
    assert pinyin.letters == "chongqingyinhang"
    assert pinyin_span(pinyin, Form("yinhang", PINYIN)) == (2, 3)
    assert pinyin_span(pinyin, Form("ongqing", PINYIN)) is None  # not at a syllable start
    assert pinyin_span(field_pinyin("城乡低保"), Form("cx", INITIALS)) == (0, 1)


def record(record_id, title, summary="", body="", kind="guide", org="QX-DT", tags=()):
    return {"id": record_id, "title": title, "summary": summary, "body": body, "kind": kind, "org": org,
            "tags": list(tags)}


class Public:
    def __init__(self, rec, rev=1):
        self.record, self.id, self.key, self.end = rec, rec["id"], (rec["id"], rev), None


def test_the_inverted_index_finds_candidates_and_patches_by_rev():
    index, seg = InvertedIndex(), lambda text: [text]
    cache = index.update([Public(record(1, "最低生活保障申请")), Public(record(2, "停水通知", body="滨河路停水"))], seg, {})
    assert index.text_candidates("生活保障") == {1}
    assert index.text_candidates("滨河") == {2}  # from the joined bodies
    assert 1 in index.pinyin_candidates("zuidi") and 1 in index.initials_candidates("zd")
    index.update([Public(record(1, "高龄津贴申领"), rev=2), Public(record(2, "停水通知"))], seg, cache)
    assert index.text_candidates("生活保障") == set() and index.text_candidates("高龄") == {1}


def test_a_title_hit_outweighs_a_body_hit():
    entry = make_entry(record(1, "低保申请", body="医保"), lambda t: [t])
    assert form_hit(entry, Form("低保", EXACT))[1] == "title"
    assert form_hit(entry, Form("医保", EXACT)) == (10, "body")
    assert form_hit(entry, Form("dibao", PINYIN))[0] > form_hit(entry, Form("医保", EXACT))[0]


def test_highlight_spans_are_offsets_never_markup():
    assert field_spans("城乡低保新增", [Form("低保", EXACT)]) == [[2, 4]]
    assert field_spans("城乡低保新增", [Form("dibao", PINYIN)]) == [[2, 4]]
    assert merge_spans([(0, 2), (2, 4), (6, 7)]) == [[0, 4], [6, 7]]


class FakeSet:
    def __init__(self, records):
        self.entries, self.version = [Public(r) for r in records], 1


def ranked_titles(records, query, org=None):
    from content.search import SearchIndex
    index, public = SearchIndex(), FakeSet(records)
    index.rebuild(public)
    found = index.find(query, public.entries, org)
    by_id = {r["id"]: r["title"] for r in records}
    return [by_id[i] for i, _ in found.ranked], found


def test_ranking_rules_in_order():
    records = [record(1, "困难群众殡葬补助申领", summary="低保对象可申领"), record(2, "城乡低保新增对象公示", kind="disclosure"),
               record(3, "最低生活保障申请"), record(4, "低保申请", org="QX-LS", kind="guide")]
    titles, _ = ranked_titles(records, "低保")
    assert titles.index("最低生活保障申请") < titles.index("困难群众殡葬补助申领")  # title (synonym) above summary
    assert titles.index("最低生活保障申请") < titles.index("城乡低保新增对象公示")  # a guide first without intent
    titles, _ = ranked_titles(records, "低保名单")
    assert titles[0] == "城乡低保新增对象公示"  # 名单 asks for disclosures
    titles, _ = ranked_titles(records, "低保", org="QX-LS")
    assert titles == ["低保申请"]  # another township's records never show


def test_exact_matches_always_rank_above_corrected_ones():
    records = [record(1, "高龄津帖发放"), record(2, "高龄津贴申领")]
    titles, found = ranked_titles(records, "高龄津帖")
    assert titles[0] == "高龄津帖发放" and found.corrected is None
    titles, found = ranked_titles([record(2, "高龄津贴申领")], "高龄津帖")
    assert titles == ["高龄津贴申领"] and found.corrected == "高龄津贴"


def test_scanning_whole_fields_finds_the_same_hits_as_looking_into_each_record(monkeypatch):
    import content.search.rank as rank
    records = [record(n, f"第{n}号村务公示" if n % 3 else f"公示第{n}号", summary="接受群众监督" if n % 2 else "",
                      body="公示期七天" if n % 5 == 0 else "", tags=["公示"] if n % 7 == 0 else ())
               for n in range(1, 61)]
    index, seg = InvertedIndex(), lambda text: [text]
    index.update([Public(r) for r in records], seg, {})
    monkeypatch.setattr(rank, "SCAN_FROM", 10)
    for text in ("公示", "监督", "七天", "村务"):
        form = Form(text, EXACT)
        candidates = set(index.entries)
        scanned = rank.form_hits(index.entries, form, candidates, index.occurrences)
        assert scanned == rank.form_hits(index.entries, form, candidates), text
    assert {h.weight for h in rank.form_hits(index.entries, Form("公示", EXACT), set(index.entries),
                                              index.occurrences).values()} == {100, 120}  # title, title start


def test_corrections_are_looked_for_only_while_the_word_as_typed_is_rare(monkeypatch):
    import content.search.engine as engine
    records = [record(1, "高龄津帖发放"), record(2, "高龄津贴申领")]
    monkeypatch.setattr(engine, "CORRECTION_SKIP", 1)
    titles, _ = ranked_titles(records, "高龄津帖")
    assert titles == ["高龄津帖发放"]  # one exact hit is already enough: no 津贴 correction counted
    monkeypatch.setattr(engine, "CORRECTION_SKIP", 100)
    titles, _ = ranked_titles(records, "高龄津帖")
    assert titles == ["高龄津帖发放", "高龄津贴申领"]
