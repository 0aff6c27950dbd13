"""谁公开谁审查 over every editor of the version under review, approval bound to the rev read,
and record ids that say nothing about other townships."""
ITEMS = "/api/v1/items"


def rev(headers, value):
    return {**headers, "If-Match": f'"{value}"'}


def test_a_reviewer_who_edited_the_version_cannot_approve_it_after_someone_else_edits(client, staff, make_notice):
    record = client.post(ITEMS, json=make_notice(), headers=staff["editor"]).json
    by_reviewer = client.put(f"{ITEMS}/{record['id']}", json={"summary": "审核人改写的内容"},
                             headers=rev(staff["reviewer"], record["rev"])).json
    by_editor = client.put(f"{ITEMS}/{record['id']}", json={"title": "编辑再改标题"},
                           headers=rev(staff["editor"], by_reviewer["rev"])).json
    submitted = client.post(f"{ITEMS}/{record['id']}/submit", headers=staff["editor"]).json
    assert by_editor["updated_by"] == "editor" and submitted["status"] == "in_review"
    refused = client.post(f"{ITEMS}/{record['id']}/approve", headers=rev(staff["reviewer"], submitted["rev"]))
    assert refused.status_code == 403 and "谁公开谁审查" in refused.json["error"]["message"]
    approved = client.post(f"{ITEMS}/{record['id']}/approve", headers=rev(staff["county_reviewer"], submitted["rev"]))
    assert approved.status_code == 200 and approved.json["review"]["rev"] == submitted["rev"]


def test_edits_before_the_last_publication_do_not_bar_a_reviewer(client, staff, make_notice, publish):
    record = client.post(ITEMS, json=make_notice(), headers=staff["editor"]).json
    edited = client.put(f"{ITEMS}/{record['id']}", json={"summary": "审核人早先的修改"},
                        headers=rev(staff["reviewer"], record["rev"])).json
    submitted = client.post(f"{ITEMS}/{record['id']}/submit", headers=staff["editor"]).json
    published = client.post(f"{ITEMS}/{record['id']}/approve", headers=rev(staff["county_reviewer"], submitted["rev"]))
    assert published.status_code == 200 and edited["updated_by"] == "reviewer"
    again = client.put(f"{ITEMS}/{record['id']}", json={"title": "新一版"},
                       headers=rev(staff["editor"], published.json["rev"])).json
    submitted = client.post(f"{ITEMS}/{record['id']}/submit", headers=staff["editor"]).json
    assert again["status"] == "draft"
    assert client.post(f"{ITEMS}/{record['id']}/approve",
                       headers=rev(staff["reviewer"], submitted["rev"])).status_code == 200


def test_approve_needs_the_rev_the_reviewer_read(client, staff, make_notice):
    record = client.post(ITEMS, json=make_notice(), headers=staff["editor"]).json
    submitted = client.post(f"{ITEMS}/{record['id']}/submit", headers=staff["editor"]).json
    missing = client.post(f"{ITEMS}/{record['id']}/approve", headers=staff["reviewer"])
    assert missing.status_code == 428 and "If-Match" in missing.json["error"]["fields"]
    stale = client.post(f"{ITEMS}/{record['id']}/approve", headers=rev(staff["reviewer"], submitted["rev"] - 1))
    assert stale.status_code == 409 and stale.json["error"]["fields"]["rev"] == submitted["rev"]
    current = client.get(f"{ITEMS}/{record['id']}", headers=staff["reviewer"]).json
    assert current["status"] == "in_review" and current["rev"] == submitted["rev"]


def test_record_ids_are_random_not_counted(client, staff, make_notice):
    ids = [client.post(ITEMS, json=make_notice(), headers=staff["editor"]).json["id"] for _ in range(5)]
    assert all(10_000_000 <= i <= 99_999_999 for i in ids)
    assert len(set(ids)) == 5 and sorted(ids) != [ids[0] + n for n in range(5)]
    assert sorted(i % 16 for i in ids) != [0] * 5  # still spread over the shards


def test_a_new_id_never_takes_one_already_used(content, staff, make_notice, monkeypatch, clock):
    import content.items as items
    actor = content.accounts.actor("editor")
    first = content.library.create(actor, make_notice(), clock())
    draws = iter([first["id"] - items.ID_RANGE[0], first["id"] - items.ID_RANGE[0], 7])
    monkeypatch.setattr(items.secrets, "randbelow", lambda _: next(draws))
    second = content.library.create(actor, make_notice(), clock())
    assert second["id"] == items.ID_RANGE[0] + 7
