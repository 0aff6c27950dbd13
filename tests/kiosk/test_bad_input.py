"""Bad input gets a clear 4xx JSON error {"error": {"code", "message", "fields"}} and changes
nothing; no input produces a 500.

Every case below sends one bad request to the JSON API and checks three things: the status,
the error's shape and wording (naming the bad field where there is one), and that the data
dir's db/ and journal/ files, the content version and the staff listing are as they were.
"""
import json
import types

import pytest

ITEMS = "/api/v1/items"
JSON = {"Content-Type": "application/json"}
DROP = object()  # an override that leaves the field out of the payload


# --- the rule, as helpers -------------------------------------------------------------------

def snapshot(client, staff, data_dir):
    """What a refused request must leave as it was."""
    files = {str(path.relative_to(data_dir)): path.read_bytes()
             for folder in ("db", "journal") for path in sorted((data_dir / folder).rglob("*")) if path.is_file()}
    listing = client.get(f"{ITEMS}?per_page=100", headers=staff["county_admin"])
    assert listing.status_code == 200
    return {"content_version": client.get("/healthz").get_json()["content_version"],
            "listing": listing.get_json(), "files": files}


def assert_unchanged(before, after):
    changed = sorted(name for name in before["files"].keys() | after["files"].keys()
                     if before["files"].get(name) != after["files"].get(name))
    assert not changed, f"a refused request changed {changed}"
    assert after["content_version"] == before["content_version"]
    assert after["listing"] == before["listing"]


def assert_error(response, status, field=None, says=None):
    """The response is the JSON error shape with this status, a sentence, and the bad field."""
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert set(error) == {"code", "message", "fields"}
    assert isinstance(error["code"], str) and error["code"] not in ("", "internal_error")
    assert isinstance(error["message"], str) and len(error["message"]) >= 10, error
    assert isinstance(error["fields"], dict)
    text = error["message"] + " " + " ".join(map(str, error["fields"].values()))
    assert not any(leak in text for leak in ("Traceback", "sys.", "pydantic", "Errno")), error  # speaks to clients
    if field is not None:
        assert field in error["fields"], error
        assert isinstance(error["fields"][field], (str, int)) and str(error["fields"][field]), error
    if says is not None:
        assert says.lower() in text.lower(), error
    return error


@pytest.fixture
def refused(client, staff, data_dir):
    """Send one request; check it is refused with `status` and that nothing changed."""
    def refused(method, url, status, field=None, says=None, **request):
        before = snapshot(client, staff, data_dir)
        response = client.open(url, method=method, **request)
        error = assert_error(response, status, field, says)
        assert_unchanged(before, snapshot(client, staff, data_dir))
        return error
    return refused


@pytest.fixture
def world(client, staff, publish, make_guide, make_disclosure, make_notice):
    """In 东塘镇: a draft guide, a published disclosure, a notice in review; in 柳山乡: a notice."""
    guide = client.post(ITEMS, json=make_guide(), headers=staff["editor"]).get_json()
    disclosure = publish(make_disclosure())
    notice = client.post(ITEMS, json=make_notice(), headers=staff["editor"]).get_json()
    notice = client.post(f"{ITEMS}/{notice['id']}/submit", headers=staff["editor"]).get_json()
    other = client.post(ITEMS, json=make_notice(title="柳山乡停水通知"), headers=staff["ls_admin"]).get_json()
    assert [r["status"] for r in (guide, disclosure, notice, other)] == ["draft", "published", "in_review", "draft"]
    return types.SimpleNamespace(guide=guide, disclosure=disclosure, notice=notice, other=other)


@pytest.fixture
def payload(make_guide, make_disclosure, make_notice):
    """A good record of `kind` with `overrides` applied (DROP leaves a field out)."""
    factories = {"guide": make_guide, "disclosure": make_disclosure, "notice": make_notice}

    def payload(kind, overrides):
        record = factories[kind](**overrides)
        return {key: value for key, value in record.items() if value is not DROP}
    return payload


def material(**overrides):
    return {"name": "户口簿", "copies": 1, "form": "original", "source": "申请人自备", "required": True, **overrides}


