"""The records API: public reads, staff writes, review, revisions, org scope."""
import datetime as dt
import re

from content.dates import DEFAULT_TZ


def create(client, staff, payload, who="editor"):
    response = client.post("/api/v1/items", json=payload, headers=staff[who])
    assert response.status_code == 201, response.json
    return response.json


def test_healthz_reports_the_content_version(client):
    body = client.get("/healthz").json
    assert (body["status"], body["content_version"]) == ("ok", 0)
    assert body["warnings"] == []  # KIOSK_PUBLIC_BASE_URL is a public https address in the tests


def test_a_new_record_is_a_draft_with_rev_1_and_an_index_number(client, staff, make_disclosure):
    record = create(client, staff, make_disclosure())
    assert (record["status"], record["rev"], record["org"]) == ("draft", 1, "QX-DT")
    assert record["index_no"] == "QX-DT/2026-00001"
    assert record["created_by"] == "editor" and record["created_at"] == "2026-11-23T09:00:00+08:00"
    assert create(client, staff, make_disclosure())["index_no"] == "QX-DT/2026-00002"


def test_index_numbers_count_per_org_and_year(client, staff, make_disclosure, clock):
    create(client, staff, make_disclosure())
    assert create(client, staff, make_disclosure(), "ls_admin")["index_no"] == "QX-LS/2026-00001"
    clock.advance(days=40)
    assert create(client, staff, make_disclosure(publish_at=None, expire_at=None))["index_no"] == "QX-DT/2027-00001"


def test_the_index_number_never_changes(client, staff, make_disclosure, publish):
    record = publish(make_disclosure())
    edited = client.put(f"/api/v1/items/{record['id']}", json={"title": "更正后的公示"},
                        headers={**staff["editor"], "If-Match": f'"{record["rev"]}"'})
    assert edited.json["index_no"] == record["index_no"]
    refused = client.put(f"/api/v1/items/{record['id']}", json={"index_no": "QX-DT/2026-09999"},
                         headers={**staff["editor"], "If-Match": str(edited.json["rev"])})
    assert refused.status_code == 422 and "index_no" in refused.json["error"]["fields"]


def test_drafts_are_invisible_to_the_public(client, staff, make_notice):
    record = create(client, staff, make_notice())
    assert client.get(f"/api/v1/items/{record['id']}").status_code == 404
    assert client.get("/api/v1/items").json["total"] == 0
    assert client.get(f"/api/v1/items/{record['id']}", headers=staff["editor"]).json["status"] == "draft"


def test_review_publishes_and_bumps_the_content_version(client, staff, make_notice):
    record = create(client, staff, make_notice())
    submitted = client.post(f"/api/v1/items/{record['id']}/submit", headers=staff["editor"])
    assert submitted.json["status"] == "in_review"
    approved = client.post(f"/api/v1/items/{record['id']}/approve", json={"comment": "已核"},
                           headers={**staff["reviewer"], "If-Match": str(submitted.json["rev"])})
    assert approved.status_code == 200 and approved.json["status"] == "published"
    assert approved.json["review"]["by"] == "reviewer" and approved.json["review"]["checks"]["privacy"]
    assert client.get("/healthz").json["content_version"] == 1
    public = client.get(f"/api/v1/items/{record['id']}").json
    assert public["title"] == "便民服务中心元旦假期办公安排"
    assert "created_by" not in public and "review" not in public


def test_the_author_cannot_approve_their_own_record(client, staff, make_notice):
    record = create(client, staff, make_notice(), who="reviewer")
    client.post(f"/api/v1/items/{record['id']}/submit", headers=staff["reviewer"])
    refused = client.post(f"/api/v1/items/{record['id']}/approve", headers=staff["reviewer"])
    assert refused.status_code == 403
    assert client.get(f"/api/v1/items/{record['id']}", headers=staff["admin"]).json["status"] == "in_review"


def test_editors_cannot_approve(client, staff, make_notice):
    record = create(client, staff, make_notice(), who="reviewer")
    client.post(f"/api/v1/items/{record['id']}/submit", headers=staff["reviewer"])
    assert client.post(f"/api/v1/items/{record['id']}/approve", headers=staff["editor"]).status_code == 403


def test_a_stale_rev_is_refused_so_no_update_is_lost(client, staff, make_notice):
    record = create(client, staff, make_notice())
    first = client.put(f"/api/v1/items/{record['id']}", json={"summary": "甲的修改"},
                       headers={**staff["editor"], "If-Match": '"1"'})
    assert first.status_code == 200 and first.json["rev"] == 2
    second = client.put(f"/api/v1/items/{record['id']}", json={"summary": "乙的修改"},
                        headers={**staff["other_editor"], "If-Match": '"1"'})
    assert second.status_code == 409 and second.json["error"]["fields"]["rev"] == 2
    assert client.get(f"/api/v1/items/{record['id']}", headers=staff["editor"]).json["summary"] == "甲的修改"


