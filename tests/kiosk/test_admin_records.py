"""The staff editor and lists through the Flask test client: a record from nothing to review."""
from .staff_pages import guide_form, pages  # noqa: F401  (fixture)


def test_an_editor_writes_a_guide_with_three_materials_and_submits_it(pages, client, content):
    pages("editor")
    created = client.post("/admin/records/new?kind=guide", data=guide_form())
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    item_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    record = content.library.items.get(item_id)
    assert [m["name"] for m in record["materials"]] == ["居民身份证", "户口簿", "银行卡"]
    assert record["conditions"] == ["年满16周岁", "未参加职工基本养老保险"] and record["tags"] == ["养老", "社保"]
    assert record["time_limit"] == {"type": "immediate", "statutory_days": None, "committed_days": None}
    page = client.get(created.headers["Location"]).get_data(as_text=True)
    assert "已保存草稿" in page and 'value="户口簿"' in page and "<h2>办理须知</h2>" in page
    submitted = client.post(f"/admin/records/{item_id}/submit", data={"rev": "1"})
    assert submitted.status_code == 302 and content.library.items.get(item_id)["status"] == "in_review"


def test_the_paper_board_and_county_wide_boxes_are_ticked_and_unticked_in_the_editor(pages, client, content):
    pages("editor")
    created = client.post("/admin/records/new?kind=guide", data=guide_form(board="1"))
    item_id = int(created.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert content.library.items.get(item_id)["board"] is True
    assert 'id="f-board" type="checkbox" name="board" value="1" checked' in client.get(f"/admin/records/{item_id}").get_data(as_text=True)
    client.post(f"/admin/records/{item_id}", data=guide_form(rev="1"))  # the box left unticked
    assert content.library.items.get(item_id)["board"] is False

    pages("county_admin")
    shared = client.post("/admin/records/new?kind=guide", data=guide_form(all_townships="1"))
    shared_id = int(shared.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    assert content.library.items.get(shared_id)["all_townships"] is True
    client.post(f"/admin/records/{shared_id}", data=guide_form(rev="1"))
    assert content.library.items.get(shared_id)["all_townships"] is False, "unticking takes a record off every township"


def test_invalid_input_comes_back_with_everything_typed_and_a_message_by_each_field(pages, client, content):
    pages("editor")
    response = client.post("/admin/records/new?kind=guide",
                           data=guide_form(title="", fee="", **{"materials-1-copies": "两份", "location": "五号窗口"}))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="五号窗口"' in html and 'value="两份"' in html and "居民身份证" in html
    assert html.count('class="field-error"') >= 3 and "请填写整数" in html and "必填" in html
    assert 'aria-invalid="true"' in html and "English" in html  # the language switch, not an English message
    assert content.library.items.get(1) is None


def test_rows_are_added_removed_and_moved_without_script(pages, client):
    pages("editor")
    added = client.post("/admin/records/new?kind=guide", data={**guide_form(), "row": "materials:add"})
    assert added.status_code == 200 and 'name="materials-3-name"' in added.get_data(as_text=True)
    moved = client.post("/admin/records/new?kind=guide", data={**guide_form(), "row": "materials:down:0"})
    html = moved.get_data(as_text=True)
    assert html.index('value="户口簿"') < html.index('value="居民身份证"')
    removed = client.post("/admin/records/new?kind=guide", data={**guide_form(), "row": "materials:remove:1"})
    assert 'value="户口簿"' not in removed.get_data(as_text=True)


def test_a_stale_rev_shows_both_versions_and_keeps_what_was_typed(pages, client, staff, make_notice):
    pages("editor")
    record = client.post("/api/v1/items", json=make_notice(), headers=staff["editor"]).json
    client.put(f"/api/v1/items/{record['id']}", json={"summary": "别人改过的摘要"},
               headers={**staff["other_editor"], "If-Match": "1"})
    response = client.post(f"/admin/records/{record['id']}", data={"rev": "1", "title": "我改的标题", "summary": "我的摘要"})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "other_editor" in html and "别人改过的摘要" in html and 'value="我改的标题"' in html
    assert 'name="rev" value="2"' in html  # saving again overwrites, deliberately
    again = client.post(f"/admin/records/{record['id']}", data={"rev": "2", "title": "我改的标题", "summary": "我的摘要"})
    assert again.status_code == 302


def test_the_preview_is_the_kiosk_pages_markdown(pages, client):
    pages("editor")
    html = client.post("/admin/preview", data={"body": "# 标题\n\n<script>x</script>\n\n| a |\n|---|\n| 1 |"}).get_data(as_text=True)
    assert "<h1>标题</h1>" in html and "<script>" not in html and "<table>" in html


def test_the_list_filters_sorts_pages_and_offers_the_allowed_actions(pages, client, staff, make_notice, make_guide,
                                                                    publish):
    for n in range(25):
        client.post("/api/v1/items", json=make_notice(title=f"通知{n:02d}"), headers=staff["editor"])
    publish(make_guide())
    pages("reviewer")
    html = client.get("/admin/records?kind=notice&sort=title").get_data(as_text=True)
    assert "共 25 条" in html and html.index("通知00") < html.index("通知01") and "下一页" in html
    assert "城乡居民基本养老保险参保登记" not in html
    assert "通知07" in client.get("/admin/records?q=通知07").get_data(as_text=True)
    assert "共 1 条" in client.get("/admin/records?status=published").get_data(as_text=True)
    assert "已发布" in client.get("/admin/records?status=published").get_data(as_text=True)
    bad = client.get("/admin/records?kind=nonsense&page=x")
    assert bad.status_code == 200 and "部分筛选条件无效" in bad.get_data(as_text=True)


def test_the_dashboard_counts_link_to_their_lists_and_show_the_rejection_reason(pages, client, staff, make_notice):
    made = client.post("/api/v1/items", json=make_notice(title="要退回的通知"), headers=staff["editor"]).json
    client.post(f"/api/v1/items/{made['id']}/submit", headers=staff["editor"])
    client.post(f"/api/v1/items/{made['id']}/reject", json={"comment": "请写明放假的具体日期"}, headers=staff["reviewer"])
    client.post("/api/v1/items", json=make_notice(title="我的草稿"), headers=staff["editor"])
    pages("editor")
    html = client.get("/admin/").get_data(as_text=True)
    assert "请写明放假的具体日期" in html and "/admin/records?desk=rejected" in html
    assert "等待我审核" not in html  # editors do not review
    assert '<span class="count">1</span> 退回给我的' in html, "one rejected: in the alarm colour"
    assert '<span class="count zero">0</span> 屏幕离线' in html, "nothing to do is shown quietly, not in red"
    rejected = client.get("/admin/records?desk=rejected").get_data(as_text=True)
    assert "要退回的通知" in rejected and "我的草稿" not in rejected
    pages("reviewer")
    assert "等待我审核" in client.get("/admin/").get_data(as_text=True)


def test_withdrawal_needs_a_reason(pages, client, make_notice, publish, content):
    record = publish(make_notice())
    pages("reviewer")
    refused = client.post(f"/admin/records/{record['id']}/withdraw", data={"rev": str(record["rev"]), "comment": ""})
    assert refused.status_code == 422 and "请填写理由" in refused.get_data(as_text=True)
    done = client.post(f"/admin/records/{record['id']}/withdraw", data={"rev": str(record["rev"]), "comment": "信息有误"})
    assert done.status_code == 302 and content.library.items.get(record["id"])["status"] == "withdrawn"


def test_pages_speak_english_when_asked(pages, client):
    pages("editor")
    html = client.get("/admin/?lang=en").get_data(as_text=True)
    assert "Dashboard" in html and "Editor" in html and "工作台" not in html


def test_the_staff_list_follows_every_write_and_each_townships_scope(content, client, staff, make_notice, clock):
    """The list keeps each version's normalised text between requests (issue 7's p95): a write
    must still show at once, and the cache must not let a township see another's records."""
    from content.accounts import Actor
    library = content.library
    made = client.post("/api/v1/items", json=make_notice(title="東塘鎮停水通知"), headers=staff["editor"]).json
    county = content.accounts.actor("county_admin")
    township = content.accounts.actor("ls_admin")
    assert [r["id"] for r in library.list(county, {"q": "东塘镇停水"})["items"]] == [made["id"]], "简/繁 normalised"
    assert library.list(township, {"q": "停水"})["total"] == 0
    edited = client.put(f"/api/v1/items/{made['id']}", json={"title": "东塘镇停电通知"},
                        headers={**staff["editor"], "If-Match": str(made["rev"])})
    assert edited.status_code == 200
    assert library.list(county, {"q": "停水"})["total"] == 0 and library.list(county, {"q": "停电"})["total"] == 1
    assert library.authors(county) == ["editor"] and library.authors(township) == []
    client.post("/api/v1/items", json=make_notice(title="柳山乡通知"), headers=staff["ls_admin"])
    assert library.authors(county) == ["editor", "ls_admin"] and library.authors(township) == ["ls_admin"]
    nobody = Actor("x", "editor", "QX-XX", frozenset({"QX-XX"}))
    assert library.visible(nobody) == [] and len(library.visible(county)) == 2


def test_a_public_record_offers_its_a4_notice_in_the_orientation_its_tables_need(pages, client, staff, publish,
                                                                                  make_notice):
    from .test_notices import WIDE_BODY
    plain, wide = publish(make_notice()), publish(make_notice(title="宽表格", body=WIDE_BODY))
    draft = client.post("/api/v1/items", json=make_notice(title="草稿"), headers=staff["editor"]).json
    pages("editor")
    html = client.get(f"/admin/records/{plain['id']}").get_data(as_text=True)
    assert f"/items/{plain['id']}/notice.pdf?orientation=portrait" in html and "打印公示（A4）" in html
    html = client.get(f"/admin/records/{wide['id']}").get_data(as_text=True)
    assert f"/items/{wide['id']}/notice.pdf?orientation=landscape" in html and "打印公示（A4 横版）" in html
    assert "notice.pdf" not in client.get(f"/admin/records/{draft['id']}").get_data(as_text=True)
