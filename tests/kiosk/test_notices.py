"""Printed notices: PDF text and masking, QR codes that read back, /v/<code> through a record's life."""
import re
import shutil
import subprocess

import pytest

from tests.content.test_notices import wide_table

pytestmark = pytest.mark.skipif(not (shutil.which("pdftotext") and shutil.which("pdftoppm") and shutil.which("zbarimg")),
                                reason="needs poppler-utils and zbar-tools (make system-test-deps)")
BASE = "https://kiosk.example.cn"
ROWS = 300


def pdf_text(pdf, tmp_path):
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def read_qr(png_path):
    done = subprocess.run(["zbarimg", "--quiet", "--raw", str(png_path)], capture_output=True, text=True)
    return done.stdout.split()


def pdf_qr_codes(pdf, tmp_path, first=1, last=1):
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-f", str(first), "-l", str(last), str(path),
                    str(tmp_path / "page")], check=True)
    return [code for page in sorted(tmp_path.glob("page*.png")) for code in read_qr(page)]


def code_of(link):
    assert link.startswith(BASE + "/v/"), link
    return link.rsplit("/", 1)[1]


def rev_header(response):
    return {"If-Match": f'"{response.json["rev"]}"'}


def edit_and_approve(client, staff, item, changes):
    current = client.get(f"/api/v1/items/{item}", headers=staff["editor"])
    edited = client.put(f"/api/v1/items/{item}", json=changes, headers={**staff["editor"], **rev_header(current)})
    assert edited.status_code == 200, edited.json
    submitted = client.post(f"/api/v1/items/{item}/submit", headers={**staff["editor"], **rev_header(edited)})
    approved = client.post(f"/api/v1/items/{item}/approve", headers={**staff["reviewer"], **rev_header(submitted)})
    assert approved.status_code == 200, approved.json
    return approved.json


def withdraw(client, staff, item, comment):
    current = client.get(f"/api/v1/items/{item}", headers=staff["editor"])
    done = client.post(f"/api/v1/items/{item}/withdraw", json={"comment": comment},
                       headers={**staff["reviewer"], **rev_header(current)})
    assert done.status_code == 200, done.json


@pytest.fixture
def long_list(make_disclosure):
    rows = "\n".join(f"| 户主{i:03d} | {i % 5 + 1} | {1000 + i}元 | 身份证 36042119800101{i:04d} |" for i in range(ROWS))
    return make_disclosure(body="## 公示名单\n\n| 户主 | 人数 | 月保障金 | 证件 |\n|---|---|---|---|\n" + rows
                           + "\n\n联系人手机 13812345678。")


