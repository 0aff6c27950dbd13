"""GET /api/v1/search and /api/v1/search/suggest: the kiosk's search over HTTP."""
import pytest

SEARCH, SUGGEST = "/api/v1/search", "/api/v1/search/suggest"
BAD = ["", "   ", "找" * 5000, "a" * 5000, "😀😀😀", "\x00\x01\x1b[31m", "' OR 1=1; DROP TABLE items; --",
       "<script>alert(1)</script>", "！？。，、；：", "低保<img src=x onerror=alert(1)>😀", "%00%ff", "\u202e\u200b"]


@pytest.fixture
def hall(publish, make_guide, make_disclosure, make_notice):
    publish(make_guide(title="最低生活保障申请", summary="家庭人均收入低于低保标准的居民可申请。", tags=["低保"]))
    publish(make_disclosure(title="东塘镇城乡低保新增对象公示", summary="拟将6户纳入低保。"))
    publish(make_notice(title="停水通知", summary="滨河路停水。"))


def test_search_answers_with_groups_highlights_and_the_old_fields(client, hall):
    body = client.get(SEARCH, query_string={"q": "低保"}).json
    assert {"items", "total", "page", "per_page", "q"} <= body.keys()
    assert body["items"][0]["title"] == "最低生活保障申请"
    assert body["groups"] == {"guide": 1, "disclosure": 1}
    assert body["highlights"][0]["title"] == [[0, 6]]  # 低保 = 最低生活保障, offsets not markup
    assert body["corrected"] is None and body["message"] is None


def test_a_typo_is_corrected_and_said(client, hall):
    body = client.get(SEARCH, query_string={"q": "最低生活保账"}).json
    assert body["items"][0]["title"] == "最低生活保障申请"
    assert body["corrected"] == "最低生活保障" and body["message"] == "已为您显示“最低生活保障”的结果"


def test_kind_narrows_the_list_but_not_the_counts(client, hall):
    body = client.get(SEARCH, query_string={"q": "dibao", "kind": "disclosure"}).json
    assert [i["kind"] for i in body["items"]] == ["disclosure"] and body["groups"]["guide"] == 1


def test_a_township_kiosk_sees_its_own_then_shared_county_records_only(client, publish, make_guide, make_notice):
    county = {"author": "county_admin", "reviewer": "county_reviewer"}
    publish(make_notice(title="高龄津贴发放提醒", org="QX", all_townships=True), **county)
    publish(make_guide(title="高龄津贴申领", org="QX-DT"), **county)
    publish(make_guide(title="高龄津贴申领（柳山）", org="QX-LS"), **county)
    titles = [i["title"] for i in client.get(SEARCH, query_string={"q": "高龄", "org": "QX-LS"}).json["items"]]
    assert titles == ["高龄津贴申领（柳山）", "高龄津贴发放提醒"]


def test_suggestions_come_while_typing(client, hall):
    for typed in ("最低", "zuidi", "zdsh", "低保"):
        suggestions = client.get(SUGGEST, query_string={"q": typed}).json["suggestions"]
        assert 0 < len(suggestions) <= 5
        assert any(s["text"] == "最低生活保障申请" for s in suggestions), (typed, suggestions)


@pytest.mark.parametrize("query", BAD, ids=range(len(BAD)))
def test_bad_input_answers_200_and_never_rebuilds_the_index(client, content, hall, query):
    client.get(SEARCH, query_string={"q": "低保"})
    index = content.library._index
    version, entries = index.version, dict(index._cache)
    for path in (SEARCH, SUGGEST):
        response = client.get(path, query_string={"q": query})
        assert response.status_code == 200, response.json
        assert "<" not in "".join(s["text"] for s in response.json.get("suggestions", []))
    assert index.version == version and index._cache == entries
