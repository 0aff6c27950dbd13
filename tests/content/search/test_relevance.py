"""The relevance set over the demo county: prints top-1, top-3 and MRR; fails below 90 % top-3."""
import datetime as dt

import pytest

from content import open_content
from content.dates import DEFAULT_TZ
from content.demo import load_demo

from .relevance import CASES, evaluate

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=DEFAULT_TZ)


@pytest.fixture(scope="module")
def demo_library(tmp_path_factory):
    content = open_content(tmp_path_factory.mktemp("demo"))
    load_demo(content, NOW)
    return content.library


def test_the_relevance_set_finds_what_residents_mean(demo_library, capsys):
    assert len(CASES) >= 60
    top1, top3, mrr, misses = evaluate(lambda q: [r["title"] for r in demo_library.public_search(q, NOW)["records"]])
    with capsys.disabled():
        print(f"\nrelevance over {len(CASES)} queries: top-1 {top1:.1%}, top-3 {top3:.1%}, MRR {mrr:.3f}")
        for miss in misses:
            print("  missed:", miss)
    assert top3 >= 0.9, misses


def test_a_correction_says_what_was_searched(demo_library):
    found = demo_library.public_search("最低生活保账", NOW)
    assert found["records"][0]["title"] == "最低生活保障申请"
    assert found["corrected"] == "最低生活保障"
    assert demo_library.public_search("最低生活保障", NOW)["corrected"] is None


def test_a_township_kiosk_sees_its_own_records_first_and_no_other_townships(demo_library):
    found = demo_library.public_search("补贴", NOW, org="QX-LS")
    orgs = [r["org"] for r in found["records"]]
    assert orgs and set(orgs) <= {"QX-LS"} | {r["org"] for r in found["records"] if r.get("all_townships")}
    assert "QX-DT" not in orgs


def test_material_words_favour_guides_and_name_the_section(demo_library):
    found = demo_library.public_search("低保要带什么", NOW)
    assert found["records"][0]["kind"] == "guide"
    assert found["intent"] == {"kind": "guide", "section": "materials"}
    assert demo_library.public_search("低保名单", NOW)["records"][0]["kind"] == "disclosure"


def test_groups_count_every_match_per_kind(demo_library):
    found = demo_library.public_search("低保", NOW, kind="guide")
    assert sum(found["groups"].values()) > len(found["records"]) == found["groups"]["guide"]