def test_an_update_needs_if_match(client, staff, make_notice):
    record = create(client, staff, make_notice())
    response = client.put(f"/api/v1/items/{record['id']}", json={"summary": "x"}, headers=staff["editor"])
    assert response.status_code == 428


def test_an_edit_of_a_published_record_waits_for_review_while_the_old_version_stays_public(
        client, staff, make_notice, publish):
    record = publish(make_notice())
    edited = client.put(f"/api/v1/items/{record['id']}", json={"title": "元旦假期办公安排（更正）"},
                        headers={**staff["editor"], "If-Match": str(record["rev"])})
    assert edited.json["status"] == "draft" and edited.json["published_rev"] == record["rev"]
    assert client.get(f"/api/v1/items/{record['id']}").json["title"] == "便民服务中心元旦假期办公安排"
    submitted = client.post(f"/api/v1/items/{record['id']}/submit", headers=staff["editor"]).json
    client.post(f"/api/v1/items/{record['id']}/approve", headers={**staff["reviewer"], "If-Match": str(submitted["rev"])})
    assert client.get(f"/api/v1/items/{record['id']}").json["title"] == "元旦假期办公安排（更正）"


def test_withdrawal_takes_a_record_off_every_public_surface(client, staff, make_notice, publish):
    record = publish(make_notice())
    withdrawn = client.post(f"/api/v1/items/{record['id']}/withdraw", json={"comment": "信息有误"},
                            headers=staff["reviewer"])
    assert withdrawn.json["status"] == "withdrawn" and withdrawn.json["published_rev"] is None
    assert client.get(f"/api/v1/items/{record['id']}").status_code == 404
    assert client.get("/healthz").json["content_version"] == 2


def test_every_version_is_kept_and_listable(client, staff, make_notice, publish):
    record = publish(make_notice())
    client.put(f"/api/v1/items/{record['id']}", json={"summary": "改"},
               headers={**staff["editor"], "If-Match": str(record["rev"])})
    revisions = client.get(f"/api/v1/items/{record['id']}/revisions", headers=staff["editor"]).json
    assert [(r["rev"], r["action"], r["actor"]) for r in revisions["items"]] == [
        (1, "create", "editor"), (2, "submit", "editor"), (3, "approve", "reviewer"), (4, "update", "editor")]
    assert revisions["items"][0]["record"]["summary"] == "1月1日休息，2日起正常办公。"
    assert client.get(f"/api/v1/items/{record['id']}/revisions").status_code == 401


def test_records_outside_their_window_leave_by_themselves(client, make_disclosure, publish, clock):
    record = publish(make_disclosure())
    assert client.get(f"/api/v1/items/{record['id']}").status_code == 200
    clock.advance(days=7)
    assert client.get(f"/api/v1/items/{record['id']}").status_code == 404
    assert client.get("/api/v1/items").json["total"] == 0


def test_only_proactive_disclosures_reach_the_public(client, make_disclosure, publish):
    publish(make_disclosure(attribute="on_request"))
    publish(make_disclosure(attribute="withheld", withheld_reason="涉及个人隐私"))
    assert client.get("/api/v1/items").json["total"] == 0


def test_a_township_never_sees_another_townships_records(client, staff, make_notice):
    record = create(client, staff, make_notice())
    assert client.get(f"/api/v1/items/{record['id']}", headers=staff["ls_admin"]).status_code == 404
    assert client.put(f"/api/v1/items/{record['id']}", json={"title": "x"},
                      headers={**staff["ls_admin"], "If-Match": "1"}).status_code == 404
    assert client.post(f"/api/v1/items/{record['id']}/submit", headers=staff["ls_admin"]).status_code == 404
    assert client.get("/api/v1/items", headers=staff["ls_admin"]).json["total"] == 0
    assert client.get("/api/v1/items", headers=staff["county_admin"]).json["total"] == 1


def test_a_township_cannot_publish_for_another_org(client, staff, make_notice):
    response = client.post("/api/v1/items", json=make_notice(org="QX-LS"), headers=staff["editor"])
    assert response.status_code == 404 and "org" in response.json["error"]["fields"]


def test_the_county_can_share_a_record_with_every_township(client, staff, make_notice, publish):
    shared = publish(make_notice(all_townships=True), author="county_admin", reviewer="county_reviewer")
    assert client.get(f"/api/v1/items/{shared['id']}", headers=staff["ls_admin"]).status_code == 200
    assert client.get("/api/v1/items?org=QX-DT").json["total"] == 1
    refused = client.post("/api/v1/items", json=make_notice(all_townships=True), headers=staff["editor"])
    assert refused.status_code == 422


