"""Resident pages: idle reset, 简→繁 of bodies and facts, search highlights, feedback, health."""
import wave

import pytest

from content import speech
from kiosk.resident.search import highlight


def cookies(response):
    return {h.split("=", 1)[0]: h.split(";", 1)[0].split("=", 1)[1] for h in response.headers.getlist("Set-Cookie")}


def test_display_choices_stick_while_navigating_and_the_idle_home_resets_them(client, app):
    app.config["KIOSK_IDLE_SECONDS"] = 45
    chosen = client.get("/?size=large&contrast=high&lang=zh-Hant")
    assert cookies(chosen) == {"size": "large", "contrast": "high", "lang": "zh-Hant"}
    later = client.get("/list?kind=guide")
    assert 'class="size-large contrast-high"' in later.text and 'lang="zh-Hant"' in later.text
    reset = client.get("/?lang=zh-Hans&size=normal&contrast=normal&attract=1")
    assert cookies(reset) == {"size": "normal", "contrast": "normal", "lang": "zh-Hans"}
    fresh = client.get("/")
    assert 'class="size-normal contrast-normal"' in fresh.text and 'lang="zh-Hans"' in fresh.text
    assert 'value=""' in fresh.text, "the search box starts empty"


def test_a_kiosk_page_carries_its_idle_time_and_the_resetting_home(client, staff):
    kiosk = client.post("/api/v1/kiosks", json={"name": "查询机", "idle_seconds": 20}, headers=staff["admin"]).json
    page = client.get(f"/kiosk/{kiosk['key']}").text
    assert 'data-idle-seconds="20"' in page
    assert f'data-home-url="/kiosk/{kiosk["key"]}?lang=zh-Hans&amp;size=normal&amp;contrast=normal&amp;attract=1"' in page


def test_record_bodies_and_facts_are_shown_in_traditional_characters(client, publish, make_guide, make_disclosure):
    guide = publish(make_guide(body="## 办理须知\n\n| 项目 | 说明 |\n|---|---|\n| 发证 | 当场发放 |"))
    page = client.get(f"/items/{guide['id']}?lang=zh-Hant").text
    assert "城鄉居民基本養老保險參保登記" in page and "辦理須知" in page and "當場發放" in page
    assert "<table>" in page and "<td>當場發放</td>" in page
    assert "東塘鎮便民服務中心3號窗口" in page and "居民身份證" in page and "申請人自備" not in page
    assert "窗口" in page and "視窗" not in page, "standard characters, never Taiwanese vocabulary"
    disclosure = publish(make_disclosure())
    page = client.get(f"/items/{disclosure['id']}?lang=zh-Hant").text
    assert "東塘鎮社會事務辦公室" in page and "《社會救助暫行辦法》第十一條" in page and "<th>人數</th>" in page


def test_search_results_are_grouped_with_counts_and_highlighted(client, publish, make_guide, make_disclosure):
    publish(make_guide(title="生育登记", theme="birth"))
    publish(make_disclosure(title="生育补贴发放结果公示"))
    page = client.get("/search?q=shengyu").text
    assert "共2条" in page and "办事指南 1" in page and "政务公开事项 1" in page
    assert "<mark>生育</mark>登记" in page
    assert highlight("生育登记", "syd") == [("生育登", True), ("记", False)]
    assert highlight("生育登记", "登记") == [("生育", False), ("登记", True)]
    assert highlight("生育登记", "<script>") == [("生育登记", False)]


def test_a_search_that_finds_one_kind_lists_it_whole_instead_of_a_preview(client, publish, make_guide, make_disclosure):
    for n in range(5):
        publish(make_guide(title=f"户籍事项{n}登记"))
    page = client.get("/search?q=户籍").text
    assert "共5条" in page and all(f"户籍</mark>事项{n}登记" in page for n in range(5))
    assert "查看全部" not in page and 'class="kinds"' not in page, "nothing to choose between"
    assert "返回首页" in page
    publish(make_disclosure(title="户籍管理工作公开"))
    mixed = client.get("/search?q=户籍").text
    assert "查看全部5条" in mixed and 'class="kinds"' in mixed, "two kinds: a preview of each, and chips to choose"


@pytest.mark.parametrize("query", ["", " ", "a" * 5000, "😀😀", "' OR 1=1 --", "<script>alert(1)</script>",
                                   "%00", "\u202e"])
def test_any_search_text_gives_a_normal_page(client, query):
    page = client.get("/search", query_string={"q": query})
    assert page.status_code == 200 and "<script>alert" not in page.text
    assert client.get("/suggest", query_string={"q": query}).status_code == 200