def transitions(world):
    """Each action with a record it may apply to and who may apply it."""
    return {"submit": (world.guide, "editor"), "approve": (world.notice, "reviewer"),
            "reject": (world.notice, "reviewer"), "withdraw": (world.disclosure, "reviewer")}


def with_rev(headers, record):
    return {**headers, "If-Match": f'"{record["rev"]}"'}


# --- the helpers themselves can fail ---------------------------------------------------------

def test_the_snapshot_sees_an_accepted_edit(client, staff, data_dir, world):
    before = snapshot(client, staff, data_dir)
    response = client.put(f"{ITEMS}/{world.guide['id']}", json={"fee": "工本费10元"},
                          headers=with_rev(staff["editor"], world.guide))
    assert response.status_code == 200
    after = snapshot(client, staff, data_dir)
    assert any(name.startswith("db/items/") for name in before["files"])
    assert before["listing"]["total"] == 4  # the county sees every township's records
    with pytest.raises(AssertionError, match="changed"):
        assert_unchanged(before, after)


def test_a_refusal_without_the_field_named_fails_the_check(client, staff):
    response = client.post(ITEMS, json={"kind": "notice"}, headers=staff["editor"])
    assert_error(response, 422, field="title")
    with pytest.raises(AssertionError):
        assert_error(response, 422, field="summary")


# --- bodies that are not a JSON object -------------------------------------------------------

NOT_JSON = [
    pytest.param(b'{"kind": "notice", "title": ', 400, "malformed JSON", id="truncated JSON"),
    pytest.param(b"{'kind': 'notice'}", 400, "malformed JSON", id="single quotes"),
    pytest.param(b'{"kind": "notice"} trailing', 400, "malformed JSON", id="trailing garbage"),
    pytest.param(b'{"kind": "notice", "title": NaN}', 400, "NaN", id="NaN token"),
    pytest.param(b'{"kind": "notice", "title": Infinity}', 400, "Infinity", id="Infinity token"),
    pytest.param(b'{"kind": "notice", "title": -Infinity}', 400, "Infinity", id="-Infinity token"),
    pytest.param(b'{"kind": "guide", "title": "x", "fee": "x", "visits": 1e999}', 400, "finite", id="1e999"),
    pytest.param(b'{"kind": "guide", "title": "x", "fee": "x", "visits": 1' + b"0" * 5000 + b"}", 400,
                 "at most", id="10**5000"),
    pytest.param(b'{"kind": "notice", "title": "\xff\xfe"}', 400, "UTF-8", id="bytes that are not UTF-8"),
    pytest.param('{"kind": "notice", "title": "停电通知"}'.encode("gbk"), 400, "UTF-8", id="GBK-encoded"),
    pytest.param(b'{"kind": "notice", "title": "\\ud800"}', 400, "surrogate", id="lone surrogate in a value"),
    pytest.param(b'{"\\udfff": 1}', 400, "surrogate", id="lone surrogate in a key"),
    pytest.param(b"[" * 100_000, 400, "nested too deeply", id="100000 levels of ["),
    pytest.param(b'{"a": ' * 100_000, 400, "nested too deeply", id="100000 levels of {"),
]
NOT_AN_OBJECT = [pytest.param(raw, id=raw.decode()) for raw in
                 (b"[]", b'[{"kind": "notice", "title": "x"}]', b"42", b'"notice"', b"true", b"null")]


@pytest.mark.parametrize("raw, status, says", NOT_JSON)
def test_a_body_that_is_not_json_is_400_for_create_edit_and_transitions(refused, staff, world, raw, status, says):
    refused("POST", ITEMS, status, says=says, data=raw, headers={**staff["editor"], **JSON})
    refused("PUT", f"{ITEMS}/{world.guide['id']}", status, says=says, data=raw,
            headers={**with_rev(staff["editor"], world.guide), **JSON})
    refused("POST", f"{ITEMS}/{world.notice['id']}/approve", status, says=says, data=raw,
            headers={**staff["reviewer"], **JSON})


@pytest.mark.parametrize("raw", NOT_AN_OBJECT)
def test_json_that_is_not_an_object_is_422_for_create_edit_and_transitions(refused, staff, world, raw):
    refused("POST", ITEMS, 422, says="JSON object", data=raw, headers={**staff["editor"], **JSON})
    refused("PUT", f"{ITEMS}/{world.guide['id']}", 422, says="JSON object", data=raw,
            headers={**with_rev(staff["editor"], world.guide), **JSON})
    for action, (item, who) in transitions(world).items():
        refused("POST", f"{ITEMS}/{item['id']}/{action}", 422, field="body", says="JSON object", data=raw,
                headers={**staff[who], **JSON})


