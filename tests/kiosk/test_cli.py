"""`python run.py COMMAND`: the management commands, run as an operator runs them, often
beside a running server that must see what they change without a restart."""
import fcntl
import gzip
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import tarfile

import pytest
import requests

from content import open_content
from content.backup import FORMAT, MANIFEST

pytestmark = pytest.mark.e2e

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
COMMANDS = ("serve", "create-user", "create-token", "create-org", "backup", "restore")
PASSWORD = "correct horse battery"


def command(data_dir, *args, stdin=None, timeout=60):
    """`python run.py ARGS...` on a data dir, no server needed."""
    env = {**os.environ, "KIOSK_DATA_DIR": str(data_dir), "KIOSK_DEMO": "0"}
    env.pop("KIOSK_MESSAGE_QUEUE", None)
    return subprocess.run([sys.executable, os.path.join(ROOT, "run.py"), *args], cwd=ROOT, env=env,
                          input=stdin, capture_output=True, text=True, timeout=timeout)


def refused_cleanly(done):
    """Exit code 2 and one clear error on stderr: what an operator's script can rely on."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr, done.stderr
    assert done.stdout == ""
    return done.stderr


def data_files(data_dir):
    """The data (db, journal, uploads) as {relative path: bytes}."""
    parts = ("db", "journal", "uploads")
    return {str(p.relative_to(data_dir)): p.read_bytes() for p in sorted(data_dir.rglob("*"))
            if p.is_file() and p.relative_to(data_dir).parts[0] in parts}


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def create_token(server, name, *args):
    done = server.run_command("create-token", name, *args)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def log_in(server, name, password):
    """Log in on the staff login form; True when the server accepted the password."""
    session = requests.Session()
    form = session.get(server.url + "/admin/login", timeout=10)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.text).group(1)
    answer = session.post(server.url + "/admin/login", allow_redirects=False, timeout=30,
                          data={"username": name, "password": password, "csrf_token": csrf})
    assert answer.status_code in (302, 401), answer.status_code
    return answer.status_code == 302


def new_notice(server, token, title):
    answer = requests.post(server.url + "/api/v1/items", headers=bearer(token), timeout=10,
                           json={"kind": "notice", "title": title, "summary": "便民服务中心通知"})
    assert answer.status_code == 201, answer.text
    return answer.json()


# --- the command list -------------------------------------------------------------------------

def test_help_lists_every_command(tmp_path):
    done = command(tmp_path / "data", "--help")

    assert done.returncode == 0, done.stderr
    for name in COMMANDS:
        assert re.search(rf"^\s+{name}\s", done.stdout, re.MULTILINE), (name, done.stdout)
    assert not (tmp_path / "data").exists()  # asking for help touches no data


def test_each_command_explains_its_arguments(tmp_path):
    done = command(tmp_path / "data", "create-user", "--help")

    assert done.returncode == 0
    assert "--password-stdin" in done.stdout and "--role" in done.stdout and "--org" in done.stdout


# --- users, orgs and tokens, beside a running server -------------------------------------------

@pytest.fixture
def server(server_factory):
    return server_factory()


def test_create_org_and_create_user_with_a_password_on_stdin(server):
    org = server.run_command("create-org", "QX-DT", "东塘镇")
    user = server.run_command("create-user", "clerk", "--role", "editor", "--org", "QX-DT",
                              "--password-stdin", stdin=PASSWORD + "\n")

    assert org.returncode == 0, org.stderr
    assert user.returncode == 0, user.stderr
    assert user.stdout == ""  # the password never echoes, nothing else is printed
    actor = open_content(server.data_dir).accounts.check_password("clerk", PASSWORD)
    assert (actor.name, actor.role, actor.org) == ("clerk", "editor", "QX-DT")
    assert log_in(server, "clerk", PASSWORD)  # the running server knows her without a restart
    assert not log_in(server, "clerk", PASSWORD + "!")
    record = new_notice(server, create_token(server, "clerk"), "东塘镇停水通知")
    assert (record["org"], record["created_by"]) == ("QX-DT", "clerk")


def test_a_too_short_password_is_refused_and_no_user_is_created(server):
    before = data_files(server.data_dir)

    done = server.run_command("create-user", "clerk", "--role", "editor", "--password-stdin", stdin="short\n")

    assert "password" in refused_cleanly(done)
    assert data_files(server.data_dir) == before
    assert open_content(server.data_dir).accounts.find_user("clerk") is None


def test_create_user_without_a_password_source_is_refused(server):
    before = data_files(server.data_dir)

    done = server.run_command("create-user", "clerk", "--role", "editor", stdin="")

    assert "--password-stdin" in refused_cleanly(done)
    assert data_files(server.data_dir) == before


def test_create_user_for_an_unknown_org_fails_cleanly(server):
    before = data_files(server.data_dir)

    done = server.run_command("create-user", "clerk", "--role", "editor", "--org", "NOWHERE",
                              "--password-stdin", stdin=PASSWORD + "\n")

    assert "NOWHERE" in refused_cleanly(done)
    assert data_files(server.data_dir) == before


def test_create_org_twice_is_refused_the_second_time(server):
    assert server.run_command("create-org", "QX-LS", "柳山乡").returncode == 0
    before = data_files(server.data_dir)

    assert "QX-LS" in refused_cleanly(server.run_command("create-org", "QX-LS", "柳山乡"))
    assert data_files(server.data_dir) == before


def test_create_token_prints_one_line_that_the_running_server_accepts_at_once(server):
    done = server.run_command("create-token", "import-script")

    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1 and done.stdout.endswith("\n")
    token = done.stdout.strip()
    assert token and " " not in token
    assert "service account" in done.stderr  # no such user yet: it says it made one
    staff = requests.get(server.url + "/api/v1/items?status=draft", headers=bearer(token), timeout=10)
    assert staff.status_code == 200, staff.text
    assert new_notice(server, token, "脚本导入")["created_by"] == "import-script"
    assert requests.get(server.url + "/api/v1/items", headers=bearer(token + "x"), timeout=10).status_code == 401


def test_a_second_token_for_the_same_user_works_alongside_the_first(server):
    first, second = create_token(server, "import-script"), create_token(server, "import-script")

    assert first != second
    for token in (first, second):
        assert requests.get(server.url + "/api/v1/items", headers=bearer(token), timeout=10).status_code == 200


def test_create_token_for_an_unknown_org_fails_cleanly(server):
    before = data_files(server.data_dir)

    assert "NOWHERE" in refused_cleanly(server.run_command("create-token", "bot", "--org", "NOWHERE"))
    assert data_files(server.data_dir) == before


# --- backup and restore --------------------------------------------------------------------------

def test_backup_then_restore_round_trips_the_data(server_factory, tmp_path):
    server = server_factory()
    token = create_token(server, "import-script")
    kept = new_notice(server, token, "元旦办公安排")
    edited = requests.put(f"{server.url}/api/v1/items/{kept['id']}", headers={**bearer(token), "If-Match": "1"},
                          json={"title": "元旦假期办公安排"}, timeout=10).json()
    assert server.run_command("create-user", "clerk", "--role", "reviewer", "--password-stdin",
                              stdin=PASSWORD + "\n").returncode == 0
    target = tmp_path / "backups" / "hall.tar.gz"

    done = server.run_command("backup", str(target))  # while the server runs

    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and tarfile.is_tarfile(target)
    late = new_notice(server, token, "备份之后的通知")
    late_token = create_token(server, "late-script")
    before_refusal = data_files(server.data_dir)

    assert "stopped" in refused_cleanly(server.run_command("restore", str(target)))
    assert data_files(server.data_dir) == before_refusal

    server.stop()
    restored = server.run_command("restore", str(target))
    assert restored.returncode == 0, restored.stderr
    server = server_factory(data_dir=server.data_dir)
    answer = requests.get(f"{server.url}/api/v1/items/{kept['id']}", headers=bearer(token), timeout=10)
    assert answer.status_code == 200 and answer.json() == edited
    assert requests.get(f"{server.url}/api/v1/items/{late['id']}", headers=bearer(token), timeout=10).status_code == 404
    assert requests.get(server.url + "/api/v1/items", headers=bearer(late_token), timeout=10).status_code == 401
    assert log_in(server, "clerk", PASSWORD)
    assert open_content(server.data_dir).accounts.find_user("late-script") is None


def foreign_archive(members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, body in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))
    return buffer.getvalue()


PASSWD = b"root::0:0:root:/root:/bin/sh\n"

SUSPECT = {
    "random bytes": os.urandom(2048),
    "gzip, not tar": gzip.compress(b"not a tar"),
    "tar.gz without manifest": foreign_archive({"db/orgs.json": b"{}"}),
    "manifest with ../../etc/passwd": foreign_archive({
        MANIFEST: json.dumps({"format": FORMAT, "created_at": "2026-11-23T09:00:00+08:00",
                              "files": {"../../etc/passwd": hashlib.sha256(PASSWD).hexdigest()}}).encode(),
        "../../etc/passwd": PASSWD}),
}


@pytest.mark.parametrize("body", SUSPECT.values(), ids=SUSPECT.keys())
def test_restore_refuses_a_damaged_or_foreign_file_and_changes_nothing(tmp_path, body):
    data_dir = tmp_path / "data"
    content = open_content(data_dir)
    content.orgs.create("QX", "青溪县")
    content.accounts.create_token(content.accounts.create_user("bot", "admin", None).name)
    before = {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    suspect = tmp_path / "suspect.tar.gz"
    suspect.write_bytes(body)

    message = refused_cleanly(command(data_dir, "restore", str(suspect)))

    assert str(suspect) in message or "backup" in message
    after = {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert {k: v for k, v in after.items() if k != "suspect.tar.gz"} == {**before, "data/server.lock": b""}
    assert not (tmp_path.parent / "etc").exists()


def test_restore_of_a_missing_file_is_refused(tmp_path):
    open_content(tmp_path / "data").orgs.create("QX", "青溪县")
    assert "no-such" in refused_cleanly(command(tmp_path / "data", "restore", str(tmp_path / "no-such.tar.gz")))


def test_a_server_that_finds_a_restore_in_progress_leaves_the_data_dir_alone(tmp_path):
    """A restore holds the server lock while it moves folders about; a server started then
    (by systemd, say) must not create a fresh database in the middle of that."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    lock = os.open(data_dir / "server.lock", os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    try:
        done = command(data_dir, "--port", "0", timeout=30)
    finally:
        os.close(lock)

    assert "cannot start" in refused_cleanly(done)
    assert sorted(p.name for p in data_dir.iterdir()) == ["server.lock"]
