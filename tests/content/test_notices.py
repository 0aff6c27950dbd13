"""Verification codes: deterministic per version, typo-detecting, never accepted one off."""
from content.notices.layout import markdown_blocks, prefers_landscape
from content.notices.verification import (LENGTH, format_code, is_well_formed, issue_code, near_misses,
                                          normalise_code, verification_key)

KEY = verification_key("secret")


def test_codes_are_short_stable_and_keyed():
    code = issue_code(KEY, 12, 3)
    assert len(code) == LENGTH and is_well_formed(code)
    assert code == issue_code(KEY, 12, 3)
    assert code != issue_code(KEY, 12, 4) != issue_code(KEY, 13, 3)
    assert code != issue_code(verification_key("other"), 12, 3)


def test_every_single_typo_and_swap_is_caught_and_suggests_the_original():
    for item in range(1, 4):  # every position, every symbol, and swaps
        code = issue_code(KEY, item, 2)
        for i in range(LENGTH):
            for c in "0123456789ABCDEFGHJKMNPQRSTVWXYZ":
                typo = code[:i] + c + code[i + 1:]
                if typo != code:
                    assert not is_well_formed(typo)
                    assert code in near_misses(typo)
            if i + 1 < LENGTH and code[i] != code[i + 1]:
                swapped = code[:i] + code[i + 1] + code[i] + code[i + 2:]
                assert not is_well_formed(swapped) and code in near_misses(swapped)


def test_typed_forms_normalise():
    code = issue_code(KEY, 1, 2)
    assert normalise_code(format_code(code).lower()) == code
    assert normalise_code(code.replace("1", "I").replace("0", "O")) == code
    assert normalise_code("short") is None and normalise_code("U" * LENGTH) is None


def test_markdown_blocks_keep_tables_lists_and_headings():
    blocks = markdown_blocks("# 标题\n\n段落\n\n- 一\n  - 二\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n| 3 |")
    assert blocks == [("heading", 1, "标题"), ("paragraph", "段落"), ("list", False, ["一", "\u3000二"]),
                      ("table", ["甲", "乙"], [["1", "2"], ["3", ""]])]


def test_the_render_worker_process_serves_one_document_after_another():
    """What the server runs under gevent: framed JSON documents in, framed PDFs (or errors) out."""
    import subprocess
    import sys

    from content.notices.layout import build_document
    from content.notices.worker import encode, read_frame, write_frame
    from tests.server import ROOT
    worker = subprocess.Popen([sys.executable, "-m", "content.notices.worker"], cwd=ROOT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE)
    try:
        for title in ("元旦假期办公安排", "春节假期办公安排"):
            document = build_document({"kind": "notice", "title": title, "body": "| 日期 | 安排 |\n|---|---|\n| 1月1日 | 休息 |"},
                                      "东塘镇", "https://kiosk.example.cn/v/0000000000", "00000-00000")
            write_frame(worker.stdin, encode(document))
            answer = read_frame(worker.stdout)
            assert answer.startswith(b"P%PDF-") and answer.rstrip().endswith(b"%%EOF")
        write_frame(worker.stdin, b"{not json")
        assert read_frame(worker.stdout).startswith(b"EJSONDecodeError")
    finally:
        worker.stdin.close()
        assert worker.wait(60) == 0  # stdin closed: the worker leaves with the server
        worker.stdout.close()


def wide_table(columns, cell):
    header = "| " + " | ".join(f"第{n}列" for n in range(columns)) + " |"
    rule = "|" + "---|" * columns
    row = "| " + " | ".join([cell] * columns) + " |"
    return "\n".join([header, rule, row])


def test_only_a_table_too_wide_for_portrait_turns_the_page():
    assert not prefers_landscape({"body": "段落文字。" * 200})
    assert not prefers_landscape({"body": wide_table(7, "东塘镇新村")})  # a 公示 list fits portrait
    assert prefers_landscape({"body": wide_table(10, "东塘镇新村组十二号")})
    assert prefers_landscape({"body": "说明\n\n" + wide_table(12, "1,260.00")})


def facts_of(record):
    from content.notices.layout import build_document
    return dict(build_document(record, "青溪县东塘镇", "https://kiosk.example.cn/v/0000000000", "00000-00000").facts)


