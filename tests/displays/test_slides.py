"""Slides by kind, and record bodies as blocks the player can page."""
from displays.slides import blocks_of, facts, is_publicity_list, markdown_blocks, slide

QR = {"size": 21, "path": "M0 0h1v1h-1z"}


def test_markdown_bodies_become_headings_paragraphs_lists_and_tables():
    body = ("## 停水范围\n滨河路两侧，\n新河路全段。\n\n- 甲\n- 乙\n\n3. 三\n4. 四\n\n"
            "| 户主 | 金额 |\n|---|---:|\n| 王某某 | 1160 |\n| 李*华 | 1380 |\n\n> 引文\n\n![平面图](/static/plan.png)")
    assert markdown_blocks(body) == [
        {"type": "heading", "level": 2, "text": "停水范围"},
        {"type": "paragraph", "text": "滨河路两侧，\n新河路全段。"},
        {"type": "list", "ordered": False, "start": 1, "items": ["甲", "乙"]},
        {"type": "list", "ordered": True, "start": 3, "items": ["三", "四"]},
        {"type": "table", "head": ["户主", "金额"], "align": ["", "right"], "rows": [["王某某", "1160"], ["李*华", "1380"]]},
        {"type": "paragraph", "text": "引文", "quote": True},
        {"type": "image", "src": "/static/plan.png", "alt": "平面图"},
    ]


def test_raw_html_and_unsafe_image_sources_never_reach_a_screen():
    blocks = markdown_blocks('<script>alert(1)</script>\n\n![x](javascript:alert(1))\n\n![y](//evil.example/a.png)\n\n'
                             '**粗体**与<b>标签</b>')
    assert all(b["type"] != "image" for b in blocks)
    assert {"type": "paragraph", "text": "粗体与<b>标签</b>"} in blocks  # shown as text, never parsed as HTML
    assert {"type": "paragraph", "text": "<script>alert(1)</script>"} in blocks  # text the player sets as textContent
    assert set(blocks[0]) == {"type", "text"}


def test_ragged_table_rows_are_padded_to_the_header():
    table = markdown_blocks("| a | b | c |\n|---|---|---|\n| 1 |\n| 1 | 2 | 3 | 4 |")[0]
    assert table["rows"] == [["1", "", ""], ["1", "2", "3"]]


def test_a_guide_leads_with_its_materials_and_shows_where_when_fee_and_visits(make_guide):
    record = make_guide(id=7, materials=[
        {"name": "居民身份证", "copies": 1, "form": "original", "source": "自备", "required": True},
        {"name": "委托书", "copies": 2, "form": "copy", "source": "窗口领取", "required": False, "condition": "代办时提供"}],
        time_limit={"type": "committed", "statutory_days": 20, "committed_days": 5})
    blocks = blocks_of(record)
    assert blocks[0] == {"type": "heading", "level": 2, "text": "申请材料"}
    assert blocks[1]["rows"] == [["居民身份证", "1份", "原件", "必须提供"], ["委托书", "2份", "复印件", "代办时提供"]]
    assert dict(facts(record)) == {"办理地点": "东塘镇便民服务中心3号窗口", "办理时间": "工作日 8:30-12:00, 14:30-17:30",
                                   "办理时限": "法定20个工作日，承诺5个工作日", "收费标准": "不收费",
                                   "到现场次数": "1次", "咨询电话": "0795-6123456"}


def test_only_a_disclosure_with_a_window_counts_down(make_disclosure, make_notice):
    lowbao = make_disclosure(id=1, index_no="QX-DT/2026-00001")
    assert is_publicity_list(lowbao)
    assert ["公示期", "2026-11-23 至 2026-11-30"] in facts(lowbao)
    to_midnight = make_disclosure(publish_at="2026-12-04T00:00:00+08:00", expire_at="2026-12-11T00:00:00+08:00")
    assert ["公示期", "2026-12-04 至 2026-12-10"] in facts(to_midnight), "seven days, the last one the 10th"
    assert slide(lowbao, "https://kiosk.example.cn", lambda link: QR)["countdown"] is True
    notice = make_notice(id=2, expire_at="2026-12-10")
    assert not is_publicity_list(notice)
    assert slide(notice, "https://kiosk.example.cn", lambda link: QR)["countdown"] is False
