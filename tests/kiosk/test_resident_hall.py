"""A kiosk belongs to a hall: it shows its township's records plus the county's shared ones."""
from displays.kiosks import hall_catalogue, in_hall


def test_in_hall_keeps_own_and_shared_county_records_own_first():
    records = [{"id": 1, "org": "QX", "all_townships": True}, {"id": 2, "org": "QX-LS"},
               {"id": 3, "org": "QX-DT"}, {"id": 4, "org": "QX"}]
    assert [r["id"] for r in in_hall(records, "QX-DT", "QX")] == [3, 1]
    assert [r["id"] for r in in_hall(records, "QX", "QX")] == [1, 4]


def test_hall_catalogue_counts_only_what_has_records_in_catalogue_order():
    records = [{"kind": "guide", "theme": "social_security"}, {"kind": "guide", "theme": "birth"},
               {"kind": "disclosure", "area": "社会救助", "stage": "result"}, {"kind": "notice"}]
    counts = hall_catalogue(records, ["birth", "education", "social_security"], ["decision", "result"])
    assert list(counts["themes"]) == ["birth", "social_security"]
    assert counts["stages"] == {"result": 1} and counts["areas"] == {"社会救助": 1}
    assert counts["kinds"] == {"guide": 2, "disclosure": 1, "notice": 1}


def test_a_kiosk_shows_its_township_and_shared_county_records_only(client, staff, publish, make_guide,
                                                                     make_notice, make_kiosk):
    own = publish(make_guide(title="东塘镇生育登记", theme="birth"))
    other = publish(make_guide(title="柳山乡生育登记", theme="birth"), author="ls_admin", reviewer="county_admin")
    shared = publish(make_notice(title="全县元旦假期安排", org="QX", all_townships=True),
                     author="county_admin", reviewer="county_reviewer")
    kiosk = make_kiosk()
    base = f"/kiosk/{kiosk['key']}"
    home = client.get(base).text
    assert "东塘镇便民服务中心" in home and own["title"] in home and shared["title"] in home
    assert other["title"] not in home
    listing = client.get(f"{base}/list?theme=birth").text
    assert own["title"] in listing and other["title"] not in listing and "共1条" in listing
    found = client.get(f"{base}/search?q=shengyu").text
    assert "东塘镇<mark>生育</mark>登记" in found and "柳山乡" not in found
    assert client.get(f"{base}/items/{other['id']}").status_code == 404
    assert client.get(f"{base}/items/{own['id']}").status_code == 200
    assert "柳山乡<mark>生育</mark>登记" in client.get("/search?q=shengyu").text, "the portal shows every township"


def test_an_unknown_kiosk_key_gets_a_plain_page(client):
    page = client.get("/kiosk/not-a-registered-key")
    assert page.status_code == 404 and "这台查询机还没有登记" in page.text and "Traceback" not in page.text


def test_a_missing_record_says_so_in_plain_words_with_a_way_home(client):
    page = client.get("/items/999")
    assert page.status_code == 404 and "这条信息已经下线或不存在" in page.text and 'href="/"' in page.text
    english = client.get("/items/999?lang=en")
    assert "taken down or does not exist" in english.text


def test_kiosks_are_registered_listed_and_paired_through_the_api(client, staff, app, make_kiosk):
    kiosk = make_kiosk(idle_seconds=30)
    assert kiosk["org"] == "QX-DT" and kiosk["idle_seconds"] == 30 and len(kiosk["key"]) >= 20
    listed = client.get("/api/v1/kiosks", headers=staff["ls_admin"]).json
    assert listed["total"] == 0, "another township's staff do not see it"
    assert client.get("/api/v1/kiosks", headers=staff["editor"]).json["total"] == 1
    started = client.post("/api/v1/pairings").json
    refused = client.post("/api/v1/kiosks/pair", json={"code": started["code"], "name": "二号查询机"},
                          headers=staff["editor"])
    assert refused.status_code == 403, "pairing is the admin's job, as for screens"
    paired = client.post("/api/v1/kiosks/pair", json={"code": started["code"], "name": "二号查询机"},
                         headers=staff["admin"])
    assert paired.status_code == 201
    polled = client.get(f"/api/v1/pairings/{started['code']}?secret={started['secret']}").json
    assert polled == {"status": "paired", "key": paired.json["key"]}
    assert client.get(f"/kiosk/{paired.json['key']}").status_code == 200
    assert client.post("/api/v1/kiosks", json={"name": ""}, headers=staff["admin"]).status_code == 422
    assert client.post("/api/v1/kiosks", json={"name": "x"}).status_code == 401


def test_kiosks_are_updated_rekeyed_and_retired_through_the_api(client, staff, make_kiosk):
    kiosk = make_kiosk()
    stale = client.put(f"/api/v1/kiosks/{kiosk['id']}", json={"hall": "二楼"}, headers={**staff["admin"], "If-Match": "9"})
    assert stale.status_code == 409
    moved = client.put(f"/api/v1/kiosks/{kiosk['id']}", json={"hall": "二楼", "idle_seconds": 60},
                       headers={**staff["admin"], "If-Match": str(kiosk["rev"])})
    assert moved.status_code == 200 and moved.json["hall"] == "二楼" and moved.json["idle_seconds"] == 60
    assert moved.json["name"] == kiosk["name"] and moved.json["rev"] == kiosk["rev"] + 1
    for body, field in (({"idle_seconds": 1}, "idle_seconds"), ({"key": "mine"}, "key")):
        bad = client.put(f"/api/v1/kiosks/{kiosk['id']}", json=body, headers=staff["admin"])
        assert bad.status_code == 422 and field in bad.json["error"]["fields"]
    assert client.get(f"/kiosk/{kiosk['key']}").status_code == 200
    rekeyed = client.post(f"/api/v1/kiosks/{kiosk['id']}/key", headers=staff["admin"]).json
    assert rekeyed["key"] != kiosk["key"] and client.get(f"/kiosk/{kiosk['key']}").status_code == 404
    assert client.get(f"/kiosk/{rekeyed['key']}").status_code == 200
    retired = client.delete(f"/api/v1/kiosks/{kiosk['id']}", headers=staff["admin"]).json
    assert retired["revoked_at"] and client.get(f"/kiosk/{rekeyed['key']}").status_code == 404
    assert client.delete(f"/api/v1/kiosks/{kiosk['id']}", headers=staff["ls_admin"]).status_code == 404
    actions = [e["action"] for e in client.get("/api/v1/audit", headers=staff["admin"]).json["items"]]
    assert {"kiosk.update", "kiosk.rotate_key", "kiosk.revoke"} <= set(actions)


def test_the_kiosk_offline_manifest_lists_home_topics_and_every_guide(client, publish, make_guide, make_kiosk):
    guide = publish(make_guide(theme="birth"))
    kiosk = make_kiosk()
    manifest = client.get(f"/kiosk/{kiosk['key']}/offline.json").json
    base = f"/kiosk/{kiosk['key']}"
    assert base in manifest["pages"] and f"{base}/items/{guide['id']}" in manifest["pages"]
    assert f"{base}/list?theme=birth" in manifest["pages"] and manifest["version"] >= 1
    assert client.get("/offline.json").status_code == 404
    worker = client.get(f"{base}/sw.js")
    worker.close()
    assert worker.status_code == 200 and worker.headers["Service-Worker-Allowed"] == base