def test_staff_filter_by_status_and_the_public_cannot(client, staff, make_notice, publish):
    publish(make_notice())
    create(client, staff, make_notice(title="草稿通知"))
    assert client.get("/api/v1/items?status=draft", headers=staff["editor"]).json["total"] == 1
    assert client.get("/api/v1/items?status=draft").json["total"] == 1  # ignored: public sees published only
    assert client.get("/api/v1/items?status=draft").json["items"][0]["status"] == "published"


def test_public_lists_filter_by_kind_area_and_stage(client, make_disclosure, make_guide, publish):
    publish(make_disclosure())
    publish(make_guide())
    assert client.get("/api/v1/items?kind=guide").json["total"] == 1
    assert client.get("/api/v1/items?area=社会救助&stage=result").json["total"] == 1
    assert client.get("/api/v1/items?stage=决策").json["total"] == 0


def test_paging(client, make_notice, publish):
    for n in range(5):
        publish(make_notice(title=f"通知{n}"))
    page = client.get("/api/v1/items?per_page=2&page=3").json
    assert (page["total"], len(page["items"]), page["page"]) == (5, 1, 3)


def test_personal_data_is_masked_on_public_surfaces_but_kept_for_staff(client, staff, make_disclosure, publish):
    record = publish(make_disclosure(body="户主王某某，身份证号362330199001011234，电话13812345678"))
    public = client.get(f"/api/v1/items/{record['id']}").json["body"]
    # The body is Markdown: its stars are escaped, so they show as stars and never pair into emphasis.
    assert "36" + "\\*" * 13 + "234" in public and "138" + "\\*" * 4 + "5678" in public
    assert "362330199001011234" not in public
    page = client.get(f"/items/{record['id']}").text
    assert "36*************234" in page and "138****5678" in page
    staff_view = client.get(f"/api/v1/items/{record['id']}", headers=staff["editor"]).json["body"]
    assert "362330199001011234" in staff_view


def test_search_finds_chinese_traditional_pinyin_and_initials(client, make_guide, make_notice, publish):
    publish(make_guide())
    publish(make_notice(title="停水通知"))
    for query in ("养老保险", "養老保險", "yanglao", "ylbx", "养老 参保"):
        titles = [r["title"] for r in client.get("/api/v1/search", query_string={"q": query}).json["items"]]
        assert titles == ["城乡居民基本养老保险参保登记"], query
    assert client.get("/api/v1/search?q=").json["total"] == 0


def test_a_session_without_its_csrf_token_only_ever_sees_the_public_view(client, staff, content, make_notice):
    create(client, staff, make_notice())
    login = client.get("/admin/login")
    token = login.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    client.post("/admin/login", data={"username": "editor", "password": "password-editor", "csrf_token": token})
    assert client.get("/api/v1/items").json["total"] == 0
    page = client.get("/admin/")
    csrf = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    assert client.get("/api/v1/items", headers={"X-CSRFToken": csrf}).json["total"] == 1
    assert client.post("/api/v1/items", json=make_notice()).status_code == 403
    assert client.post("/api/v1/items", json=make_notice(), headers={"X-CSRFToken": csrf}).status_code == 201


def test_the_openapi_document_describes_every_route(app, client):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    documented = [(path, method.upper()) for path, ops in document["paths"].items() for method in ops]
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith("/api/v1/") or rule.rule == "/healthz"):
            continue
        pattern = re.compile(re.sub(r"<(?:\w+:)?\w+>", r"(\\{\\w+\\}|[a-z_]+)", rule.rule) + "$")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert any(pattern.match(path) and verb == method for path, verb in documented), (rule.rule, method)


def test_the_catalogue_is_public(client):
    catalogue = client.get("/api/v1/catalogue").json
    assert len(catalogue["areas"]) == 26 and "计划生育" in catalogue["township_areas"]
    assert catalogue["stages"]["result"] == "结果"


def test_a_record_page_shows_its_qr_code_and_publicity_countdown(client, make_disclosure, publish):
    record = publish(make_disclosure())
    page = client.get(f"/items/{record['id']}")
    assert page.status_code == 200 and record["title"] in page.text
    assert f"/qr/{record['id']}.svg" in page.text and "还剩7天" in page.text
    assert "户主" in page.text  # the Markdown table is rendered
    svg = client.get(f"/qr/{record['id']}.svg")
    assert svg.mimetype == "image/svg+xml" and svg.data.startswith(b"<?xml")


def test_a_publicity_period_typed_to_end_on_a_day_shows_that_day_as_its_last(client, make_disclosure, publish):
    end = (dt.datetime.now(DEFAULT_TZ) + dt.timedelta(days=10)).date()
    record = publish(make_disclosure(expire_at=end.isoformat()))
    assert record["expire_at"].startswith((end + dt.timedelta(days=1)).isoformat()), "stored as the next midnight"
    page = client.get(f"/items/{record['id']}").text
    assert f"— {end.isoformat()}" in page, "the kiosk, the wall screen and the paper agree on the last day"
