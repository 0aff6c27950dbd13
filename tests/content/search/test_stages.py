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


def test_body_characters_narrow_a_body_search_to_the_records_holding_every_character():
    from content.search.index import BodyChars
    chars = BodyChars()
    chars.add(7, "滨河路停水")
    chars.add(9, "河堤加固")
    assert sorted(chars.records(chars.holding("河"))) == [7, 9]
    assert list(chars.records(chars.holding("停水"))) == [7] and chars.holding("断电") == 0
    chars.remove(7, "滨河路停水")
    assert list(chars.records(chars.holding("河"))) == [9] and "停" not in chars.masks
    chars.add(11, "停水")  # the freed slot is reused: the masks do not grow
    assert list(chars.records(chars.holding("停水"))) == [11] and max(m.bit_length() for m in chars.masks.values()) <= 2


def test_bodies_are_found_alike_through_character_masks_and_one_scan_of_them_all(monkeypatch):
    import content.search.index as index_module
    bodies = ["滨河路停水三天", "河堤停工", "水费缴纳", "滨河社区停水通知", "", "停水"]
    index = InvertedIndex()
    index.update([Public(record(n, f"通知{n}", body=b)) for n, b in enumerate(bodies, 1)], lambda t: [t], {})
    for text in ("停水", "滨河", "河堤停工", "缴费", "水"):
        masked = set(index._scan_bodies(text))
        monkeypatch.setattr(index_module, "BODY_MASK_MAX", -1)  # always the scan of every body
        assert masked == set(index._scan_bodies(text)), text
        monkeypatch.undo()


def test_scanning_joined_pinyin_finds_the_same_hits_as_looking_into_each_record(monkeypatch):
    import content.search.rank as rank
    records = [record(n, ["城乡低保公示", "公示期满", "低保申请", "重庆银行", "居民公示栏"][n % 5],
                      summary="接受公示监督" if n % 2 else "", tags=["公示"] if n % 3 == 0 else ())
               for n in range(1, 41)]
    index = InvertedIndex()
    index.update([Public(r) for r in records], lambda text: [text[:2], text[2:]], {})
    monkeypatch.setattr(rank, "SCAN_FROM", 5)
    for form in (Form("gongshi", PINYIN), Form("gongs", PINYIN), Form("ongshi", PINYIN), Form("yinhang", PINYIN),
                 Form("gs", INITIALS), Form("db", INITIALS), Form("dibao", HOMOPHONE), Form("diba", HOMOPHONE),
                 Form("shi", PINYIN)):
        candidates = set(index.entries)
        scanned = rank.form_hits(index.entries, form, candidates, index.occurrences, index.letter_occurrences)
        assert scanned == rank.form_hits(index.entries, form, candidates), form
    assert rank.form_hits(index.entries, Form("diba", HOMOPHONE), set(index.entries), None,
                          index.letter_occurrences) == {}  # a homophone covers whole syllables


def test_an_intent_word_only_adds_to_what_the_required_words_found():
    records = [record(1, "低保申请"), record(2, "城乡低保公示", kind="disclosure"), record(3, "高龄津贴公示", kind="disclosure")]
    titles, found = ranked_titles(records, "低保公示")
    assert titles[0] == "城乡低保公示" and "高龄津贴公示" not in titles
    assert [h.form.text for h in dict(found.ranked)[2]][-1] == "公示"  # 公示 counted where 低保 was found


def test_one_word_is_ranked_in_the_order_the_rules_give():
    """The packed integer keys of a one-word query sort as sort_key's tuples do."""
    import random
    from types import SimpleNamespace

    from content.search.rank import Hit, _rank_one_word, sort_key
    rng = random.Random(8)
    ids = rng.sample(range(1, 10_000), 300)
    entries = {i: SimpleNamespace(kind=rng.choice(["guide", "disclosure", "notice"]), org=rng.choice(["QX-DT", "QX"]))
               for i in ids}
    public = {i: SimpleNamespace(end=rng.choice([None, "2026-12-31"])) for i in ids}
    recency = {i: n for n, i in enumerate(rng.sample(ids, len(ids)))}
    forms = [Form("低保", EXACT), Form("dibao", PINYIN), Form("低保", TYPO)]
    made = [Hit(weight, field, form) for form in forms for weight, field in
            ((120, "title"), (100, "title"), (60, "tags"), (40, "summary"), (25, "extra"), (10, "body"), (90.0, "title"))]
    hits = {i: rng.choice(made) for i in entries}
    for kind, org in (("guide", None), ("disclosure", "QX-DT"), ("notice", "QX-LS")):
        expected = sorted(hits, key=lambda i: (sort_key([hits[i]], (), entries[i], public[i], recency[i], kind, org), i))
        assert [i for i, _ in _rank_one_word(hits, entries, public, recency, kind, org)] == expected


def test_readings_come_from_pypinyins_data_without_importing_pypinyin():
    """pypinyin (the reference here) builds segmenters on import: about 30 MB the server
    does not need. Its data files give the same readings."""
    import subprocess
    import sys

    from pypinyin import lazy_pinyin

    from content.search.reading import char_syllables, syllables
    for text in ("最低生活保障申请", "重庆银行 ABC 12", "〇一二", "長樂鄉", "行长银行（东塘镇）"):
        assert char_syllables(text) == lazy_pinyin(list(text))
    assert syllables("重庆银行") == ["chong", "qing", "yin", "hang"]
    loaded = subprocess.run([sys.executable, "-c", "import sys, kiosk; print('pypinyin' in sys.modules)"],
                            capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"
