"""Property-based checks of the JSON API against its own OpenAPI document.

Schemathesis generates requests from GET /api/v1/openapi.json and sends them in-process to
the WSGI app with a staff token, so that writes are exercised too. Whatever it sends, the
server never answers 5xx, and every answer is one the document describes (status code,
content type, body schema). Requests that break the document are refused with a 4xx.

Hypothesis then posts arbitrary JSON values as record bodies: the answer is 201/200 or a
4xx, and a 4xx never changes stored data.

Schemathesis' own pytest integration (`schemathesis.pytest.from_fixture`) cannot run under
pytest 9 (it sets `request.node._nodeid`, which pytest 9 removed), so each operation is a
plain parametrized test that draws cases from `operation.as_strategy()` with `@given`.
Both are bounded and derandomized: the same cases every run.
"""
import json
import math

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (content_type_conformance, negative_data_rejection,
                                               response_schema_conformance, status_code_conformance)

from kiosk.api.openapi import document

from .test_bad_input import assert_error, assert_unchanged, snapshot

ITEMS = "/api/v1/items"
CONFORMANCE = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BOUNDED = settings(max_examples=25, derandomize=True, database=None, deadline=None, print_blob=False,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                          HealthCheck.data_too_large])


def _operations():
    """(label, what it takes besides item_id, whether it has an item_id) for every operation."""
    for path, methods in document()["paths"].items():
        for method, op in methods.items():
            inputs = [p["name"] for p in op.get("parameters", []) if p["name"] != "item_id"]
            inputs += ["body"] if "requestBody" in op else []
            yield f"{method.upper()} {path}", inputs, "{item_id}" in path


def _cases():
    for label, inputs, by_id in OPERATIONS:
        if not inputs and not by_id:  # nothing to generate: one request says it all
            yield pytest.param(label, None, "-", id=label)
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for target in (["any id"] + (["a real record"] if mode.is_positive or inputs else [])) if by_id else ["-"]:
                yield pytest.param(label, mode, target, id=f"{label} {mode} {target}")


OPERATIONS = list(_operations())
CASES = list(_cases())


@pytest.fixture
def seeded(client, staff, publish, make_guide, make_disclosure, make_notice):
    """A draft guide, a published disclosure and a notice in review, so that ids hit records."""
    guide = client.post(ITEMS, json=make_guide(), headers=staff["editor"]).get_json()
    disclosure = publish(make_disclosure())
    notice = client.post(ITEMS, json=make_notice(), headers=staff["editor"]).get_json()
    client.post(f"{ITEMS}/{notice['id']}/submit", headers=staff["editor"])
    # A screen too, so that key lookups compare against a real key.
    assert client.post("/api/v1/displays", json={"name": "便民服务大厅1号屏"}, headers=staff["admin"]).status_code == 201
    return {"submit": guide, "withdraw": disclosure, "approve": notice, "reject": notice}


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)


def test_the_served_document_is_the_generated_one(client, api_schema):
    served = client.get("/api/v1/openapi.json")
    assert served.status_code == 200 and served.mimetype == "application/json"
    assert served.get_json() == json.loads(json.dumps(document()))
    assert served.get_json()["openapi"].startswith("3.1")
    fuzzed = {f"{op.method.upper()} {op.path}" for op in (result.ok() for result in api_schema.get_all_operations())}
    # Every documented operation is fuzzed below (Schemathesis leaves out the document itself).
    assert fuzzed == {label for label, _, _ in OPERATIONS} - {"GET /api/v1/openapi.json"}


@pytest.mark.slow  # each case takes 0.3-5 s; all of them together about a minute
@pytest.mark.parametrize("label, mode, target", CASES)
def test_every_answer_is_documented_and_never_a_server_error(api_schema, staff, seeded, label, mode, target):
    operation = api_schema.find_operation_by_label(label)
    auth = staff["admin"]  # editor and reviewer of 东塘镇: may write, and approve others' work
    checks = CONFORMANCE + ([negative_data_rejection] if mode == GenerationMode.NEGATIVE else [])
    if mode is None:
        operation.Case().call_and_validate(headers=auth, checks=checks)
        return
    fixed = {}
    if target == "a real record":
        action = label.rsplit("/", 1)[-1]
        fixed["path_parameters"] = {"item_id": seeded.get(action, seeded["submit"])["id"]}

    @BOUNDED
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    def each(case):
        case.call_and_validate(headers=auth, checks=checks)
    each()


# --- every query parameter, at and beyond the edges of its documented range -------------------

def _query_parameters():
    for path, methods in document()["paths"].items():
        for method, op in methods.items():
            for param in op.get("parameters", []):
                if param["in"] == "query":
                    yield f"{method.upper()} {path}", path, param


QUERY_PARAMETERS = list(_query_parameters())


def _edges(schema):
    """Values at and just past each bound, plus the kinds of text that once gave 500s."""
    values = ["", " ", "²", "\u0000", "%", "9" * 5000, "-1", "0001-01-01", "9999-12-31T23:59:59-12:00", "x" * 5000]
    if schema.get("type") == "integer":
        values += [str(schema["minimum"]), str(schema["minimum"] - 1), str(schema["maximum"]),
                   str(schema["maximum"] + 1), "1e3", "0x10"]
    if "maxLength" in schema:
        values += ["好" * schema["maxLength"], "好" * (schema["maxLength"] + 1)]
    values += [str(v) for v in schema.get("enum", [])[:2]] + ["not-in-the-enum"]
    return values


