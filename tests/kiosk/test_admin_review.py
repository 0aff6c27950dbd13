"""Review from the page: the diff, the privacy scan, the checklist, approve, reject, schedule."""
from .staff_pages import pages  # noqa: F401  (fixture)


def in_review(client, staff, record, who="editor"):
    made = client.post("/api/v1/items", json=record, headers=staff[who]).json
    return client.post(f"/api/v1/items/{made['id']}/submit", headers=staff[who]).json


CHECKED = {"secrecy": "y", "privacy": "y", "legality": "y", "wording": "y"}


def test_the_review_page_shows_the_diff_and_highlights_personal_data(pages, client, staff, make_notice, publish):
    record = publish(make_notice(body="第一行\n\n第二行"))
    client.put(f"/api/v1/items/{record['id']}", json={"body": "第一行\n\n联系人 13812345678，身份证 350102199001011234"},
               headers={**staff["other_editor"], "If-Match": str(record["rev"])})
    client.post(f"/api/v1/items/{record['id']}/submit", headers=staff["other_editor"])
    pages("reviewer")
    html = client.get(f"/admin/review/{record['id']}").get_data(as_text=True)
    assert "<mark>13812345678</mark>" in html and "<mark>350102199001011234</mark>" in html
    assert "<del>第二行</del>" in html and "发现 2 处疑似个人信息" in html
    assert "与公开中的版本（第 3 版）对比" in html


def test_approval_needs_every_check_and_publishes(pages, client, staff, make_notice, content):
    record = in_review(client, staff, make_notice())
    pages("reviewer")
    partial = client.post(f"/admin/review/{record['id']}", data={"rev": str(record["rev"]), "decision": "approve",
                                                                   "secrecy": "y"})
    assert partial.status_code == 422 and "通过前必须确认此项" in partial.get_data(as_text=True)
    done = client.post(f"/admin/review/{record['id']}", data={"rev": str(record["rev"]), "decision": "approve", **CHECKED})
    assert done.status_code == 302
    stored = content.library.items.get(record["id"])
    assert stored["status"] == "published" and stored["review"]["by"] == "reviewer"
    assert client.get(f"/api/v1/items/{record['id']}").status_code == 200


def test_an_approval_can_be_scheduled(pages, client, staff, make_notice, content):
    record = in_review(client, staff, make_notice())
    pages("reviewer")
    client.post(f"/admin/review/{record['id']}", data={"rev": str(record["rev"]), "decision": "approve",
                                                        "publish_at": "2026-11-25T08:00", **CHECKED})
    assert content.library.items.get(record["id"])["publish_at"] == "2026-11-25T08:00:00+08:00"
    assert client.get(f"/api/v1/items/{record['id']}").status_code == 404  # not yet


def test_rejection_needs_a_reason_the_author_then_sees(pages, client, staff, make_notice, content):
    record = in_review(client, staff, make_notice())
    pages("reviewer")
    refused = client.post(f"/admin/review/{record['id']}", data={"rev": str(record["rev"]), "decision": "reject"})
    assert refused.status_code == 422 and "退回时请写明理由" in refused.get_data(as_text=True)
    client.post(f"/admin/review/{record['id']}", data={"rev": str(record["rev"]), "decision": "reject",
                                                        "comment": "日期写错了"})
    assert content.library.items.get(record["id"])["status"] == "draft"


def test_nobody_reviews_their_own_work(pages, client, staff, make_notice, content):
    record = in_review(client, staff, make_notice(), who="reviewer")
    pages("reviewer")
    assert "没有等待您审核的内容" in client.get("/admin/review").get_data(as_text=True)
    page = client.get(f"/admin/review/{record['id']}").get_data(as_text=True)
    assert "须由其他审核人审核" in page
    refused = client.post(f"/admin/review/{record['id']}", data={"rev": str(record["rev"]), "decision": "approve",
                                                                   **CHECKED})
    assert refused.status_code == 403 and content.library.items.get(record["id"])["status"] == "in_review"


def test_an_approval_of_a_version_changed_since_it_was_seen_is_refused(pages, client, staff, make_notice, content):
    record = in_review(client, staff, make_notice())
    client.put(f"/api/v1/items/{record['id']}", json={"title": "偷偷改的"},
               headers={**staff["editor"], "If-Match": str(record["rev"])})
    client.post(f"/api/v1/items/{record['id']}/submit", headers=staff["editor"])
    pages("reviewer")
    response = client.post(f"/admin/review/{record['id']}", data={"rev": str(record["rev"]), "decision": "approve",
                                                                    **CHECKED})
    assert response.status_code == 302 and content.library.items.get(record["id"])["status"] == "in_review"


def test_the_queue_pages_oldest_first(monkeypatch, pages, client, staff, make_notice, clock):
    from kiosk.admin import review
    monkeypatch.setattr(review, "QUEUE_PAGE", 2)
    for title in ("最早提交的通知", "第二条通知", "最后提交的通知"):
        in_review(client, staff, make_notice(title=title))
        clock.advance(minutes=1)
    pages("reviewer")
    first = client.get("/admin/review").get_data(as_text=True)
    assert "共 3 条" in first and "最早提交的通知" in first and "最后提交的通知" not in first and "第 1 / 2 页" in first
    second = client.get("/admin/review?page=2").get_data(as_text=True)
    assert "最后提交的通知" in second and "最早提交的通知" not in second
    assert client.get("/admin/review?page=zz").status_code == 200
