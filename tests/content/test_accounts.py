"""Accounts: ids never reused, tokens bound to them, sessions that really end."""
import datetime as dt

import pytest

from content import open_content
from content.dates import DEFAULT_TZ
from content.errors import Forbidden, Invalid, NotFound

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=DEFAULT_TZ)
IDLE = dt.timedelta(hours=8)


@pytest.fixture
def accounts(tmp_path):
    content = open_content(tmp_path / "data")
    content.orgs.create("QX", "青溪县", now=NOW)
    content.orgs.create("QX-DT", "东塘镇", "QX", now=NOW)
    content.accounts.create_user("boss", "admin", None, "QX", now=NOW)
    return content.accounts


def test_a_user_id_is_never_given_again(accounts):
    boss = accounts.actor("boss")
    first = accounts.create_user("wang", "editor", None, "QX-DT", now=NOW)
    token = accounts.create_token("wang", now=NOW)
    accounts.delete_user(boss, first.user_id, NOW)
    again = accounts.create_user("wang", "editor", None, "QX-DT", now=NOW)
    assert again.user_id > first.user_id
    assert accounts.actor_for_token(token) is None
    assert accounts.actor_for_token(accounts.create_token("wang", now=NOW)) == again


def test_tokens_made_before_user_ids_are_bound_once_to_the_user_of_that_name(tmp_path, accounts):
    wang = accounts.create_user("wang", "editor", None, "QX-DT", now=NOW)
    token = accounts.create_token("wang", now=NOW)
    key, doc = accounts.tokens.all()[0]
    accounts.tokens.put(key, {k: v for k, v in doc.items() if k != "user_id"})  # as an old data dir has it
    reopened = open_content(tmp_path / "data").accounts
    assert reopened.actor_for_token(token) == wang
    reopened.delete_user(reopened.actor("boss"), wang.user_id, NOW)
    reopened.create_user("wang", "editor", None, "QX-DT", now=NOW)
    assert reopened.actor_for_token(token) is None


def test_a_disabled_user_stops_at_once_and_can_be_enabled_again(accounts):
    boss = accounts.actor("boss")
    wang = accounts.create_user("wang", "editor", None, "QX-DT", now=NOW)
    token = accounts.create_token("wang", now=NOW)
    session = accounts.start_session(wang, NOW, IDLE)
    accounts.disable_user(boss, wang.user_id, NOW)
    assert accounts.actor_for_token(token) is None
    assert accounts.session_actor(wang.user_id, session, NOW, IDLE) is None
    accounts.enable_user(boss, wang.user_id, NOW)
    assert accounts.actor_for_token(token) == wang
    assert accounts.session_actor(wang.user_id, session, NOW, IDLE) is None  # sessions stay ended


def test_only_an_admin_over_the_users_org_manages_them(accounts):
    wang = accounts.create_user("wang", "editor", None, "QX-DT", now=NOW)
    dt_admin = accounts.create_user("li", "admin", None, "QX-DT", now=NOW)
    boss = accounts.actor("boss")
    with pytest.raises(Forbidden):
        accounts.disable_user(wang, dt_admin.user_id, NOW)
    with pytest.raises(NotFound):
        accounts.disable_user(dt_admin, boss.user_id, NOW)  # the county's users are not the township's
    accounts.disable_user(dt_admin, wang.user_id, NOW)


def test_changing_the_password_ends_the_other_sessions_only(accounts):
    wang = accounts.create_user("wang", "editor", "old-password", "QX-DT", now=NOW)
    here, there = (accounts.start_session(wang, NOW, IDLE) for _ in range(2))
    with pytest.raises(Forbidden):
        accounts.change_password(wang, "not-the-password", "new-password", NOW, keep_session=here)
    with pytest.raises(Invalid):
        accounts.change_password(wang, "old-password", "short", NOW, keep_session=here)
    accounts.change_password(wang, "old-password", "new-password", NOW, keep_session=here)
    assert accounts.session_actor(wang.user_id, here, NOW, IDLE) == wang
    assert accounts.session_actor(wang.user_id, there, NOW, IDLE) is None
    assert accounts.check_password("wang", "new-password") == wang
    assert accounts.check_password("wang", "old-password") is None


def test_a_session_is_the_users_own_and_ends_when_idle(accounts):
    wang = accounts.create_user("wang", "editor", None, "QX-DT", now=NOW)
    session = accounts.start_session(wang, NOW, IDLE)
    assert accounts.session_actor(accounts.actor("boss").user_id, session, NOW, IDLE) is None
    assert accounts.session_actor(wang.user_id, session, NOW + dt.timedelta(hours=7), IDLE) == wang
    assert accounts.session_actor(wang.user_id, session, NOW + dt.timedelta(hours=14), IDLE) == wang
    assert accounts.session_actor(wang.user_id, session, NOW + dt.timedelta(hours=22, minutes=1), IDLE) is None
    accounts.end_session(session)


def test_password_hashing_goes_through_the_offload_hook(accounts):
    calls = []
    accounts.offload = lambda function, *args: calls.append(function.__name__) or function(*args)
    accounts.create_user("wang", "editor", "a-password", "QX-DT", now=NOW)
    accounts.check_password("wang", "a-password")
    accounts.check_password("nobody", "a-password")
    assert calls.count("hash_password") == 1 and calls.count("verify_password") == 2