def test_pdf_holds_title_index_number_and_every_row_masked(client, publish, long_list, tmp_path):
    record = publish(long_list)
    response = client.get(f"/items/{record['id']}/notice.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    assert record["title"] in text and record["index_no"] in text
    for i in range(ROWS):
        assert f"户主{i:03d}" in text and f"{1000 + i}元" in text
    assert "13812345678" not in text and "138****5678" in text
    assert not re.search(r"36042119800101\d{4}", text) and "36*************" in text
    pages = int(re.search(r"第 1 页 共 (\d+) 页", text)[1])
    assert pages > 3
    for n, page in enumerate(text.split("\f")[:pages], 1):  # the table's header on every page it runs onto
        assert f"第 {n} 页 共 {pages} 页" in page
        if re.search(r"户主\d{3}", page):
            assert re.search(r"户主 +人数 +月保障金 +证件", page), n
    png = client.get(f"/items/{record['id']}/notice.png?page={pages}")  # the same layout, last page
    assert png.status_code == 200 and png.headers["X-Page-Count"] == str(pages)
    for bad in (0, pages + 1, "x", "-1", "99999"):
        assert client.get(f"/items/{record['id']}/notice.png?page={bad}").status_code == 422
    assert "链接里的参数不对" in client.get(f"/items/{record['id']}/notice.png?page=0").get_data(as_text=True)


def test_the_notice_prints_the_standard_elements(client, publish, make_disclosure, clock, tmp_path):
    record = publish(make_disclosure(doc_no="东府字〔2026〕12号", expire_at="2026-11-30"))
    text = re.sub(r"[ \t]+", " ", pdf_text(client.get(f"/items/{record['id']}/notice.pdf").data, tmp_path))
    for label, value in (("索引号", record["index_no"]), ("公开主体", "东塘镇社会事务办公室"),
                         ("依据", "《社会救助暂行办法》第十一条"), ("文号", "东府字〔2026〕12号"),
                         ("发布日期", "2026年11月23日"), ("公示期", "2026年11月23日至2026年11月30日"),
                         ("监督电话", "12345（政务服务便民热线）")):
        assert re.search(f"{label} {re.escape(value)}", text), (label, value)
    assert "第 1 页 共 1 页" in text
    code = code_of(pdf_qr_codes(client.get(f"/items/{record['id']}/notice.pdf").data, tmp_path)[0])
    clock.advance(days=8)  # past the 30th
    page = client.get(f"/v/{code}").get_data(as_text=True)
    assert "公示期已经结束" in page and "2026年11月30日" in page


def test_long_body_lays_out_without_clipping(client, publish, make_notice, tmp_path):
    sentences = [f"第{i:04d}句：便民服务中心将于元旦期间调整办公时间，请群众合理安排办事。" for i in range(600)]
    body = "\n\n".join("".join(sentences[i:i + 6]) for i in range(0, 600, 6))
    assert len(body) > 20000
    record = publish(make_notice(body=body))
    text = pdf_text(client.get(f"/items/{record['id']}/notice.pdf").data, tmp_path)
    flat = re.sub(r"\s+", "", text)
    for i in range(600):
        assert f"第{i:04d}句" in flat


def test_a_table_cell_or_fact_longer_than_a_page_runs_onto_the_next_pages(client, publish, make_guide, tmp_path):
    basis = "".join(f"第{i:03d}条依据。" for i in range(600))  # 5,000 characters, the most a 设定依据 holds
    cell = "".join(f"第{i:03d}项说明，" for i in range(300))
    record = publish(make_guide(basis=basis, body=f"| 项目 | 说明 |\n|---|---|\n| 甲 | {cell} |\n| 乙 | 短 |"))
    response = client.get(f"/items/{record['id']}/notice.pdf")
    assert response.status_code == 200, "fpdf2 cannot draw a row taller than a page: it is split"
    flat = re.sub(r"\s+", "", without_footers(pdf_text(response.data, tmp_path))).replace("项目说明", "")  # header
    assert all(f"第{i:03d}条依据。" in flat for i in range(600)) and all(f"第{i:03d}项说明，" in flat for i in range(300))


@pytest.mark.timeout(120)
def test_a_table_of_sixty_columns_prints_in_parts_instead_of_hanging(client, publish, make_notice, tmp_path):
    """Columns narrower than a character sent fpdf2 into an endless loop (the render worker hung)."""
    record = publish(make_notice(body=wide_table(60, "东塘镇新村组十二号")))
    response = client.get(f"/items/{record['id']}/notice.pdf")
    assert response.status_code == 200
    path = tmp_path / "columns.pdf"
    path.write_bytes(response.data)
    # in drawing order (-raw), each narrow cell's lines follow one another
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                                              check=True).stdout)
    assert all(f"第{n}列" in text for n in range(60)) and "续表（2/3）" in text and "续表（3/3）" in text


def without_footers(text):
    """The text of the pages without their footers (a row split across pages reads on)."""
    return re.sub(r"\S+ +\S+ +第 \d+ 页 共 \d+ 页.*?" + re.escape(BASE) + r"/v/\w+", "", text, flags=re.S)


def test_qr_codes_of_pdf_and_png_read_back_to_the_verification_page(client, publish, make_guide, tmp_path):
    record = publish(make_guide())
    pdf = client.get(f"/items/{record['id']}/notice.pdf").data
    [link] = pdf_qr_codes(pdf, tmp_path)
    png = client.get(f"/items/{record['id']}/notice.png")
    assert png.status_code == 200 and png.mimetype == "image/png" and png.headers["X-Page-Count"] == "1"
    (tmp_path / "notice.png").write_bytes(png.data)
    assert read_qr(tmp_path / "notice.png") == [link]
    code = code_of(link)
    assert code.replace("-", "") in re.sub(r"[\s-]", "", pdf_text(pdf, tmp_path))
    page = client.get(f"/v/{code}")
    assert page.status_code == 200 and "现行有效" in page.get_data(as_text=True)


