"""Revisions, the audit viewer, and users and tokens, from the pages."""
import datetime as dt

from content.dates import DEFAULT_TZ

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


def test_the_audit_viewer_names_records_people_and_actions_instead_of_codes(pages, client, content, make_notice,
                                                                              publish):
    record = publish(make_notice(title="东塘镇停水通知"))
    at = dt.datetime(2026, 12, 6, 8, 0, tzinfo=DEFAULT_TZ)
    content.library.audit.record("cli", "token.create", "user:reviewer", "QX-DT", at)
    content.library.audit.record("cli", "org.create", "org:QX-DT", "QX-DT", at)
    pages("admin")
    html = client.get("/admin/audit").get_data(as_text=True)
    assert f'href="/admin/records/{record["id"]}/revisions">东塘镇停水通知</a>' in html
    assert "签发令牌" in html and "新建机构" in html and "服务器命令行" in html
    assert "用户 reviewer" in html and "机构 东塘镇" in html
    assert not any(code in html for code in ("token.create", "org.create", "user:reviewer", ">cli<"))


def test_every_action_the_code_audits_has_a_name_on_the_audit_page():
    """Scans the sources for the actions they record, so a new one cannot appear as a raw code."""
    import re
    from pathlib import Path
    from kiosk.admin.access import ACTION_NAMES, action_name
    root = Path(__file__).resolve().parents[2]
    recorded = set()
    for folder in ("content", "displays", "kiosk"):
        for path in (root / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for call in re.finditer(r"audit(?:_display)?(?:\.record)?\(([^)]*)", text):
                recorded.update(re.findall(r'"([a-z_]+\.[a-z_]+)"', call.group(1)))
    transitions = {f"item.{a}" for a in ("create", "update", "submit", "approve", "reject", "withdraw")}
    assert len(recorded) >= 15, recorded
    assert sorted(code for code in recorded | transitions if action_name(code) == code) == []
    assert ACTION_NAMES


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
