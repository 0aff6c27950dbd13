"""Staff login: where it sends you after, how often it may be tried, and that logging out,
changing the password or disabling the user really ends a session, copied cookies included."""
import pytest

LOGIN = "/admin/login"


def csrf_of(client, url=LOGIN):
    page = client.get(url)
    return page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]


def log_in(client, name="editor", password="password-editor", next_url=None, address="10.0.0.1"):
    token = csrf_of(client)
    return client.post(LOGIN, query_string={"next": next_url} if next_url is not None else None,
                       data={"username": name, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address})


def session_cookie(client):
    return client.get_cookie("session").value


# --- finding 6: where login sends you -------------------------------------------------------

@pytest.mark.parametrize("target", [
    "/%09/evil.example", "/\t/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
    "https://evil.example/", "http:/evil.example", "javascript:alert(1)", "/%0d%0aSet-Cookie:x=1",
    "/\r\nLocation: https://evil.example", "evil.example", "  //evil.example", "/admin/\x00", "x" * 3000,
])
def test_login_never_sends_you_to_another_site(client, staff, target):
    answer = log_in(client, next_url=target)
    assert answer.status_code == 302, answer.text[:300]
    assert answer.headers["Location"] == "/admin/"


def test_login_sends_you_back_to_the_page_you_asked_for(client, staff):
    answer = log_in(client, next_url="/admin/?page=2#top")
    assert answer.status_code == 302 and answer.headers["Location"] == "/admin/?page=2#top"


def test_a_crlf_in_next_on_the_login_form_is_not_a_500(client):
    assert client.get(LOGIN + "?next=/%0d%0aX:1").status_code == 200


# --- finding 3: limits ------------------------------------------------------------------------

def test_wrong_passwords_for_one_account_from_one_address_get_429_with_retry_after(client, staff, content):
    answers = [log_in(client, password="wrong-password").status_code for _ in range(6)]
    assert answers == [401] * 5 + [429]
    refused = log_in(client, password="wrong-password")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) in range(1, 61)
    assert "登录尝试过于频繁" in refused.text and "分钟后再试" in refused.text
    # Even the right password waits: the limit is not an oracle for the password.
    assert log_in(client).status_code == 429
    # The clerk at her own desk is not locked out by someone guessing elsewhere.
    assert log_in(client, address="10.0.0.99").status_code == 302


def test_a_clerk_logging_in_now_and_then_is_never_held_back(client, staff, content):
    for _ in range(4):
        assert log_in(client).status_code == 302


def test_one_address_trying_many_accounts_is_slowed_too(client, staff, content):
    answers = [log_in(client, name=f"nobody{n}", password="wrong-password").status_code for n in range(31)]
    assert answers[:30] == [401] * 30 and answers[30] == 429


def test_many_addresses_against_one_account_hit_a_ceiling_except_a_known_browser(app, staff):
    clerk = app.test_client()
    assert log_in(clerk).status_code == 302  # her browser is now known for "editor"
    attacker = app.test_client()
    answers = [log_in(attacker, password="wrong-password", address=f"10.1.0.{n}").status_code for n in range(21)]
    assert answers[:19] == [401] * 19 and answers[19:] == [429] * 2  # the clerk's own login counted too
    assert log_in(app.test_client(), address="10.2.0.1").status_code == 429  # a new browser waits
    assert log_in(clerk, address="10.0.0.1").status_code == 302  # the clerk's does not


def test_failed_logins_reach_the_audit_trail_sparingly(client, staff, content):
    for n in range(12):
        log_in(client, password="wrong-password", address=f"10.3.0.{n}")
    failures = [e for e in content.library.audit.entries() if e["action"] == "session.login_failed"]
    assert [e["detail"]["failures_this_hour"] for e in failures] == [10, 1]
    assert failures[0]["target"] == "user:editor"


def test_password_checks_run_through_the_offload_hook(app, client, staff, content):
    calls = []
    original = content.accounts.offload
    content.accounts.offload = lambda function, *args: calls.append(function.__name__) or original(function, *args)
    log_in(client, password="wrong-password")
    assert "verify_password" in calls