def test_a_body_larger_than_the_limit_gets_413(refused, client, staff, world):
    limit = client.application.config["MAX_CONTENT_LENGTH"]
    huge = b'{"kind": "notice", "title": "' + b"x" * limit + b'"}'
    refused("POST", ITEMS, 413, data=huge, headers={**staff["editor"], **JSON})
    refused("PUT", f"{ITEMS}/{world.guide['id']}", 413, data=huge,
            headers={**with_rev(staff["editor"], world.guide), **JSON})
    refused("POST", f"{ITEMS}/{world.notice['id']}/reject", 413, data=huge, headers={**staff["reviewer"], **JSON})


WRONG_TYPES = [
    pytest.param({"Content-Type": "text/plain"}, id="text/plain"),
    pytest.param({"Content-Type": "application/x-www-form-urlencoded"}, id="form-encoded"),
    pytest.param({"Content-Type": "multipart/form-data; boundary=x"}, id="multipart"),
    pytest.param({"Content-Type": "application/xml"}, id="xml"),
]


@pytest.mark.parametrize("content_type", WRONG_TYPES)
def test_a_body_that_is_not_sent_as_json_gets_415(refused, staff, world, make_notice, content_type):
    body = json.dumps(make_notice(), ensure_ascii=False).encode()
    refused("POST", ITEMS, 415, says="application/json", data=body, headers={**staff["editor"], **content_type})
    refused("PUT", f"{ITEMS}/{world.guide['id']}", 415, says="application/json", data='{"fee": "5元"}'.encode(),
            headers={**with_rev(staff["editor"], world.guide), **content_type})
    refused("POST", f"{ITEMS}/{world.notice['id']}/reject", 415, data='{"comment": "请补充"}'.encode(),
            headers={**staff["reviewer"], **content_type})


def test_a_form_post_gets_415(refused, staff):
    refused("POST", ITEMS, 415, data={"kind": "notice", "title": "表单提交"}, headers=staff["editor"])


def test_an_empty_body_on_create_or_edit_gets_400(refused, staff, world):
    refused("POST", ITEMS, 400, says="JSON body", data=b"", headers={**staff["editor"], **JSON})
    refused("PUT", f"{ITEMS}/{world.guide['id']}", 400, says="JSON body", data=b"  \n",
            headers={**with_rev(staff["editor"], world.guide), **JSON})


# --- fields: each refused by name ------------------------------------------------------------