def test_verification_follows_the_record_current_replaced_withdrawn(client, staff, publish, make_disclosure, clock,
                                                                     tmp_path):
    record = publish(make_disclosure())
    first = code_of(pdf_qr_codes(client.get(f"/items/{record['id']}/notice.pdf").data, tmp_path)[0])
    assert "现行有效" in client.get(f"/v/{first}").get_data(as_text=True)

    clock.advance(days=1)
    edit_and_approve(client, staff, record["id"], {"title": "2026年第四季度城乡低保新增对象公示（更正）",
                                                   "body": "| 户主 | 人数 | 月保障金 |\n|---|---|---|\n| 王某某 | 4 | 1680元 |"})
    page = client.get(f"/v/{first}").get_data(as_text=True)
    assert "已被更新" in page and "2026年11月24日" in page and "标题" in page and "正文" in page
    assert "新的标题：2026年第四季度城乡低保新增对象公示（更正）" in page
    assert "1680元" in page
    (tmp_path / "second").mkdir()
    second = code_of(pdf_qr_codes(client.get(f"/items/{record['id']}/notice.pdf").data, tmp_path / "second")[0])
    assert second != first and "现行有效" in client.get(f"/v/{second}").get_data(as_text=True)

    clock.advance(days=1)
    withdraw(client, staff, record["id"], "名单有误，重新核实后另行公示")
    for code in (second, first):
        page = client.get(f"/v/{code}").get_data(as_text=True)
        assert "已撤回" in page or "已被更新" in page
    page = client.get(f"/v/{second}").get_data(as_text=True)
    assert "已撤回" in page and "2026年11月25日" in page and "名单有误" in page
    assert client.get(f"/items/{record['id']}/notice.pdf").status_code == 404


def test_a_mistyped_code_is_refused_with_a_suggestion(client, publish, make_notice):
    record = publish(make_notice())
    notices = client.application.extensions["kiosk.notices"]
    _, code = notices.verify_link(BASE, record["id"], notices.library.items.get(record["id"])["published_rev"])
    assert client.get(f"/v/{code}").status_code == 200
    assert client.get(f"/v/{code.lower()[:5]}-{code.lower()[5:]}").status_code == 200  # as printed, any case
    typo = code[:3] + ("X" if code[3] != "X" else "Y") + code[4:]
    page = client.get(f"/v/{typo}")
    text = page.get_data(as_text=True)
    assert page.status_code == 404 and "无法核验" in text and f"{code[:5]}-{code[5:]}" in text
    swapped = code[:1] + code[2] + code[1] + code[3:]
    if swapped != code:
        assert client.get(f"/v/{swapped}").status_code == 404
    for forged in ("0000000000", code[:-1], code + "A", "not-a-code", "Ｋ" * 10):
        answer = client.get(f"/v/{forged}")
        assert answer.status_code == 404 and "无法核验" in answer.get_data(as_text=True)


def test_unknown_withdrawn_and_non_public_records_answer_404(client, staff, publish, make_disclosure):
    draft = client.post("/api/v1/items", json=make_disclosure(), headers=staff["editor"]).json
    on_request = publish(make_disclosure(attribute="on_request"))
    for item in ("999", "abc", str(draft["id"]), str(on_request["id"]), "0", "１"):
        for suffix in ("pdf", "png"):
            assert client.get(f"/items/{item}/notice.{suffix}").status_code == 404, (item, suffix)
    page = client.get(f"/items/{draft['id']}/notice.pdf").get_data(as_text=True)
    assert "没有这份公开信息" in page and "no public record" not in page, "a browser gets plain Chinese"
    assert client.get("/items/999/notice.pdf", headers={"Accept": "application/json"}).json["error"]["code"]


def test_rendering_is_cached_per_version(client, publish, make_notice, monkeypatch):
    record = publish(make_notice())
    calls = []
    notices = client.application.extensions["kiosk.notices"]
    real = notices.render
    monkeypatch.setattr(notices, "render", lambda doc: calls.append(doc) or real(doc))
    first = client.get(f"/items/{record['id']}/notice.pdf").data
    assert client.get(f"/items/{record['id']}/notice.pdf").data == first
    assert len(calls) == 1
    notices.cache._memory.clear()
    assert client.get(f"/items/{record['id']}/notice.pdf").data == first and len(calls) == 1  # from disk


def test_landscape_option(client, publish, make_notice, tmp_path):
    record = publish(make_notice())
    pdf = client.get(f"/items/{record['id']}/notice.pdf?orientation=landscape").data
    path = tmp_path / "l.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "841.89 x 595.28" in info or "842 x 595" in info


def page_size(pdf, tmp_path, page=1):
    path = tmp_path / "size.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", "-f", str(page), "-l", str(page), str(path)],
                          capture_output=True, text=True).stdout
    return "landscape" if "841.89 x 595.28" in info else "portrait" if "595.28 x 841.89" in info else info


WIDE_BODY = wide_table(10, "东塘镇新村组十二号")  # too wide for portrait


def test_auto_orientation_turns_only_wide_tables(client, publish, make_notice, tmp_path):
    wide = publish(make_notice(title="宽表格", body=WIDE_BODY))
    plain = publish(make_notice(title="窄通知"))
    assert page_size(client.get(f"/items/{wide['id']}/notice.pdf?orientation=auto").data, tmp_path) == "landscape"
    assert page_size(client.get(f"/items/{plain['id']}/notice.pdf?orientation=auto").data, tmp_path) == "portrait"
    assert page_size(client.get(f"/items/{wide['id']}/notice.pdf").data, tmp_path) == "portrait"


