"""The audit trail answers who did what, and shows if anyone rewrote it."""
import json


def test_the_audit_trail_is_for_admins_newest_first_and_chained(client, staff, make_notice, publish):
    record = publish(make_notice())
    assert client.get("/api/v1/audit", headers=staff["editor"]).status_code == 403
    assert client.get("/api/v1/audit").status_code == 401
    trail = client.get("/api/v1/audit", headers=staff["admin"]).json
    assert trail["chain_intact"] is True
    actions = [(e["actor"], e["action"], e["target"]) for e in trail["items"][:3]]
    assert actions == [("reviewer", "item.approve", f"item:{record['id']}"),
                       ("editor", "item.submit", f"item:{record['id']}"),
                       ("editor", "item.create", f"item:{record['id']}")]
    newest, older = trail["items"][0], trail["items"][1]
    assert newest["prev"] == older["hash"] and newest["at"] == "2026-11-23T09:00:00+08:00"


def test_a_township_admin_sees_only_its_own_orgs_entries(client, staff, make_notice, publish):
    publish(make_notice())
    assert client.get("/api/v1/audit", headers=staff["ls_admin"]).json["items"] == []
    assert client.get("/api/v1/audit", headers=staff["county_admin"]).json["items"]


def test_a_rewritten_entry_breaks_the_chain(client, staff, make_notice, publish, data_dir):
    publish(make_notice())
    path = data_dir / "journal" / "audit.jsonl"
    lines = path.read_text().splitlines()
    forged = json.loads(lines[0])
    forged["actor"] = "someone-else"
    path.write_text("\n".join([json.dumps(forged)] + lines[1:]) + "\n")
    assert client.get("/api/v1/audit", headers=staff["admin"]).json["chain_intact"] is False


def test_audit_paging_is_validated(client, staff):
    assert client.get("/api/v1/audit?limit=0", headers=staff["admin"]).status_code == 422
    assert client.get("/api/v1/audit?before=x", headers=staff["admin"]).status_code == 422