def test_every_query_parameter_is_documented_with_its_full_range():
    assert QUERY_PARAMETERS
    for label, _, param in QUERY_PARAMETERS:
        schema = param["schema"]
        bounded = "enum" in schema or "maxLength" in schema or ("minimum" in schema and "maximum" in schema)
        assert bounded, (label, param["name"], schema)


def test_every_query_parameter_is_read_through_the_shared_validators():
    """No view reads request.args itself: each goes through kiosk/api/params.py."""
    import pathlib
    api = pathlib.Path(__file__).resolve().parents[2] / "kiosk" / "api"
    for path in api.glob("*.py"):
        if path.name != "params.py":
            assert "request.args" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("label, path, param", QUERY_PARAMETERS,
                         ids=[f"{label} {param['name']}" for label, _, param in QUERY_PARAMETERS])
def test_no_query_value_at_or_past_the_edges_is_a_server_error(client, staff, seeded, label, path, param):
    method = label.split()[0]
    display = client.get("/api/v1/displays", headers=staff["admin"]).get_json()["items"][0]["id"]
    url = path.replace("{item_id}", str(seeded["submit"]["id"])).replace("{display_id}", str(display))
    url = url.replace("{code}", "ABCDEF")
    for value in _edges(param["schema"]):
        response = client.open(url, method=method, query_string={param["name"]: value}, headers=staff["admin"])
        assert response.status_code < 500, (label, param["name"], value[:40], response.get_data(as_text=True)[:300])
        if response.status_code == 422:
            assert param["name"] in response.get_json()["error"]["fields"], (label, param["name"], value[:40])


# --- arbitrary JSON as record bodies -----------------------------------------------------------

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats()
           | st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -0.0, 2**63, -(2**63) - 1])
           | st.text(st.characters(codec=None), max_size=12)
           | st.sampled_from(["", " ", "notice", "guide", "disclosure", "社会救助", "result", "2026-13-01",
                              "2026-11-23", "9999-12-31T23:59:59-23:59", "\ud800", "其他材料", "不收费"]))
JSON_VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
GUIDE_FIELDS = ["kind", "title", "fee", "materials", "steps", "time_limit", "conditions", "visits", "faqs",
                "publish_at", "expire_at", "record_url", "tags", "org", "all_townships", "area", "stage",
                "id", "rev", "status", "index_no", "theme", "unknown"]
PARTIAL_RECORDS = st.dictionaries(st.sampled_from(GUIDE_FIELDS), JSON_VALUES, max_size=4)
MATERIALS = st.lists(st.dictionaries(st.sampled_from(["name", "copies", "form", "source", "required", "x"]),
                                     JSON_VALUES, max_size=6), max_size=2)


def bodies(base):
    """Whole bodies that are anything at all, or a good record with a few fields replaced."""
    return st.one_of(
        JSON_VALUES,
        PARTIAL_RECORDS.map(lambda changes: {**base, **changes}),
        MATERIALS.map(lambda materials: {**base, "materials": materials}),
    )


def send_json(client, method, url, value, headers):
    raw = json.dumps(value, ensure_ascii=True, allow_nan=True)  # NaN and Infinity as the bare tokens
    return client.open(url, method=method, data=raw, headers={**headers, "Content-Type": "application/json"})


def check_answer(response, ok_status, before, after):
    """Either the record as saved, or a JSON 4xx that left everything as it was."""
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    if response.status_code == ok_status:
        assert response.get_json()["kind"] in ("guide", "disclosure", "notice")
        return "accepted"
    assert 400 <= response.status_code < 500, response.status_code
    assert_error(response, response.status_code)
    assert_unchanged(before, after)
    return "refused"


def test_any_json_posted_as_a_record_is_created_or_refused_without_a_trace(client, staff, data_dir, make_guide):
    seen = set()

    @settings(BOUNDED, max_examples=150)
    @given(value=bodies(make_guide()))
    def each(value):
        before = snapshot(client, staff, data_dir)
        response = send_json(client, "POST", ITEMS, value, staff["editor"])
        seen.add(check_answer(response, 201, before, snapshot(client, staff, data_dir)))
    each()
    assert seen == {"accepted", "refused"}  # both ways through were taken


def test_any_json_put_over_a_record_is_saved_or_refused_without_a_trace(client, staff, data_dir, make_guide):
    item = client.post(ITEMS, json=make_guide(), headers=staff["editor"]).get_json()["id"]
    seen = set()

    @settings(BOUNDED, max_examples=150)
    @given(value=bodies({}) | PARTIAL_RECORDS)
    def each(value):
        rev = client.get(f"{ITEMS}/{item}", headers=staff["editor"]).get_json()["rev"]
        before = snapshot(client, staff, data_dir)
        response = send_json(client, "PUT", f"{ITEMS}/{item}", value, {**staff["editor"], "If-Match": f'"{rev}"'})
        seen.add(check_answer(response, 200, before, snapshot(client, staff, data_dir)))
    each()
    assert seen == {"accepted", "refused"}
