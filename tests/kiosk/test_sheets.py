"""A township brings in the catalogue it keeps in Excel, and takes it out the same way."""
import csv
import io
import re
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from content.sheets import HEADERS, read_table, row_to_fields, write_csv, write_xlsx

IMPORT = "/api/v1/catalogue/import"


def upload(client, headers, data, name, **params):
    """A form upload; a large file as a raw body (the test client spools big forms to a file it never closes)."""
    query = "&".join(f"{k}={v}" for k, v in params.items())
    if len(data) > 400_000:
        return client.post(f"{IMPORT}?{query}&filename={name}", headers=headers, data=data,
                           content_type="application/octet-stream")
    return client.post(f"{IMPORT}?{query}", headers=headers,
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def xlsx(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet_rows(data):
    """The data rows of an exported workbook, without the header."""
    return [[c if c is not None else "" for c in row] for row in load_workbook(io.BytesIO(data)).active.iter_rows(
        min_row=2, values_only=True)]


@pytest.fixture
def catalogue(publish, make_guide, make_disclosure, make_notice):
    guide = make_guide(materials=[
        {"name": "居民身份证", "copies": 1, "form": "original", "source": "申请人自备", "required": True},
        {"name": "户口簿", "copies": 2, "form": "copy", "source": "公安机关", "required": True},
        {"name": "委托书", "copies": 1, "form": "original", "source": "申请人自备", "required": False,
         "condition": "代办时提供"}],
        steps=[{"name": "受理", "actor": "窗口", "duration": "即时"}, {"name": "审核", "actor": "民政办", "duration": "3个工作日"}],
        time_limit={"type": "committed", "committed_days": 5, "statutory_days": 20})
    return [publish(guide), publish(make_disclosure(formed_at="2026-11-20", channels=["board", "screen"])),
            publish(make_notice(tags=["停水", "通知"]))]


def test_export_then_import_gives_the_same_sheet(client, staff, catalogue):
    first = client.get("/api/v1/catalogue/export.xlsx", headers=staff["editor"])
    assert first.status_code == 200 and first.mimetype.endswith("sheet")
    imported = upload(client, staff["editor"], first.data, "东塘镇目录.xlsx")
    assert imported.status_code == 201, imported.get_json()
    assert len(imported.get_json()["created"]) == 3
    again = sheet_rows(client.get("/api/v1/catalogue/export.xlsx", headers=staff["editor"]).data)
    assert sorted(again) == sorted(sheet_rows(first.data) * 2), "the imported drafts export exactly as the originals"


def test_the_csv_round_trip_is_byte_for_byte(client, staff, catalogue):
    first = client.get("/api/v1/catalogue/export.csv", headers=staff["editor"]).data
    assert upload(client, staff["editor"], first, "目录.csv").status_code == 201
    again = client.get("/api/v1/catalogue/export.csv", headers=staff["editor"]).data.decode("utf-8-sig")
    rows, before = again.rstrip("\r\n").split("\r\n"), first.decode("utf-8-sig").rstrip("\r\n").split("\r\n")
    assert rows[0] == before[0] and sorted(rows[1:]) == sorted(before[1:] * 2), "each imported row is the original's, byte for byte"


def test_text_that_looks_like_a_formula_is_exported_as_text_and_comes_back_the_same():
    record = {"kind": "notice", "title": "=1+1 不是公式", "summary": "=HYPERLINK(\"http://x\")", "tags": []}
    data = write_xlsx([record])
    assert "f" not in {c.data_type for c in load_workbook(io.BytesIO(data)).active[2]}, "Excel would run a formula"
    _, rows = read_table(data, "a.xlsx")
    fields, problems = row_to_fields(rows[0][1])
    assert problems == {} and (fields["title"], fields["summary"]) == (record["title"], record["summary"])


@pytest.mark.parametrize("title", ["=1+1 不是公式", "+86 0795 热线", "-5℃寒潮预警", "@所有人", "'=带撇号的等号", "'普通撇号"])
def test_a_csv_cell_never_starts_a_formula_in_excel_and_comes_back_the_same(title):
    record = {"kind": "notice", "title": title, "summary": "- 第一项\n- 第二项", "tags": []}
    text = write_csv([record])
    cells = next(csv.reader(io.StringIO(text.split("\r\n", 1)[1])))
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
    _, rows = read_table(text.encode("utf-8-sig"), "a.csv")
    fields, problems = row_to_fields(rows[0][1])
    assert problems == {} and (fields["title"], fields["summary"]) == (title, record["summary"])


def test_imported_records_are_drafts_that_still_go_through_review(client, staff, catalogue):
    sheet = client.get("/api/v1/catalogue/export.xlsx", headers=staff["editor"]).data
    done = upload(client, staff["editor"], sheet, "a.xlsx", submit=1).get_json()
    statuses = {client.get(f"/api/v1/items/{i}", headers=staff["editor"]).get_json()["status"] for i in done["created"]}
    assert statuses == {"in_review"} and sorted(done["submitted"]) == sorted(done["created"])


def test_a_sheet_with_bad_rows_imports_nothing_and_says_which_rows_and_why(client, staff):
    rows = [["类型", "标题", "公开主体", "领域", "五公开阶段", "收费标准"],
            ["通知公告", "停水通知", "", "", "", ""],
            ["政务公开事项", "低保公示", "民政办", "不存在的领域", "结果", ""],
            ["办事指南", "生育登记", "卫健办", "社会救助", "", ""],
            ["会议纪要", "某会议", "", "", "", ""],
            ["图片视频", "防火海报", "", "", "", ""]]  # files are uploaded on their own page
    before = client.get("/api/v1/items", headers=staff["editor"]).get_json()["total"]
    report = upload(client, staff["editor"], xlsx(rows), "bad.xlsx", dry_run=1).get_json()
    assert report["ready"] == 1 and not report["would_import"]
    where = {(p["row"], p["column"]) for p in report["problems"]}
    assert {(3, "领域"), (4, "领域"), (4, "收费标准"), (5, "类型"), (6, "类型")} <= where
    refused = upload(client, staff["editor"], xlsx(rows), "bad.xlsx")
    assert refused.status_code == 422 and refused.get_json()["problems"]
    assert client.get("/api/v1/items", headers=staff["editor"]).get_json()["total"] == before


def formulas():
    book = Workbook()
    book.active.append(HEADERS[:3])
    book.active.append(["通知公告", "=CONCAT(\"停\",\"水\")", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def merged():
    book = Workbook()
    book.active.append(HEADERS[:3])
    book.active.append(["通知公告", "停水", ""])
    book.active.merge_cells("A2:B2")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def many_rows():
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["类型", "标题"])
    writer.writerows([["通知公告", str(n)] for n in range(100_000)])
    return out.getvalue().encode()


def rows_without_dimension(count=6000):
    """An .xlsx whose sheet does not say how many rows it has (as some programs write them)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["类型", "标题"])
    for n in range(count):
        sheet.append(["通知公告", f"第{n}号通知"])
    out, plain = io.BytesIO(), io.BytesIO()
    book.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as src, zipfile.ZipFile(plain, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, re.sub(rb"<dimension[^>]*/>", b"", src.read(item.filename)))
    return plain.getvalue()


@pytest.mark.parametrize("data, name, says", [
    (formulas(), "f.xlsx", "公式"),
    (merged(), "m.xlsx", "合并单元格"),
    (many_rows(), "big.csv", "行数太多"),
    (rows_without_dimension(), "big.xlsx", "行数太多"),
    ("类型,标题,备注\n通知公告,停水,x\n".encode(), "h.csv", "不认识的栏目：备注"),
    ("类型,标题\n通知公告,停水\n".encode("utf-16"), "enc.csv", "编码"),
    (b"PK\x03\x04 not really a zip", "broken.xlsx", "损坏"),
    (b"%PDF-1.4", "notice.pdf", ".xlsx"),
    (b"", "empty.csv", "表是空的"),
    ("类型,标题,标题\n通知公告,停水,断电\n".encode(), "twice.csv", "栏目重复：标题"),
])
def test_sheets_that_cannot_be_read_get_a_clear_answer(client, staff, data, name, says):
    response = upload(client, staff["editor"], data, name, dry_run=1)
    assert response.status_code in (413, 422), response.get_data(as_text=True)[:300]
    if response.status_code == 422:
        assert says in response.get_json()["error"]["message"]


def test_a_long_body_and_excels_true_and_false_are_read():
    body = "长" * 150_000  # a body may hold 200,000 characters; csv's default limit is 131,072
    data = ("类型,标题,正文,全县共享\n通知公告,停水," + body + ",否\n").encode()
    assert read_table(data, "long.csv")[1][0][1]["正文"] == body
    assert read_table(xlsx([["类型", "标题", "全县共享"], ["通知公告", "停水", True]]), "b.xlsx")[1][0][1]["全县共享"] == "是"


def test_a_csv_saved_by_excel_in_gbk_is_read():
    data = "类型,标题,收费标准\n办事指南,生育登记,不收费\n".encode("gb18030")
    headers, rows = read_table(data, "excel.csv")
    assert headers[1] == "标题" and rows == [(2, {"类型": "办事指南", "标题": "生育登记", "收费标准": "不收费"})]


def test_only_staff_may_import_and_only_their_own_org_is_exported(client, staff, catalogue):
    assert upload(client, {}, b"x", "a.csv").status_code == 401
    assert client.get("/api/v1/catalogue/export.csv?org=QX-DT", headers=staff["ls_admin"]).status_code == 422
    own = client.get("/api/v1/catalogue/export.csv", headers=staff["ls_admin"]).data.decode("utf-8-sig")
    assert own.count("\r\n") == 1, "柳山乡 has no records: only the header"


def test_the_template_names_the_allowed_values(client, staff):
    template = load_workbook(io.BytesIO(client.get("/api/v1/catalogue/template.xlsx", headers=staff["editor"]).data))
    assert [c.value for c in template["目录"][1]] == HEADERS
    notes = {row[0]: row[1] for row in template["填写说明"].iter_rows(min_row=2, values_only=True)}
    assert "社会救助" in notes["领域"] and "结果" in notes["五公开阶段"]


# --- the timeliness board and its calendar ---------------------------------------------------

def test_the_board_lists_an_overdue_disclosure_of_ones_own_township_only(client, staff, clock, make_disclosure):
    # formed Fri Oct 9: Saturday Oct 10 is a make-up working day, so 20 working days end Thu Nov 5
    late = make_disclosure(title="第三季度财政收支公开", formed_at="2026-10-09", publish_at=None, expire_at=None)
    created = client.post("/api/v1/items", json=late, headers=staff["editor"]).get_json()
    board = client.get("/api/v1/timeliness", headers=staff["editor"]).get_json()
    assert [(d["id"], d["state"], d["due"]) for d in board["deadlines"]] == [(created["id"], "overdue", "2026-11-05")]
    assert client.get("/api/v1/timeliness", headers=staff["ls_admin"]).get_json()["deadlines"] == []
    assert 2027 in board["unknown_years"] and board["calendar"]["library_years"][1] >= 2026


def test_an_admin_enters_a_year_the_holiday_library_does_not_know(client, staff):
    schedule = {"holidays": ["2027-01-01"], "workdays": []}
    assert client.put("/api/v1/calendar/2027", json=schedule, headers=staff["editor"]).status_code == 403
    bad = client.put("/api/v1/calendar/2027", json={"holidays": ["2027-02-30"]}, headers=staff["admin"])
    assert bad.status_code == 422 and "holidays" in bad.get_json()["error"]["fields"]
    assert client.put("/api/v1/calendar/2027", json=schedule, headers=staff["admin"]).status_code == 200
    board = client.get("/api/v1/timeliness", headers=staff["admin"]).get_json()
    assert 2027 not in board["unknown_years"] and board["calendar"]["entered_years"] == [2027]


def test_an_import_that_fails_half_way_leaves_no_record_and_no_history(client, staff, content, monkeypatch):
    rows = [["类型", "标题"]] + [["通知公告", f"第{n}号通知"] for n in range(1, 6)]
    before = client.get("/api/v1/items", headers=staff["editor"]).get_json()["total"]
    real, calls = content.library.create, []

    def failing_on_the_fourth(*args, **kwargs):
        calls.append(1)
        if len(calls) == 4:
            raise OSError("the process died here")
        return real(*args, **kwargs)
    monkeypatch.setattr(content.library, "create", failing_on_the_fourth)
    assert upload(client, staff["editor"], xlsx(rows), "half.xlsx").status_code == 500  # as a crash would
    monkeypatch.undo()
    assert client.get("/api/v1/items", headers=staff["editor"]).get_json()["total"] == before
    assert not [e for e in content.store.journal("audit").entries() if e.get("action") == "items.create"]
    done = upload(client, staff["editor"], xlsx(rows), "half.xlsx").get_json()
    assert len(done["created"]) == 5