BAD_FIELDS = [
    pytest.param("notice", {"title": 2026}, "title", id="title as a number"),
    pytest.param("notice", {"title": ""}, "title", id="empty title"),
    pytest.param("notice", {"title": "停水\x00通知"}, "title", id="control character in title"),
    pytest.param("notice", {"title": "通" * 201}, "title", id="title too long"),
    pytest.param("notice", {"tags": "低保"}, "tags", id="tags as a string"),
    pytest.param("guide", {"materials": [material(copies="1")]}, "materials.0.copies", id="copies as a string"),
    pytest.param("guide", {"materials": [material(copies=1.5)]}, "materials.0.copies", id="copies as a float"),
    pytest.param("guide", {"materials": [material(copies=10**30)]}, "materials.0.copies", id="copies 10**30"),
    pytest.param("guide", {"materials": [material(required="yes")]}, "materials.0.required", id='required "yes"'),
    pytest.param("guide", {"materials": [material(form="scan")]}, "materials.0.form", id="unknown form"),
    pytest.param("guide", {"materials": {"name": "户口簿"}}, "materials", id="materials as an object"),
    pytest.param("notice", {"colour": "red"}, "colour", id="unknown field"),
    pytest.param("guide", {"materials": [material(colour="red")]}, "materials.0.colour",
                 id="unknown field inside materials"),
    pytest.param("guide", {"time_limit": {"type": "committed"}}, "time_limit", id="committed without days"),
    pytest.param("guide", {"fee": ""}, "fee", id="empty fee"),
    pytest.param("guide", {"fee": "   "}, "fee", id="blank fee"),
    pytest.param("guide", {"fee": None}, "fee", id="fee null"),
    pytest.param("guide", {"conditions": ["其他材料"]}, "conditions.0", id="catch-all condition"),
    pytest.param("disclosure", {"area": "火星开发"}, "area", id="area not in the catalogue"),
    pytest.param("disclosure", {"area": ["社会救助"]}, "area", id="area as a list"),
    pytest.param("disclosure", {"stage": "planning"}, "stage", id="stage not in the catalogue"),
    pytest.param("disclosure", {"department": ""}, "department", id="empty department"),
    pytest.param("disclosure", {"attribute": "withheld"}, "withheld_reason", id="withheld without a reason"),
    pytest.param("notice", {"publish_at": "2026-13-01"}, "publish_at", id="publish_at month 13"),
    pytest.param("notice", {"publish_at": "yesterday"}, "publish_at", id="publish_at yesterday"),
    pytest.param("notice", {"publish_at": "2026-02-30"}, "publish_at", id="publish_at 30 February"),
    pytest.param("notice", {"publish_at": "2026-02-28T25:00"}, "publish_at", id="publish_at hour 25"),
    pytest.param("notice", {"publish_at": 1764000000}, "publish_at", id="publish_at as a number"),
    pytest.param("notice", {"expire_at": "2026-02-30"}, "expire_at", id="expire_at 30 February"),
    pytest.param("disclosure", {"formed_at": "2026-02-30"}, "formed_at", id="formed_at 30 February"),
    pytest.param("notice", {"publish_at": "2026-12-01", "expire_at": "2026-11-01"}, "expire_at",
                 id="expire_at before publish_at"),
    pytest.param("notice", {"publish_at": "2026-12-01T08:00", "expire_at": "2026-12-01T08:00+08:00"},
                 "expire_at", id="expire_at equal to publish_at"),
    pytest.param("notice", {"publish_at": "9999-12-31T23:59:59-23:59"}, "publish_at", id="publish_at past 9999"),
    pytest.param("notice", {"publish_at": "0001-01-01T00:00:00+14:00"}, "publish_at", id="publish_at before 0001"),
    pytest.param("notice", {"expire_at": "9999-12-31"}, "expire_at", id="expire_at end of 9999"),
    pytest.param("notice", {"publish_at": "1134-02-23T19:29:51"}, "publish_at", id="publish_at in 1134"),
    pytest.param("notice", {"record_url": "javascript:alert(1)"}, "record_url", id="record_url not http"),
    pytest.param("notice", {"record_url": "http://example.cn:99999/"}, "record_url", id="record_url port 99999"),
    pytest.param("notice", {"record_url": "http://[::1/"}, "record_url", id="record_url broken IPv6"),
    pytest.param("notice", {"kind": "poster"}, "kind", id="kind not a kind"),
    pytest.param("notice", {"kind": ["notice"]}, "kind", id="kind as a list"),
    pytest.param("notice", {"kind": {"notice": True}}, "kind", id="kind as an object"),
    pytest.param("notice", {"all_townships": True}, "all_townships", id="township record for all townships"),
]
MISSING = [
    pytest.param("notice", "title", id="title"),
    pytest.param("notice", "kind", id="kind"),
    pytest.param("guide", "fee", id="a guide's fee"),
    pytest.param("disclosure", "area", id="a disclosure's area"),
    pytest.param("disclosure", "stage", id="a disclosure's stage"),
    pytest.param("disclosure", "department", id="a disclosure's department"),
]
READ_ONLY = [
    pytest.param({"id": 424242}, "id", id="id"),
    pytest.param({"status": "withdrawn"}, "status", id="status"),
    pytest.param({"index_no": "QX-DT/2026-99999"}, "index_no", id="index_no"),
    pytest.param({"created_by": "someone"}, "created_by", id="created_by"),
    pytest.param({"published_rev": 1}, "published_rev", id="published_rev"),
]


@pytest.mark.parametrize("kind, overrides, field", BAD_FIELDS)
def test_create_names_the_bad_field(refused, staff, payload, kind, overrides, field):
    refused("POST", ITEMS, 422, field=field, json=payload(kind, overrides), headers=staff["editor"])