def test_the_offload_runs_on_a_thread_under_gevent():
    import subprocess
    import sys
    code = ("from gevent import monkey; monkey.patch_all()\n"
            "import threading\n"
            "from kiosk.offload import run_off_loop\n"
            "print(run_off_loop(lambda: threading.current_thread() is threading.main_thread()))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


# --- finding 12: sessions end on the server --------------------------------------------------

def test_a_cookie_copied_before_logout_no_longer_opens_the_staff_pages(app, client, staff):
    assert log_in(client).status_code == 302
    copied = session_cookie(client)
    assert client.get("/admin/").status_code == 200
    csrf = client.get("/admin/").text.split('name="csrf-token" content="')[1].split('"')[0]
    assert client.post("/admin/logout", data={"csrf_token": csrf}).status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", copied)
    answer = thief.get("/admin/")
    assert answer.status_code == 302 and "/admin/login" in answer.headers["Location"]


def test_changing_the_password_ends_every_other_session(app, client, staff, content):
    other_pc = app.test_client()
    assert log_in(other_pc).status_code == 302 and log_in(client).status_code == 302
    token = csrf_of(client, "/admin/password")
    changed = client.post("/admin/password", data={"old": "password-editor", "new": "new-password-1",
                                                   "confirm": "new-password-1", "csrf_token": token})
    assert changed.status_code == 302
    assert client.get("/admin/").status_code == 200  # this one stays
    assert other_pc.get("/admin/").status_code == 302  # the other is logged out
    assert content.accounts.check_password("editor", "new-password-1") is not None
    assert [e["action"] for e in content.library.audit.entries(limit=1)] == ["user.password"]


def test_the_password_page_refuses_a_wrong_current_password(client, staff, content):
    log_in(client)
    token = csrf_of(client, "/admin/password")
    answer = client.post("/admin/password", data={"old": "nope-nope", "new": "new-password-1",
                                                  "confirm": "new-password-1", "csrf_token": token})
    assert answer.status_code == 403 and "当前密码不正确" in answer.text
    assert content.accounts.check_password("editor", "password-editor") is not None


def test_a_session_ends_after_idle_time(client, staff, clock):
    log_in(client)
    clock.advance(hours=7, minutes=59)
    assert client.get("/admin/").status_code == 200  # in use: the idle clock restarts
    clock.advance(hours=7, minutes=59)
    assert client.get("/admin/").status_code == 200
    clock.advance(hours=8, minutes=1)
    assert client.get("/admin/").status_code == 302


def test_a_disabled_users_sessions_and_tokens_stop_at_once(client, staff, content, clock):
    log_in(client)
    editor = content.accounts.find_user("editor")
    admin = content.accounts.actor("admin")
    content.accounts.disable_user(admin, editor["id"], clock())
    assert client.get("/admin/").status_code == 302
    assert client.get("/api/v1/items", headers=staff["editor"]).status_code == 401


def test_a_token_dies_with_its_user_even_when_the_name_comes_back(client, staff, content, clock):
    old = content.accounts.find_user("editor")
    admin = content.accounts.actor("admin")
    content.accounts.delete_user(admin, old["id"], clock())
    again = content.accounts.create_user("editor", "admin", "password-again", "QX-DT", now=clock())
    assert again.user_id != old["id"] and again.user_id > max(u["id"] for _, u in content.accounts.users.all()
                                                                if u["name"] != "editor")
    assert client.get("/api/v1/items", headers=staff["editor"]).status_code == 401


def test_a_cookie_of_the_old_form_logs_in_again(app, client, staff):
    from flask.sessions import SecureCookieSessionInterface
    signer = SecureCookieSessionInterface().get_signing_serializer(app)
    client.set_cookie("session", signer.dumps({"_user_id": "editor", "_fresh": True}))
    assert client.get("/admin/").status_code == 302
