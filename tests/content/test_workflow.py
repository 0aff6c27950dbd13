"""The review workflow and the one rule of what is public."""
import datetime as dt

import pytest

from content.accounts import Actor
from content.dates import DEFAULT_TZ
from content.errors import Conflict, Forbidden, Invalid
from content.workflow import is_public, next_status, publicity_days_left, review_note

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=DEFAULT_TZ)
EDITOR = Actor("ed", "editor", "QX-DT", frozenset({"QX-DT"}))
REVIEWER = Actor("rev", "reviewer", "QX-DT", frozenset({"QX-DT"}))


def record(**fields):
    return {"status": "published", "attribute": "proactive", "created_by": "ed", "updated_by": "ed",
            "publish_at": None, "expire_at": None, "published_rev": 2, **fields}


def test_only_published_proactive_records_inside_their_window_are_public():
    assert is_public(record(), NOW)
    for status in ("draft", "in_review", "withdrawn"):
        assert not is_public(record(status=status), NOW)
    for attribute in ("on_request", "withheld"):
        assert not is_public(record(attribute=attribute), NOW)


def test_the_window_opens_at_publish_at_and_closes_at_expire_at():
    item = record(publish_at="2026-11-24T08:00:00+08:00", expire_at="2026-12-01T08:00:00+08:00")
    assert not is_public(item, NOW)
    assert is_public(item, dt.datetime(2026, 11, 24, 8, 0, tzinfo=DEFAULT_TZ))
    assert is_public(item, dt.datetime(2026, 12, 1, 7, 59, 59, tzinfo=DEFAULT_TZ))
    assert not is_public(item, dt.datetime(2026, 12, 1, 8, 0, tzinfo=DEFAULT_TZ))


def test_the_publicity_countdown_rounds_up_to_whole_days():
    item = record(expire_at="2026-11-25T08:00:00+08:00")
    assert publicity_days_left(item, NOW) == 2
    assert publicity_days_left(record(), NOW) is None


@pytest.mark.parametrize("status,action,result", [
    ("draft", "submit", "in_review"), ("in_review", "approve", "published"),
    ("in_review", "reject", "draft"), ("published", "withdraw", "withdrawn")])
def test_the_workflow_moves_draft_review_published_withdrawn(status, action, result):
    actor = EDITOR if action in ("submit", "withdraw") else REVIEWER
    assert next_status(record(status=status, created_by="other", updated_by="other"), action, actor) == result


@pytest.mark.parametrize("status,action", [
    ("draft", "approve"), ("published", "submit"), ("withdrawn", "approve"), ("draft", "reject")])
def test_a_transition_from_the_wrong_state_is_a_conflict(status, action):
    with pytest.raises(Conflict):
        next_status(record(status=status, created_by="other"), action, REVIEWER)


def test_a_record_never_published_cannot_be_withdrawn():
    with pytest.raises(Conflict):
        next_status(record(status="draft", published_rev=None), "withdraw", EDITOR)


def test_editors_cannot_review():
    with pytest.raises(Forbidden):
        next_status(record(status="in_review", created_by="x"), "approve", EDITOR)


def test_the_author_cannot_approve_their_own_record():
    author = Actor("ed", "reviewer", "QX-DT", frozenset({"QX-DT"}))
    with pytest.raises(Forbidden):
        next_status(record(status="in_review"), "approve", author)
    with pytest.raises(Forbidden):  # nor the last editor
        next_status(record(status="in_review", created_by="x", updated_by="ed"), "approve", author)


def test_approving_records_the_four_checks():
    note = review_note("approve", {"comment": "可以公开"}, REVIEWER, "t")
    assert note["checks"] == {"secrecy": True, "privacy": True, "legality": True, "wording": True}
    with pytest.raises(Invalid) as refused:
        review_note("approve", {"checks": {"privacy": False}}, REVIEWER, "t")
    assert "checks.privacy" in refused.value.fields


def test_the_editors_of_a_version_are_everyone_who_wrote_since_the_last_approval():
    from content.workflow import editors_since_publication
    journal = [{"action": "create", "actor": "ed"}, {"action": "update", "actor": "rev"},
               {"action": "submit", "actor": "ed"}, {"action": "approve", "actor": "boss"},
               {"action": "update", "actor": "li"}, {"action": "update", "actor": "rev"},
               {"action": "update", "actor": "ed"}, {"action": "reject", "actor": "boss"},
               {"action": "import", "actor": "clerk"}, {"action": "submit", "actor": "ed"}]
    assert editors_since_publication(journal) == {"li", "rev", "ed", "clerk"}
    assert editors_since_publication(journal[:4]) == set()


def test_a_reviewer_who_edited_the_version_cannot_approve_it():
    record = {"status": "in_review", "created_by": "ed", "updated_by": "ed"}
    with pytest.raises(Forbidden, match="谁公开谁审查"):
        next_status(record, "approve", REVIEWER, editors={"rev", "ed"})
    assert next_status(record, "approve", REVIEWER, editors={"ed"}) == "published"