@pytest.mark.parametrize("kind, field", MISSING)
def test_create_names_a_missing_required_field(refused, staff, payload, kind, field):
    refused("POST", ITEMS, 422, field=field, json=payload(kind, {field: DROP}), headers=staff["editor"])


@pytest.mark.parametrize("changes, field", READ_ONLY)
def test_create_refuses_read_only_fields(refused, staff, payload, changes, field):
    refused("POST", ITEMS, 422, field=field, says="read-only", json=payload("disclosure", changes),
            headers=staff["editor"])


def test_create_refuses_an_org_the_author_may_not_publish_for(refused, staff, payload):
    refused("POST", ITEMS, 404, field="org", json=payload("notice", {"org": "QX-LS"}), headers=staff["editor"])
    refused("POST", ITEMS, 404, field="org", json=payload("notice", {"org": "NOWHERE"}), headers=staff["editor"])


def _record_of(world, kind):
    return {"guide": world.guide, "disclosure": world.disclosure, "notice": world.notice}[kind]


@pytest.mark.parametrize("kind, overrides, field", BAD_FIELDS)
def test_edit_names_the_bad_field(refused, staff, world, kind, overrides, field):
    record = _record_of(world, kind)
    refused("PUT", f"{ITEMS}/{record['id']}", 422, field=field, json=overrides,
            headers=with_rev(staff["editor"], record))


@pytest.mark.parametrize("changes, field", [
    *READ_ONLY,
    pytest.param({"rev": 1, "status": "draft"}, "status", id="status with an echoed rev"),
    pytest.param({"kind": "notice"}, "kind", id="kind"),
    pytest.param({"org": "QX-LS"}, "org", id="org to another township"),
    pytest.param({"org": "QX"}, "org", id="org to the county"),
    pytest.param({"org": None}, "org", id="org to null"),
])
def test_edit_refuses_changes_to_fields_fixed_at_creation(refused, staff, world, changes, field):
    record = world.disclosure
    refused("PUT", f"{ITEMS}/{record['id']}", 422, field=field, json={"title": "改了标题", **changes},
            headers=with_rev(staff["editor"], record))


def test_edit_accepts_read_only_fields_echoed_back_unchanged(client, staff, world):
    """The control for the case above: a record sent back as it came is no error."""
    record = world.disclosure
    response = client.put(f"{ITEMS}/{record['id']}", json={**record, "title": "改了标题"},
                          headers=with_rev(staff["editor"], record))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["index_no"] == record["index_no"]


# --- ids, revs and who is asking --------------------------------------------------------------

UNKNOWN_IDS = ["0", "-1", "99999999", "abc", str(10**30), "1.0", "²", "١", "%20"]


@pytest.mark.parametrize("item_id", UNKNOWN_IDS)
def test_an_unknown_id_is_404_for_every_verb(refused, staff, world, item_id):
    url = f"{ITEMS}/{item_id}"
    refused("GET", url, 404)
    refused("GET", url, 404, headers=staff["editor"])
    refused("GET", f"{url}/revisions", 404, headers=staff["editor"])
    refused("PUT", url, 404, json={"title": "无此记录"}, headers={**staff["editor"], "If-Match": '"1"'})
    for action, who in (("submit", "editor"), ("approve", "reviewer"), ("reject", "reviewer"),
                        ("withdraw", "reviewer")):
        refused("POST", f"{url}/{action}", 404, headers={**staff[who], "If-Match": '"1"'})


def test_an_unknown_action_or_method_is_a_json_error(refused, staff, world):
    item = world.guide["id"]
    refused("POST", f"{ITEMS}/{item}/publish", 404, says="submit", headers=staff["editor"])
    refused("DELETE", f"{ITEMS}/{item}", 405, headers=staff["admin"])
    refused("PATCH", ITEMS, 405, json={"title": "x"}, headers=staff["admin"])


BAD_IF_MATCH = ["abc", "*", "-1", "1.5", '"1", "2"', 'W/"x"', "", " ", '"' + "9" * 16 + '"']