def test_an_unknown_orientation_is_refused(client, publish, make_notice):
    record = publish(make_notice())
    response = client.get(f"/items/{record['id']}/notice.pdf?orientation=sideways",
                          headers={"Accept": "application/json"})
    assert response.status_code == 422 and "orientation" in response.json["error"]["fields"]


def test_the_board_turns_wide_notices_to_landscape(client, staff, publish, make_notice, tmp_path):
    publish(make_notice(title="窄通知", board=True))
    publish(make_notice(title="宽表格", body=WIDE_BODY, board=True))
    board = client.get("/api/v1/notices/board.pdf?org=QX-DT", headers=staff["editor"]).data
    path = tmp_path / "board.pdf"
    path.write_bytes(board)
    pages = {n: subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                               text=True).stdout for n in (1, 2, 3)}
    assert {n: page_size(board, tmp_path, n) for n in pages} == \
        {n: "landscape" if "第9列" in text else "portrait" for n, text in pages.items()}
    assert sum("第9列" in text for text in pages.values()) == 1


def test_a_tiled_board_sets_two_notice_pages_to_a_sheet(client, staff, publish, make_notice, tmp_path):
    for title in ("第一份通知", "第二份通知", "第三份通知"):
        publish(make_notice(title=title, board=True))
    publish(make_notice(title="宽表格", body=WIDE_BODY, board=True))
    single = client.get("/api/v1/notices/board.pdf?org=QX-DT", headers=staff["editor"]).data
    tiled = client.get("/api/v1/notices/board.pdf?org=QX-DT&layout=tiled", headers=staff["editor"]).data
    assert [page_size(single, tmp_path, n) for n in range(1, 6)].count("portrait") == 4
    path = tmp_path / "tiled.pdf"
    path.write_bytes(tiled)
    sheets = [subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True,
                             text=True).stdout for n in range(1, 6)]
    assert sheets[4] == "", "four sheets in all"
    assert [page_size(tiled, tmp_path, n) for n in range(1, 5)] == ["portrait", "landscape", "landscape", "landscape"]
    assert "公示栏张贴清单" in sheets[0] and not any("公示栏张贴清单" in sheet for sheet in sheets[1:])
    # the cover alone; two of the portrait notices share a sheet; the wide one keeps its own
    notices_on = [sum(f"第{n}份通知" in sheet for n in "一二三") for sheet in sheets[1:4]]
    assert sorted(notices_on) == [0, 1, 2] and "第9列" in sheets[1 + notices_on.index(0)]
    pair = 2 + notices_on.index(2)
    (tmp_path / "scan").mkdir()
    links = pdf_qr_codes(tiled, tmp_path / "scan", first=pair, last=pair)
    assert len(set(links)) == 2 and all(link.startswith(BASE + "/v/") for link in links), "both QR codes still scan"
    bad = client.get("/api/v1/notices/board.pdf?org=QX-DT&layout=four", headers={**staff["editor"], "Accept": "application/json"})
    assert bad.status_code == 422 and "layout" in bad.json["error"]["fields"]


def test_board_set_prints_the_org_board_with_what_changed(client, staff, publish, make_disclosure, make_notice,
                                                          tmp_path):
    in_window = publish(make_disclosure())
    marked = publish(make_notice(title="便民服务中心办事须知", board=True))
    publish(make_notice(title="不上公示栏的通知"))
    publish(make_disclosure(title="柳山乡的公示"), author="ls_admin", reviewer="county_admin")
    assert client.get("/api/v1/notices/board.pdf?org=QX-DT").status_code == 401
    assert client.get("/api/v1/notices/board.pdf?org=QX-LS", headers=staff["editor"]).status_code == 404
    changes = client.get("/api/v1/notices/board?org=QX-DT", headers=staff["editor"]).json
    assert changes["since"] is None and {i["id"] for i in changes["added"]} == {in_window["id"], marked["id"]}
    board = client.get("/api/v1/notices/board.pdf?org=QX-DT", headers=staff["editor"])
    assert board.status_code == 200
    text = pdf_text(board.data, tmp_path)
    assert "公示栏张贴清单" in text and in_window["title"] in text and "便民服务中心办事须知" in text
    assert "不上公示栏" not in text and "柳山乡的公示" not in text
    edit_and_approve(client, staff, marked["id"], {"summary": "新的须知"})
    changes = client.get("/api/v1/notices/board", headers=staff["editor"]).json
    assert changes["since"] and [i["id"] for i in changes["changed"]] == [marked["id"]]
    assert [i["id"] for i in changes["unchanged"]] == [in_window["id"]]