def test_every_notice_states_its_dates_its_publicity_period_and_a_complaint_line():
    disclosure = facts_of({"kind": "disclosure", "title": "低保公示", "index_no": "QX-DT/2026-00001",
                           "department": "东塘镇社会事务办公室", "basis": "《社会救助暂行办法》", "doc_no": "东府字〔2026〕12号",
                           "formed_at": "2026-11-20", "published_at": "2026-11-23T09:12:00+08:00",
                           "publish_at": "2026-11-23T08:00:00+08:00", "expire_at": "2026-12-01T00:00:00+08:00"})
    assert disclosure["索引号"] == "QX-DT/2026-00001" and disclosure["公开主体"] == "东塘镇社会事务办公室"
    assert disclosure["依据"] == "《社会救助暂行办法》" and disclosure["文号"] == "东府字〔2026〕12号"
    assert disclosure["成文日期"] == "2026年11月20日" and disclosure["发布日期"] == "2026年11月23日"
    # a bare expire_at date is stored as the next midnight: the 公示期 ends on the day before
    assert disclosure["公示期"] == "2026年11月23日至2026年11月30日"
    assert disclosure["监督电话"] == "12345（政务服务便民热线）"
    notice = facts_of({"kind": "notice", "title": "停水通知", "published_at": "2026-11-23T09:12:00+08:00",
                       "expire_at": "2026-11-25T18:00:00+08:00"})
    assert notice["公示期"] == "2026年11月23日至2026年11月25日", "no publish_at: from the day it was published"
    assert notice["发布日期"] == "2026年11月23日" and "监督电话" in notice
    scheduled = facts_of({"kind": "notice", "title": "停水通知", "published_at": "2026-11-23T09:12:00+08:00",
                          "publish_at": "2026-11-26T08:00:00+08:00"})
    assert scheduled["发布日期"] == "2026年11月26日", "approved on the 23rd to go public on the 26th"
    guide = facts_of({"kind": "guide", "title": "低保申请", "complaint_phone": "0795-6221012"})
    assert guide["监督投诉电话"] == "0795-6221012" and "监督电话" not in guide and "公示期" not in guide


def test_lines_break_the_chinese_way():
    from content.notices.linebreak import wrap
    def measure(text):  # a CJK character is two units, Latin one
        return sum(2 if ord(c) > 0x2E80 else 1 for c in text)
    text = "公示期内如有异议，请向东塘镇社会事务办公室（0795-6221035）反映，我们将逐一核实，并为反映人保密。"
    for width in range(16, 40):  # from the width of "（0795-6221035）"
        lines = wrap(text, width, measure).split("\n")
        assert all(measure(line) <= width for line in lines)
        assert not any(line[0] in "，。）；" or line[-1] in "（" for line in lines), lines
        assert any("0795-6221035" in line for line in lines), "a number is never split"
        assert "".join(lines) == text
    long = wrap("https://zwgk.qingxi.example.cn/v/K3M9Q7XW2D", 10, measure).split("\n")
    assert all(measure(line) <= 10 for line in long) and "".join(long) == "https://zwgk.qingxi.example.cn/v/K3M9Q7XW2D"


def test_narrow_columns_keep_their_width_and_only_wide_ones_wrap():
    from content.notices.layout import fit_columns, numeric_columns
    assert fit_columns([10, 20], 60) == [20, 40]  # room to spare: shared out in proportion
    widths = fit_columns([9, 12, 80, 90], 170)
    assert widths[:2] == [9, 12] and widths[2] == widths[3] == (170 - 21) / 2
    assert abs(sum(widths) - 170) < 1e-9
    assert numeric_columns([["王某某", "3", "1,260.00", "2026-11-20"], ["李某", "12", "605", ""]]) == {1, 2}


def test_a_missing_cjk_font_stops_the_server_at_start_with_one_clear_line(tmp_path, monkeypatch):
    """Never boxes on paper: without a CJK font the server does not start, and says what to install."""
    import pytest

    from content.notices import fonts
    from kiosk import create_app
    monkeypatch.setattr(fonts, "CANDIDATES", ((str(tmp_path / "NotoSansCJK-Regular.ttc"), 2),))
    fonts.cjk_font.cache_clear()
    try:
        with pytest.raises(SystemExit) as stopped:
            create_app({"KIOSK_DATA_DIR": str(tmp_path / "data"), "KIOSK_DEMO": False, "TESTING": True,
                        "KIOSK_ASYNC_MODE": "threading"})
    finally:
        fonts.cjk_font.cache_clear()
    assert str(stopped.value).startswith("cannot start: printed notices need a CJK font")
    assert "apt-get install fonts-noto-cjk" in str(stopped.value)


def test_a_row_taller_than_a_page_becomes_rows_that_fit():
    from content.notices.linebreak import split_row
    assert split_row(["甲", "一\n二"], 3) == [["甲", "一\n二"]]
    assert split_row(["甲", "1\n2\n3\n4\n5\n6\n7", "乙\n丙"], 3) == [
        ["甲", "1\n2\n3", "乙\n丙"], ["", "4\n5\n6", ""], ["", "7", ""]]


def test_a_table_wider_than_the_page_at_a_character_a_column_prints_in_parts():
    from content.notices.layout import column_groups
    assert column_groups(5, 27) == [[0, 1, 2, 3, 4]]
    assert column_groups(6, 3) == [[0, 1, 2], [0, 3, 4], [0, 5]]
    parts = column_groups(60, 27)
    assert len(parts) == 3 and all(part[0] == 0 and len(part) <= 27 for part in parts)
    assert sorted(c for part in parts for c in part[1:]) == list(range(1, 60)), "every column once"
