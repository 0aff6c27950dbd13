"""Phone, ID and card numbers in any spelling, in any record field, published through the
API: no public surface (record page, item API and list, search, screen bundle, QR target)
shows one in full, and a record_url carrying one is refused."""
import json
import re
from urllib.parse import quote, unquote

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from content.qrcodes import record_link
from tests.privacy_strategies import reader_view, spelled_numbers, strings_in

BASE_URL = "https://kiosk.example.cn"
MARKDOWN = ["户主王某某，电话{}。", "| 户主 | 人数 | 号码 |\n|---|---|---|\n| 王某某 | 3 | {} |", "- 联系人 {}\n- 无",
            "**{}**", "[{}](https://a.cn/)", "> {}", "## {}", "第一段。\n\n{}\n\n第三段。", "[详情](https://a.cn/?n={})"]


def _set(path, limit=None):
    """A setter adding text at a path such as ("materials", 0, "name") of a payload (to the
    body instead when the field would grow past its limit)."""
    def put(payload, text):
        target = payload
        for key in path[:-1]:
            target = target[key]
        if limit is not None and len(target.get(path[-1]) or "") + len("；") + len(text) > limit:
            payload["body"] = payload.get("body", "") + "\n\n" + text
        else:
            target[path[-1]] = (target.get(path[-1]) or "") + "；" + text  # never glued to the last number
    return put


COMMON = {"title": _set(("title",), 200), "summary": _set(("summary",), 1000), "body": _set(("body",))}
FIELDS = {
    "disclosure": {**COMMON, "department": _set(("department",), 100), "basis": _set(("basis",), 2000),
                   "doc_no": _set(("doc_no",), 100),
                   "tags": lambda p, t: p.update(tags=[*p["tags"], t]) if len(t) <= 30 else _set(("body",))(p, t)},
    "guide": {**COMMON, "material name": _set(("materials", 0, "name"), 500),
              "material source": _set(("materials", 0, "source"), 200), "step actor": _set(("steps", 0, "actor"), 100),
              "faq question": _set(("faqs", 0, "q"), 300), "faq answer": _set(("faqs", 0, "a"), 3000),
              "condition": lambda p, t: p["conditions"].append(t), "location": _set(("location",), 200),
              "hours": _set(("hours",), 300), "fee": _set(("fee",), 500)},
    "notice": COMMON,
}


@st.composite
def records(draw):
    """(kind, [(field, template, spelled number, digits)]) with one to three numbers placed."""
    kind = draw(st.sampled_from(sorted(FIELDS)))
    placed = []
    for _ in range(draw(st.integers(1, 3))):
        field = draw(st.sampled_from(sorted(FIELDS[kind])))
        template = draw(st.sampled_from(MARKDOWN)) if field == "body" else "，联系{}。" if field != "tags" else "{}"
        spelled, digits = draw(spelled_numbers(markdown=True))
        placed.append((field, template, spelled, digits))
    return kind, placed


@pytest.fixture
def screen_key(make_display):
    return make_display(kinds=["disclosure", "guide", "notice"])["key"]


# Each example publishes through the API: no shrinking (it would take minutes), the failing
# example is printed as generated.
@settings(max_examples=60, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(record=records())
def test_no_public_surface_shows_a_full_number(client, staff, publish, make_disclosure, make_guide, make_notice,
                                               screen_key, record):
    kind, placed = record
    payload = {"disclosure": make_disclosure, "guide": make_guide, "notice": make_notice}[kind](title="低保名单公示",
                                                                                              body="")
    for field, template, spelled, _ in placed:
        FIELDS[kind][field](payload, template.format(spelled))
    secret = [digits for *_, digits in placed]
    note(f"{kind}: {placed!r}")

    refused = client.post("/api/v1/items", json={**payload, "record_url": _url_with(secret[0])},
                          headers=staff["editor"])
    assert refused.status_code == 422 and "record_url" in refused.json["error"]["fields"], refused.json

    item = publish(payload)["id"]
    original = reader_view(strings_in(client.get(f"/api/v1/items/{item}", headers=staff["editor"]).json))
    assert all(digits in original for digits in secret)  # staff see what was written
    public = client.get(f"/api/v1/items/{item}").json
    surfaces = {
        "page": client.get(f"/items/{item}").text,
        "item API": json.dumps(public, ensure_ascii=False),
        "list API": strings_in(_all_pages(client, "/api/v1/items")),
        "search": strings_in([_all_pages(client, "/api/v1/search", q=q) for q in ("低保名单", placed[0][2][:100])]),
        "bundle": strings_in(client.get(f"/api/v1/screens/{screen_key}/bundle").json),
        "QR target": unquote(record_link(public, BASE_URL)),
    }
    bundle = client.get(f"/api/v1/screens/{screen_key}/bundle").json
    assert any(s["id"] == item for s in bundle["slides"]) and "/qr/" in surfaces["page"]
    for name, text in surfaces.items():
        shown = reader_view(text)
        for digits in secret:
            assert digits not in shown, (name, digits, _context(text, digits))


def _url_with(digits):
    digits += "X" if len(digits) == 17 else ""  # the check digit of an ID number
    full_width = "".join(chr(0xFF10 + int(d)) if d.isdigit() else "Ｘ" for d in digits)
    spelled = quote(full_width) if int(digits[0]) % 2 else digits
    return f"https://a.cn/r/{spelled}"


def _all_pages(client, path, **query):
    items, page = [], 1
    while True:
        result = client.get(path, query_string={**query, "page": page, "per_page": 100}).json
        items += result["items"]
        if len(items) >= result["total"] or not result["items"]:
            return items
        page += 1


def _context(text, digits):
    """Where a number shows, for the failure message."""
    pattern = re.compile(r"\D*".join(digits[:4]))
    found = pattern.search(reader_view(text))
    return reader_view(text)[max(0, found.start() - 40):found.end() + 60] if found else text[:200]


def test_a_stored_record_url_with_an_id_number_reaches_no_surface(client, content, clock, publish, make_notice,
                                                                   make_display):
    """A record saved before record_url was checked: the QR code and the links fall back to our page."""
    from content.qrcodes import qr_svg
    key = make_display(kinds=["notice"])["key"]
    stored = content.library.items.get(publish(make_notice())["id"])
    rev = stored["rev"] + 1
    legacy = {**stored, "record_url": "https://a.cn/p?sfz=110101199003071234", "rev": rev, "published_rev": rev}
    content.library.items.save(legacy, "import", "legacy", clock().isoformat())
    content.library.items.bump_content_version()
    own_page = f"{BASE_URL}/items/{stored['id']}"
    public = client.get(f"/api/v1/items/{stored['id']}").json
    assert public["record_url"] is None
    assert client.get(f"/api/v1/screens/{key}/bundle").json["slides"][0]["link"] == own_page
    assert client.get(f"/qr/{stored['id']}.svg").data == qr_svg(own_page)
    assert "110101199003071234" not in client.get(f"/items/{stored['id']}").text
