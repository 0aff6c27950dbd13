"""Records are validated at the boundary, field by field."""
import pytest

from content.errors import Invalid
from content.records import missing_for_review, validate_fields
from tests.conftest import _disclosure, _guide, _notice


def invalid_fields(data, current=None):
    with pytest.raises(Invalid) as refused:
        validate_fields(data, current)
    return refused.value.fields


def test_a_complete_disclosure_is_accepted_with_defaults_filled_in():
    fields = validate_fields(_disclosure(time_limit_days=7))
    assert fields["attribute"] == "proactive" and fields["audience"] == "public"
    assert fields["time_limit_days"] == 7
    assert fields["publish_at"] == "2026-11-23T08:00:00+08:00"


def test_a_guide_fee_may_not_be_empty_or_missing():
    assert "fee" in invalid_fields(_guide(fee=""))
    assert "fee" in invalid_fields(_guide(fee="   "))
    guide = _guide()
    del guide["fee"]
    assert invalid_fields(guide)["fee"] == "required"


def test_area_must_come_from_the_catalogue_including_township_extras():
    assert "area" in invalid_fields(_disclosure(area="火星开发"))
    assert validate_fields(_disclosure(area="土地利用规划与宅基地审核"))["area"] == "土地利用规划与宅基地审核"


def test_stage_accepts_its_code_or_its_chinese_label():
    assert validate_fields(_disclosure(stage="结果"))["stage"] == "result"
    assert "stage" in invalid_fields(_disclosure(stage="final"))


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "yesterday", "23/11/2026", "２０２６-11-01", 20261101])
def test_dates_must_be_iso_8601(value):
    assert "publish_at" in invalid_fields(_disclosure(publish_at=value))


def test_a_bare_expiry_date_keeps_the_record_up_for_that_whole_day():
    fields = validate_fields(_disclosure(publish_at="2026-11-23", expire_at="2026-11-30"))
    assert fields["expire_at"] == "2026-12-01T00:00:00+08:00"


def test_naive_times_are_hall_time_and_offsets_are_kept_as_instants():
    assert validate_fields(_notice(publish_at="2026-11-23T08:00"))["publish_at"] == "2026-11-23T08:00:00+08:00"
    assert validate_fields(_notice(publish_at="2026-11-23T00:00:00Z"))["publish_at"] == "2026-11-23T08:00:00+08:00"


def test_the_window_must_end_after_it_starts():
    fields = invalid_fields(_disclosure(publish_at="2026-11-30", expire_at="2026-11-01T00:00:00+08:00"))
    assert "expire_at must be later" in fields["expire_at"]


def test_every_material_entry_is_complete():
    errors = invalid_fields(_guide(materials=[{"name": "户口簿", "copies": 1}]))
    assert {"materials.0.form", "materials.0.source", "materials.0.required"} <= set(errors)


def test_catch_all_clauses_are_refused_in_conditions_and_materials():
    assert "conditions.0" in invalid_fields(_guide(conditions=["法律法规规定的其他条件"]))
    material = {"name": "其他相关材料", "copies": 1, "form": "copy", "source": "自备", "required": False}
    assert "materials.0.name" in invalid_fields(_guide(materials=[material]))


def test_a_committed_time_limit_names_its_days():
    assert "time_limit" in invalid_fields(_guide(time_limit={"type": "committed"}))
    bad = {"type": "committed", "statutory_days": 5, "committed_days": 10}
    assert "time_limit" in invalid_fields(_guide(time_limit=bad))
    good = {"type": "committed", "statutory_days": 20, "committed_days": 5}
    assert validate_fields(_guide(time_limit=good))["time_limit"] == good


def test_types_are_strict():
    errors = invalid_fields(_guide(title=123, visits="1", materials=[{
        "name": "身份证", "copies": "1", "form": "original", "source": "自备", "required": "yes"}]))
    assert {"title", "visits", "materials.0.copies", "materials.0.required"} <= set(errors)


def test_unknown_fields_are_named():
    assert invalid_fields(_notice(colour="red"))["colour"] == "unknown field"


def test_a_withheld_item_needs_its_reason():
    assert invalid_fields(_disclosure(attribute="withheld"))
    assert validate_fields(_disclosure(attribute="withheld", withheld_reason="涉及个人隐私（条例第十五条）"))


def test_read_only_fields_may_be_echoed_unchanged_but_never_changed():
    current = {**validate_fields(_notice()), "id": 7, "rev": 3, "status": "draft", "org": "QX"}
    assert validate_fields({**current, "title": "新标题"}, current)["title"] == "新标题"
    assert invalid_fields({**current, "status": "published"}, current)["status"].startswith("read-only")
    assert "org" in invalid_fields({"org": "QX-LS"}, current)
    assert "kind" in invalid_fields({"kind": "guide"}, current)


def test_an_edit_keeps_the_fields_it_leaves_out():
    current = {**validate_fields(_guide()), "id": 1, "rev": 1, "status": "draft", "org": "QX"}
    assert validate_fields({"summary": "新概述"}, current)["fee"] == "不收费"


def test_record_urls_must_be_absolute_http_links():
    assert "record_url" in invalid_fields(_notice(record_url="javascript:alert(1)"))
    assert validate_fields(_notice(record_url="https://www.qingxi.gov.cn/x"))["record_url"]


def test_control_characters_are_refused_in_text():
    assert "title" in invalid_fields(_notice(title="停水\x00通知"))


def test_a_guide_needs_where_when_and_how_before_review():
    guide = validate_fields(_guide(location="", materials=[]))
    assert set(missing_for_review(guide)) == {"location", "materials"}
    assert missing_for_review(validate_fields(_guide())) == {}
