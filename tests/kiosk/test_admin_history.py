"""Revisions, the audit viewer, and users and tokens, from the pages."""
from .staff_pages import pages  # noqa: F401  (fixture)


def test_every_version_is_viewable_comparable_and_restorable(pages, client, staff, make_notice, content):
    record = client.post("/api/v1/items", json=make_notice(summary="第一版摘要"), headers=staff["editor"]).json
    client.put(f"/api/v1/items/{record['id']}", json={"summary": "第二版摘要"},
               headers={**staff["editor"], "If-Match": "1"})
    pages("editor")
    listing = client.get(f"/admin/records/{record['id']}/revisions").get_data(as_text=True)
    assert "第 1 版" in listing and "第 2 版" in listing and "创建" in listing
    assert "第一版摘要" in client.get(f"/admin/records/{record['id']}/revisions/1").get_data(as_text=True)
    diff = client.get(f"/admin/records/{record['id']}/compare?a=2&b=1").get_data(as_text=True)
    assert "<del>第一版摘要</del>" in diff and "<ins>第二版摘要</ins>" in diff
    restored = client.post(f"/admin/records/{record['id']}/revisions/1/restore", data={"rev": "2"})
    assert restored.status_code == 302
    stored = content.library.items.get(record["id"])
    assert stored["summary"] == "第一版摘要" and stored["rev"] == 3 and stored["status"] == "draft"
    assert client.get(f"/admin/records/{record['id']}/revisions/99").status_code == 404


def test_the_audit_viewer_filters_verifies_and_exports(pages, client, staff, make_notice, publish):
    record = publish(make_notice())
    pages("admin")
    html = client.get(f"/admin/audit?target={record['id']}").get_data(as_text=True)
    assert "创建" in html and "审核通过" in html and "reviewer" in html and "共 3 条" in html
    assert "共 1 条" in client.get("/admin/audit?actor=reviewer").get_data(as_text=True)
    assert "校验通过" in client.get("/admin/audit?verify=1").get_data(as_text=True)
    exported = client.get("/admin/audit.csv?actor=editor")
    assert exported.mimetype == "text/csv" and exported.get_data(as_text=True).count("item.") == 2


def test_an_admin_manages_users_and_tokens(pages, client, content):
    pages("admin")
    bad = client.post("/admin/users", data={"name": "", "role": "editor", "org": "QX-DT", "password": "short"})
    assert bad.status_code == 422 and "必填" in bad.get_data(as_text=True)
    made = client.post("/admin/users", data={"name": "zhao", "role": "reviewer", "org": "QX-DT", "password": "long-enough"})
    assert made.status_code == 302 and content.accounts.actor("zhao").role == "reviewer"
    taken = client.post("/admin/users", data={"name": "zhao", "role": "editor", "org": "QX-DT", "password": "long-enough"})
    assert taken.status_code == 409 and "该用户名已被使用" in taken.get_data(as_text=True)
    elsewhere = client.post("/admin/users", data={"name": "qian", "role": "editor", "org": "QX-LS", "password": "long-enough"})
    assert elsewhere.status_code == 422  # not an org this admin manages
    issued = client.post("/admin/tokens", data={"user": "zhao", "label": "导入脚本"}).get_data(as_text=True)
    token = issued.split('<code class="secret">')[1].split("<")[0]
    assert client.get("/api/v1/items", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    token_id = max(doc_id for doc_id, doc in content.accounts.tokens.all() if doc["user"] == "zhao")
    client.post(f"/admin/tokens/{token_id}/revoke")
    assert client.get("/api/v1/items", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    client.post("/admin/users/zhao/password", data={"password": "new-password-1"})
    assert content.accounts.check_password("zhao", "new-password-1")
    client.post("/admin/users/zhao/active", data={"active": "0"})
    assert content.accounts.actor("zhao") is None
    assert "审核" in client.get("/admin/users").get_data(as_text=True)  # roles by name, not code
