"""Shared fixtures: an app on a temporary data dir, a fixed clock, staff tokens, record factories."""
import datetime as dt
import shutil

import pytest

from content.dates import DEFAULT_TZ
from tests.server import ServerProcess

START = dt.datetime(2026, 11, 23, 9, 0, tzinfo=DEFAULT_TZ)


class Clock:
    """A clock that only moves when a test moves it."""

    def __init__(self, now=START):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += dt.timedelta(**delta)
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def app(data_dir, clock):
    from kiosk import create_app
    app = create_app({"KIOSK_DATA_DIR": str(data_dir), "KIOSK_DEMO": False, "KIOSK_ORG_CODE": "QX",
                      "KIOSK_ORG_NAME": "青溪县", "KIOSK_CLOCK": clock, "KIOSK_ASYNC_MODE": "threading",
                      "KIOSK_PUBLIC_BASE_URL": "https://kiosk.example.cn", "TESTING": True})
    content = app.extensions["kiosk.content"]
    for code, name in (("QX-DT", "东塘镇"), ("QX-LS", "柳山乡")):
        content.orgs.create(code, name, "QX", now=clock())
    yield app


@pytest.fixture
def content(app):
    return app.extensions["kiosk.content"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def staff(content, clock):
    """Bearer headers for staff of 东塘镇 (editor, reviewer, admin), 柳山乡 and the county."""
    people = {"editor": ("editor", "QX-DT"), "reviewer": ("reviewer", "QX-DT"), "admin": ("admin", "QX-DT"),
              "other_editor": ("editor", "QX-DT"), "ls_admin": ("admin", "QX-LS"),
              "county_admin": ("admin", "QX"), "county_reviewer": ("reviewer", "QX")}
    headers = {}
    for name, (role, org) in people.items():
        password = "password-" + name if name == "editor" else None  # scrypt is slow on purpose
        content.accounts.create_user(name, role, password, org, now=clock())
        headers[name] = {"Authorization": "Bearer " + content.accounts.create_token(name, now=clock())}
    return headers


def _disclosure(**overrides):
    record = {"kind": "disclosure", "title": "2026年第四季度城乡低保新增对象公示",
              "summary": "经审核，拟新增低保对象3户，现予公示。", "department": "东塘镇社会事务办公室",
              "area": "社会救助", "stage": "result", "basis": "《社会救助暂行办法》第十一条",
              "body": "| 户主 | 人数 | 月保障金 |\n|---|---|---|\n| 王某某 | 3 | 1260元 |",
              "publish_at": "2026-11-23T08:00:00+08:00", "expire_at": "2026-11-30T08:00:00+08:00",
              "tags": ["低保"], "channels": ["website", "board", "screen"]}
    record.update(overrides)
    return record


def _guide(**overrides):
    record = {"kind": "guide", "title": "城乡居民基本养老保险参保登记", "summary": "16周岁以上城乡居民参保。",
              "department": "东塘镇社会保障服务中心", "code": "QX-SB-0001", "theme": "social_security",
              "service_object": "individual", "basis": "《社会保险法》第二十条",
              "conditions": ["年满16周岁（不含在校学生）", "未参加职工基本养老保险"],
              "materials": [{"name": "居民身份证", "copies": 1, "form": "original", "source": "申请人自备",
                             "required": True}],
              "steps": [{"name": "受理", "actor": "窗口工作人员", "duration": "即时"}],
              "time_limit": {"type": "immediate"}, "fee": "不收费", "location": "东塘镇便民服务中心3号窗口",
              "hours": "工作日 8:30-12:00, 14:30-17:30", "phone": "0795-6123456",
              "complaint_phone": "0795-12345", "visits": 1, "faqs": [{"q": "可以代办吗？", "a": "可以，需携带委托书。"}]}
    record.update(overrides)
    return record


def _notice(**overrides):
    record = {"kind": "notice", "title": "便民服务中心元旦假期办公安排", "summary": "1月1日休息，2日起正常办公。"}
    record.update(overrides)
    return record


@pytest.fixture
def make_disclosure():
    return _disclosure


@pytest.fixture
def make_guide():
    return _guide


@pytest.fixture
def make_notice():
    return _notice


@pytest.fixture
def publish(client, staff):
    """Create a record as the editor and take it through review; returns the published record."""
    def publish(payload, author="editor", reviewer="reviewer"):
        created = client.post("/api/v1/items", json=payload, headers=staff[author])
        assert created.status_code == 201, created.json
        item = created.json["id"]
        submitted = client.post(f"/api/v1/items/{item}/submit", headers=staff[author])
        assert submitted.status_code == 200
        approved = client.post(f"/api/v1/items/{item}/approve",  # bound to the rev the reviewer read
                               headers={**staff[reviewer], "If-Match": f'"{submitted.json["rev"]}"'})
        assert approved.status_code == 200, approved.json
        return approved.json
    return publish


# --- a real server in a subprocess, for end-to-end tests ------------------------------------

@pytest.fixture
def server_factory(tmp_path):
    servers = []

    def start(data_dir=None, env=None):
        server = ServerProcess(data_dir or tmp_path / f"server{len(servers)}", env).start()
        servers.append(server)
        return server
    yield start
    for server in servers:
        server.stop()
    shutil.rmtree(tmp_path, ignore_errors=True)


# --- screens ------------------------------------------------------------------------------

@pytest.fixture
def screens(app):
    return app.extensions["kiosk.screens"]


def _registrar(client, staff, path, defaults):
    def register(who="admin", **fields):
        response = client.post(path, json={**defaults, **fields}, headers=staff[who])
        assert response.status_code == 201, response.json
        return response.json
    return register


@pytest.fixture
def make_display(client, staff):
    """Register a screen through the API (as the 东塘镇 admin unless told otherwise)."""
    return _registrar(client, staff, "/api/v1/displays", {"name": "大厅左屏", "hall": "东塘镇便民服务中心"})


@pytest.fixture
def make_kiosk(client, staff):
    """Register a kiosk through the API (as the 东塘镇 admin unless told otherwise)."""
    return _registrar(client, staff, "/api/v1/kiosks", {"name": "大厅查询机", "hall": "东塘镇便民服务中心"})


@pytest.fixture
def socket_client(app, client):
    """Connect screens to /screens with a key; every client is disconnected at teardown."""
    from kiosk.extensions import socketio
    clients = []

    def connect(key):
        screen = socketio.test_client(app, namespace="/screens", auth={"key": key}, flask_test_client=client)
        clients.append(screen)
        return screen
    yield connect
    for screen in clients:
        if screen.is_connected("/screens"):
            screen.disconnect("/screens")


def events(screen, name=None):
    """The events a test screen received since last asked, optionally of one name."""
    received = screen.get_received("/screens")
    return [e["args"][0] if e["args"] else None for e in received if name is None or e["name"] == name]
