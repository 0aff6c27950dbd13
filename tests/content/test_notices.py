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