def test_feedback_is_anonymous_and_rate_limited_per_kiosk(client, staff, publish, make_guide, content):
    guide = publish(make_guide())
    one = client.post("/api/v1/kiosks", json={"name": "一号"}, headers=staff["admin"]).json
    two = client.post("/api/v1/kiosks", json={"name": "二号"}, headers=staff["admin"]).json
    url = f"/kiosk/{one['key']}/items/{guide['id']}/feedback"
    sent = client.post(url, data={"useful": "yes", "rating": "5"})
    assert sent.status_code == 303 and "thanks=1" in sent.headers["Location"]
    statuses = [client.post(url, data={"rating": "1", "reason": "outdated"}).status_code for _ in range(30)]
    assert statuses.count(429) >= 10, "a flood from one kiosk is limited"
    other = client.post(f"/kiosk/{two['key']}/items/{guide['id']}/feedback", data={"rating": "4"})
    assert other.status_code == 303, "another kiosk is not affected"
    assert client.post(url.replace(one["key"], two["key"]), data={"rating": "9"}).status_code == 303
    summary = client.get("/api/v1/feedback", headers=staff["editor"]).json["items"][0]
    assert summary["item"] == guide["id"] and summary["count"] == 21 and summary["useful"] == 1
    assert summary["reasons"] == {"outdated": 19}
    assert client.get("/api/v1/feedback", headers=staff["ls_admin"]).json["total"] == 0
    assert client.get("/api/v1/feedback").status_code == 401
    entry = content.feedback.journal.entries()[0]
    assert set(entry) == {"item", "org", "useful", "rating", "reason", "origin", "at"}
    assert one["key"] not in str(content.feedback.journal.entries()), "no secret key in the journal"


def test_healthz_warns_when_qr_codes_would_point_at_a_lan_address(client, app):
    assert client.get("/healthz").json["warnings"] == []
    app.config["KIOSK_PUBLIC_BASE_URL"] = ""
    answer = client.get("/healthz").json
    assert answer["status"] == "ok" and "KIOSK_PUBLIC_BASE_URL" in answer["warnings"][0]
    app.config["KIOSK_PUBLIC_BASE_URL"] = "http://192.168.1.20:8000"
    assert "LAN" in client.get("/healthz").json["warnings"][0]


def test_the_most_viewed_guides_lead_the_home_page(client, publish, make_guide):
    first = publish(make_guide(title="甲事项"))
    second = publish(make_guide(title="乙事项"))
    for _ in range(3):
        client.get(f"/items/{first['id']}")
    home = client.get("/").text
    popular = home[home.index("常办事项"):]
    assert popular.index("甲事项") < popular.index("乙事项")
    assert second["title"] in popular


def test_in_large_type_the_most_asked_for_items_come_before_the_disclosure_tiles(client, publish, make_guide,
                                                                                 make_disclosure):
    publish(make_guide(title="甲事项"))
    publish(make_disclosure())
    normal, large = (client.get("/", query_string={"size": size}).text for size in ("normal", "large"))
    assert normal.index('id="h-open"') < normal.index('id="h-popular"')
    assert large.index('id="h-guides"') < large.index('id="h-popular"') < large.index('id="h-open"')
    assert large.count('id="h-popular"') == 1 and "甲事项" in large


@pytest.mark.skipif(not speech.available(), reason="espeak-ng is not installed")
def test_read_aloud_audio_is_rendered_once_per_text(client, publish, make_guide, tmp_path):
    guide = publish(make_guide())
    audio = client.get(f"/items/{guide['id']}/speech.wav")
    data = audio.get_data()
    audio.close()
    assert audio.status_code == 200 and audio.mimetype == "audio/wav"
    path = tmp_path / "a.wav"
    path.write_bytes(data)
    with wave.open(str(path)) as sound:
        seconds = sound.getnframes() / sound.getframerate()
    assert seconds > 5
    again = client.get(f"/items/{guide['id']}/speech.wav")
    assert again.get_data() == data
    again.close()
    assert len(list((tmp_path / "data" / "speech").glob("*.wav"))) == 1


def test_long_lists_and_search_groups_page(client, publish, make_guide, monkeypatch):
    from kiosk.resident import lists, search
    monkeypatch.setattr(lists, "PER_PAGE", 1)
    monkeypatch.setattr(search, "PER_PAGE", 1)
    publish(make_guide(title="甲事项登记"))
    publish(make_guide(title="乙事项登记"))
    first = client.get("/list?kind=guide")
    assert first.status_code == 200 and "第 1 / 2 页" in first.text and "page=2" in first.text
    second = client.get("/list?kind=guide&page=2")
    assert second.status_code == 200 and "第 2 / 2 页" in second.text
    assert client.get("/list?kind=guide&page=99").status_code == 200
    grouped = client.get("/search?q=登记&kind=guide&page=2")
    assert grouped.status_code == 200 and "第 2 / 2 页" in grouped.text
