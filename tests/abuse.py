"""Abuse scenarios against a real server (tests/server.py), shared by the e2e test and
bench/abuse.py. Plain Python, no pytest.

Socket flood: one township's screen key emits `heartbeat` as fast as a python-socketio
client can (in its own process), while this process polls /healthz and another
township's screen waits for the `content_changed` nudge of a record published mid-flood.
"""
import json
import multiprocessing
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
import socketio

from tests.server import ROOT, ServerProcess


TOWNSHIPS = (("QX-DT", "东塘镇"), ("QX-LS", "柳山乡"))
SEED = """
import json, sys
from pathlib import Path
from content import open_content
from kiosk.clock import system_now
content = open_content(Path(sys.argv[1]))
now = system_now()
content.orgs.create("county", "县政务服务中心", now=now)
tokens = {}
for code, name in json.loads(sys.argv[2]):
    content.orgs.create(code, name, "county", now=now)
    for role in ("editor", "reviewer", "admin"):
        content.accounts.create_user(f"{code}-{role}", role, None, code, now=now)
        tokens[f"{code}-{role}"] = content.accounts.create_token(f"{code}-{role}", now=now)
print(json.dumps(tokens))
"""


def seed(data_dir, townships=TOWNSHIPS):
    """Orgs and staff tokens written before the server starts: one process, not one per command."""
    done = subprocess.run([sys.executable, "-c", SEED, str(data_dir), json.dumps(townships)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout)


class Township:
    """An org with an editor and a reviewer token, one display, and a draft ready to approve."""

    def __init__(self, server, code, name, tokens):
        self.url = server.url
        self.http = requests.Session()
        self.editor = {"Authorization": "Bearer " + tokens[f"{code}-editor"]}
        self.reviewer = {"Authorization": "Bearer " + tokens[f"{code}-reviewer"]}
        self.admin = {"Authorization": "Bearer " + tokens[f"{code}-admin"]}  # screens are the admin's
        self.display = self.call("POST", "/api/v1/displays", self.admin, json={"name": f"{name}大厅屏", "hall": name})

    def call(self, method, path, headers, **kwargs):
        response = self.http.request(method, self.url + path, headers=headers, timeout=30, **kwargs)
        assert response.status_code < 300, (response.status_code, response.text)
        return response.json()

    def new_display(self, name):
        return self.call("POST", "/api/v1/displays", self.admin, json={"name": name, "hall": "二楼"})

    def draft(self, title):
        created = self.call("POST", "/api/v1/items", self.editor, json={"kind": "notice", "title": title})
        self.call("POST", f"/api/v1/items/{created['id']}/submit", self.editor)
        return created["id"]

    def approve(self, item_id):
        rev = self.call("GET", f"/api/v1/items/{item_id}", self.reviewer)["rev"]  # approve names what was read
        return self.call("POST", f"/api/v1/items/{item_id}/approve", {**self.reviewer, "If-Match": str(rev)})


def start_server(data_dir):
    """A fresh server (no demo) with two townships, 东塘镇 and 柳山乡."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    tokens = seed(data_dir)
    server = ServerProcess(data_dir).start()
    return (server, *(Township(server, code, name, tokens) for code, name in TOWNSHIPS))


# --- the flooder (its own process: its CPU use must not slow this one's measurements) ----

def flood(url, key, seconds, results, ready, go):
    """Once `go` is set, emit heartbeats as fast as possible for `seconds`; report what the server did."""
    report = {"sent": 0, "slow_down": None, "disconnected_after": None, "refused": []}
    client = socketio.Client(reconnection=False)
    client.on("slow_down", lambda data: report.update(slow_down=data), namespace="/screens")
    client.connect(url, namespaces=["/screens"], transports=["websocket"], auth={"key": key}, wait_timeout=10)
    ready.set()
    go.wait(60)
    start = time.monotonic()
    end = start + seconds
    while time.monotonic() < end and client.connected:
        try:
            client.emit("heartbeat", {"version": report["sent"]}, namespace="/screens")
            report["sent"] += 1
        except socketio.exceptions.SocketIOError:
            break
    if not client.connected or report["slow_down"]:
        report["disconnected_after"] = round(time.monotonic() - start, 3)
    client.disconnect()
    while time.monotonic() < end:  # an attacker keeps trying to come back
        retry, refusal = socketio.Client(reconnection=False), []
        retry.on("connect_error", refusal.append, namespace="/screens")
        try:
            retry.connect(url, namespaces=["/screens"], transports=["websocket"], auth={"key": key}, wait_timeout=5)
            report["refused"].append(None)
            retry.disconnect()
        except socketio.exceptions.ConnectionError as exc:
            report["refused"].append(refusal[0] if refusal else str(exc))
        time.sleep(0.5)
    results.put(report)


def start_flooder(url, key, seconds):
    """The flooder's process, connected and waiting: (process, results queue, go event)."""
    context = multiprocessing.get_context("spawn")
    results, ready, go = context.Queue(), context.Event(), context.Event()
    process = context.Process(target=flood, args=(url, key, seconds, results, ready, go), daemon=True)
    process.start()
    if not ready.wait(60):
        process.terminate()
        raise TimeoutError("the flooder did not connect")
    return process, results, go


# --- measurements --------------------------------------------------------------------------

def poll_health(url, seconds, samples, stop):
    """GET /healthz every 10 ms on a keep-alive session; latencies in seconds."""
    http = requests.Session()
    end = time.monotonic() + seconds
    while time.monotonic() < end and not stop.is_set():
        start = time.monotonic()
        try:
            http.get(url + "/healthz", timeout=10)
            samples.append(time.monotonic() - start)
        except requests.RequestException:
            samples.append(10.0)
        time.sleep(0.01)


class Watcher:
    """A calm screen: records when each content_changed nudge arrives."""

    def __init__(self, url, key):
        self.nudges = []
        self.client = socketio.Client(reconnection=False)
        self.client.on("content_changed", lambda data: self.nudges.append(time.monotonic()), namespace="/screens")
        self.client.connect(url, namespaces=["/screens"], transports=["websocket"], auth={"key": key}, wait_timeout=10)
        self.client.emit("heartbeat", {"version": 0}, namespace="/screens")

    def delay_after(self, t0, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            later = [t for t in self.nudges if t >= t0]
            if later:
                return later[0] - t0
            time.sleep(0.005)
        return None

    def close(self):
        self.client.disconnect()


def measure(server, flooding, calm, seconds=10.0, flood=True):
    """Run `seconds` of (optional) flood; returns the figures as a dict."""
    watcher = Watcher(server.url, calm.display["key"])
    draft = calm.draft("防汛应急避险转移路线通告")
    rss_before, cpu_before = server.rss_bytes(), cpu_seconds(server)
    flooder = start_flooder(server.url, flooding.display["key"], seconds) if flood else None
    samples, stop, peak = [], threading.Event(), [rss_before]
    poller = threading.Thread(target=poll_health, args=(server.url, seconds, samples, stop))
    poller.start()
    if flooder:
        flooder[2].set()
    deadline = time.monotonic() + seconds
    time.sleep(seconds * 0.3)
    t0 = time.monotonic()
    calm.approve(draft)
    nudge = watcher.delay_after(t0)
    while time.monotonic() < deadline:
        peak.append(server.rss_bytes() or 0)
        time.sleep(0.2)
    poller.join()
    report = None
    if flooder:
        process, results, _ = flooder
        report = results.get(timeout=60)
        process.join(30)
    peak.append(server.rss_bytes() or 0)
    cpu = cpu_seconds(server) - cpu_before
    watcher.close()
    return {"healthz": samples, "nudge": nudge, "rss_before": rss_before, "rss_peak": max(peak),
            "rss_growth": max(peak) - rss_before, "server_cpu": cpu, "flooder": report}


def cpu_seconds(server):
    """CPU time (user + system) the server process has used so far: less noisy than latencies on a busy machine."""
    fields = Path(f"/proc/{server.pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