@pytest.mark.parametrize("value", BAD_IF_MATCH)
def test_an_if_match_that_names_no_rev_is_400(refused, staff, world, value):
    refused("PUT", f"{ITEMS}/{world.guide['id']}", 400, field="If-Match", json={"fee": "5元"},
            headers={**staff["editor"], "If-Match": value})
    refused("POST", f"{ITEMS}/{world.notice['id']}/approve", 400, field="If-Match",
            headers={**staff["reviewer"], "If-Match": value})


def test_a_stale_if_match_is_409_and_names_the_current_rev(refused, staff, world):
    stale = {"If-Match": f'"{world.guide["rev"] + 1}"'}
    refused("PUT", f"{ITEMS}/{world.guide['id']}", 409, field="rev", json={"fee": "5元"},
            headers={**staff["editor"], **stale})
    refused("PUT", f"{ITEMS}/{world.guide['id']}", 409, field="rev", json={"fee": "5元", "rev": 0},
            headers=staff["editor"])
    refused("POST", f"{ITEMS}/{world.notice['id']}/approve", 409, field="rev",
            headers={**staff["reviewer"], "If-Match": '"1"'})


def test_an_edit_without_if_match_is_428(refused, staff, world):
    refused("PUT", f"{ITEMS}/{world.guide['id']}", 428, field="If-Match", json={"fee": "5元"},
            headers=staff["editor"])


AUTHORIZATION = [
    pytest.param("Bearer kt_not-a-real-token", id="unknown token"),
    pytest.param("Bearer " + "x" * 5000, id="garbage token"),
    pytest.param("Bearer", id="no token"),
    pytest.param("Basic ZWRpdG9yOnBhc3N3b3Jk", id="basic auth"),
    pytest.param("", id="empty header"),
]


@pytest.mark.parametrize("authorization", AUTHORIZATION)
def test_unknown_credentials_are_401_even_for_public_reads(refused, world, payload, authorization):
    auth = {"Authorization": authorization}
    refused("GET", ITEMS, 401, says="Bearer", headers=auth)
    refused("GET", f"{ITEMS}/{world.disclosure['id']}", 401, headers=auth)
    refused("POST", ITEMS, 401, json=payload("notice", {}), headers=auth)
    refused("PUT", f"{ITEMS}/{world.guide['id']}", 401, json={"fee": "5元"}, headers={**auth, "If-Match": '"1"'})
    refused("POST", f"{ITEMS}/{world.notice['id']}/approve", 401, headers=auth)


def test_a_write_without_a_session_or_token_is_401(refused, world, payload):
    refused("POST", ITEMS, 401, says="log in", json=payload("notice", {}))
    refused("POST", ITEMS, 401, json=payload("notice", {}), headers={"X-CSRFToken": "forged"})
    refused("PUT", f"{ITEMS}/{world.guide['id']}", 401, json={"fee": "5元"}, headers={"If-Match": '"1"'})
    for action in ("submit", "approve", "reject", "withdraw"):
        refused("POST", f"{ITEMS}/{world.guide['id']}/{action}", 401)
    refused("GET", f"{ITEMS}/{world.guide['id']}/revisions", 401)


def test_another_townships_record_is_404_for_every_verb(refused, staff, world):
    theirs = f"{ITEMS}/{world.other['id']}"
    refused("GET", theirs, 404, headers=staff["admin"])
    refused("GET", f"{theirs}/revisions", 404, headers=staff["admin"])
    refused("PUT", theirs, 404, json={"title": "越权修改"}, headers=with_rev(staff["admin"], world.other))
    for action in ("submit", "approve", "reject", "withdraw"):
        refused("POST", f"{theirs}/{action}", 404, headers=staff["admin"])
    ours = f"{ITEMS}/{world.guide['id']}"
    refused("PUT", ours, 404, json={"title": "越权修改"}, headers=with_rev(staff["ls_admin"], world.guide))
    refused("POST", f"{ours}/submit", 404, headers=staff["ls_admin"])


# --- the workflow: bodies and states ----------------------------------------------------------

@pytest.mark.parametrize("action, body, field", [
    pytest.param("submit", {"checks": {"privacy": True}}, "checks", id="submit with checks"),
    pytest.param("submit", {"note": "请审核"}, "note", id="submit with an unknown field"),
    pytest.param("approve", {"comment": 5}, "comment", id="comment as a number"),
    pytest.param("approve", {"comment": "好" * 2001}, "comment", id="comment too long"),
    pytest.param("approve", {"checks": ["privacy"]}, "checks", id="checks as a list"),
    pytest.param("approve", {"checks": {"privacy": "yes"}}, "checks", id='a check "yes"'),
    pytest.param("approve", {"checks": {"beauty": True}}, "checks", id="an unknown check"),
    pytest.param("approve", {"checks": {"secrecy": True, "privacy": False, "legality": True, "wording": True}},
                 "checks.privacy", id="approve with a failed check"),
    pytest.param("reject", {"reason": "格式不对"}, "reason", id="reject with an unknown field"),
    pytest.param("withdraw", {"comment": None}, "comment", id="comment null"),
])
def test_a_transition_names_the_bad_field(refused, staff, world, action, body, field):
    item, who = transitions(world)[action]
    refused("POST", f"{ITEMS}/{item['id']}/{action}", 422, field=field, json=body, headers=staff[who])


def test_a_transition_from_the_wrong_state_is_409(refused, staff, world):
    refused("POST", f"{ITEMS}/{world.guide['id']}/approve", 409, field="status", headers=staff["reviewer"])
    refused("POST", f"{ITEMS}/{world.guide['id']}/withdraw", 409, field="status", headers=staff["reviewer"])
    refused("POST", f"{ITEMS}/{world.notice['id']}/submit", 409, field="status", headers=staff["editor"])
    refused("POST", f"{ITEMS}/{world.disclosure['id']}/reject", 409, field="status", headers=staff["reviewer"])


def test_a_transition_by_the_wrong_person_is_403(refused, client, staff, make_notice, world):
    refused("POST", f"{ITEMS}/{world.notice['id']}/approve", 403, says="reviewer", headers=staff["other_editor"])
    own = client.post(ITEMS, json=make_notice(), headers=staff["admin"]).get_json()
    assert client.post(f"{ITEMS}/{own['id']}/submit", headers=staff["admin"]).status_code == 200
    refused("POST", f"{ITEMS}/{own['id']}/approve", 403, says="author", headers=staff["admin"])


def test_an_incomplete_guide_cannot_go_to_review(refused, client, staff, make_guide):
    bare = make_guide(time_limit=None, location="", hours="", phone="", materials=[], steps=[])
    created = client.post(ITEMS, json=bare, headers=staff["editor"]).get_json()
    error = refused("POST", f"{ITEMS}/{created['id']}/submit", 422, headers=staff["editor"])
    assert set(error["fields"]) == {"time_limit", "location", "hours", "phone", "materials", "steps"}


# --- query parameters --------------------------------------------------------------------------

BAD_QUERIES = [
    pytest.param("kind=bogus", "kind", id="kind=bogus"),
    pytest.param("area=火星开发", "area", id="area not in the catalogue"),
    pytest.param("stage=planning", "stage", id="stage=planning"),
    pytest.param("status=bogus", "status", id="status=bogus"),
    pytest.param("page=0", "page", id="page=0"),
    pytest.param("page=-1", "page", id="page=-1"),
    pytest.param("page=abc", "page", id="page=abc"),
    pytest.param("page=1" + "0" * 5000, "page", id="page=10**5000"),
    pytest.param("page=１", "page", id="page full-width 1"),
    pytest.param("per_page=0", "per_page", id="per_page=0"),
    pytest.param("per_page=1000", "per_page", id="per_page=1000"),
    pytest.param("per_page=2.5", "per_page", id="per_page=2.5"),
    pytest.param("q=" + "找" * 101, "q", id="q too long"),
    pytest.param("tag=" + "t" * 31, "tag", id="tag too long"),
    pytest.param("org=" + "o" * 33, "org", id="org too long"),
]


@pytest.mark.parametrize("query, field", BAD_QUERIES)
def test_a_bad_query_parameter_is_422_naming_only_it(refused, staff, world, query, field):
    # The kiosk search cuts a long q instead (tests/kiosk/test_api_search.py).
    for path in (ITEMS,) if field == "q" else (ITEMS, "/api/v1/search"):
        for headers in ({}, staff["editor"]):
            error = refused("GET", f"{path}?{query}", 422, field=field, headers=headers)
            assert set(error["fields"]) == {field}
