"""Fan-out benchmark: how fast a publish reaches N connected notice screens, and what they cost.

Usage: .venv/bin/python bench/fanout.py [--sizes 100,500,1000] [--rounds 5] [--quick]
           [--throughput-seconds 5] [--json FILE] [--keep | --workdir DIR]
           [--py-spy DIR] [--nudge-only] [--layout] [--media N]

Three processes on this machine, talking over loopback only:
- the server: `python run.py` (gevent) with KIOSK_DEMO=1 (the demo county, its townships
  and their records, so bundles are realistic: ~73 KB for a 东塘镇 screen) on a fresh
  temporary KIOSK_DATA_DIR and a free port (tests/server.py's ServerProcess; its output goes
  to a log file that is scanned for errors after each size);
- the driver (this process): management commands (`create-token bench-editor --org QX-DT
  --role editor` and `create-token bench-reviewer --org QX-DT --role reviewer`: the author
  of a record may not approve it; `bench-admin` registers the screens, an admin's job),
  display registration, publishing, psutil readings;
- the screens: one child process (multiprocessing, spawn) with one asyncio loop holding N
  socketio.AsyncClient connections to /screens (transports=["websocket"], auth={"key"}),
  each behaving like kiosk/static/screens/player.js: on connect it fetches
  GET /api/v1/screens/<key>/bundle after a random 0-250 ms (fetchSoon(250)) and keeps the
  ETag; on `content_changed {version, spread_ms}` it waits a random [0, spread_ms) ms and
  fetches with If-None-Match (a nudge while a fetch is pending restarts the wait; a fetch
  in flight is not doubled); it sends `heartbeat` on connect and every 30 s and `played`
  every 15 s (random phase), as the player does. Websockets share one aiohttp session with
  no connection limit; bundle fetches share a keep-alive pool of --http-pool connections.
Both children inherit the driver's raised RLIMIT_NOFILE (raised as the server raises its own).

For each size N (sizes run smallest first over the same data dir):
1. displays of QX-DT are registered through POST /api/v1/displays (as the admin) until N
   exist, all before anything is measured; then the server is restarted so that its memory
   figures start from a clean process, and one bundle is fetched to warm the shared caches
   (slides and QR codes, built once for all screens);
2. RSS_0 is read (psutil, server pid); the N screens connect, at most --connect-concurrency
   at a time ("connect" = wall time until all N are connected; per-screen connect times
   are also shown); once every screen has its first bundle and 1 s has passed, RSS_N is
   read; per screen = (RSS_N - RSS_0) / N. That includes the socket, its greenlets and
   buffers, the presence entry and the display's cached bundle bytes (one per display);
3. --rounds publishes: create a notice as the editor and submit it, then arm the screens
   (each remembers its ETag), read t0 just before sending the approve (the moment of
   publication) and t1 when its response is back. Per screen: nudge latency = arrival of
   its first content_changed - t0; updated = the moment it has read a 200 bundle whose
   ETag differs from the armed one and that contains the new notice's slide - t0. "all
   updated" is the last screen's updated time (or how many never got it within the wait).
   Beside each round: CPU of the server and of the screens' process from t0 until the
   last screen updated, as "ran+waited" in % of one core (Linux schedstat: waited = was
   runnable but had no core, i.e. other load on the machine); the slowest of /healthz
   probes sent every 20 ms on new connections (how long the server's loop kept a request
   waiting); the screens' loop's worst lag (time the screens' process itself added); the
   server's RSS. The notice is then withdrawn (and the refetch it causes waited out, not
   measured) so that every round and size plays the same bundles;
4. with the screens disconnected, the bundle endpoint's throughput: --throughput-clients
   concurrent keep-alive aiohttp clients (in the screens' process) request the N displays'
   bundles round-robin for --throughput-seconds, first without If-None-Match (200), then
   with each display's current ETag (304); server CPU per request is shown too, as it
   depends less on other load on the machine than requests/s do.

Clocks: every timestamp compared across processes is time.monotonic(), which on Linux is
CLOCK_MONOTONIC: one clock for every process of the machine (time since boot), never
stepped by NTP. The driver checks this at start: it asks the screens' process for its
clock and shows that the answer lies between its own readings before asking and after the
reply. So t0 (driver) and arrival times (screens' process) are directly comparable.

What the figures include: nudge latency covers the approve request itself (auth, store
write with fsync, audit) up to the emit, the server writing N websocket frames, and the
screens' process decoding them. That process is Python sharing the 2-core machine with the
server, so at large N part of the latency is client-side (see its CPU and lag columns).
Nothing is asserted; the targets (at 1000 screens: nudge p99 < 250 ms, every screen
updated within 3 s, < 150 KB RSS per screen) are printed beside the measured figures.

--layout also times the wall player's layout per page in Chromium on the demo content
(bench/layout.py: every demo slide measured and paged at 1920×1080 and 1080×1920; target
< 50 ms per page).

Diagnosis: --py-spy DIR records the server (collapsed stacks, one file per phase: connect,
rounds, throughput); --nudge-only makes the screens ignore nudges (the push alone, without
the refetch load); --json FILE keeps every per-screen time; --workdir DIR keeps the data
and lets a later run reuse its registered displays (registering 1000 takes about a minute).
"""
import argparse
import asyncio
import collections
import contextlib
import gc
import itertools
import json
import multiprocessing
import random
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import bearer_session, load_text, megabytes, summary  # noqa: E402
from tests.server import ServerProcess  # noqa: E402

NAMESPACE = "/screens"
TOWNSHIP = "QX-DT"
HALLS = ["东塘镇便民服务中心", "东塘镇政务服务大厅", "东塘社区党群服务中心", "滨河社区服务站"]
TARGETS = {"screens": 1000, "nudge_p99": 0.250, "all_updated": 3.0, "rss_per_screen": 150_000}
LOG_PROBLEMS = re.compile(r"Traceback|\bERROR\b|\bWARNING\b|Exception|exception", re.I)
FIRST_SLIDE = re.compile(rb'"slides":\[\{"id":(\d+)')
VERSION = re.compile(rb'^\{"version":(\d+)')


def raise_fd_limit():
    """The server's own lift of the soft RLIMIT_NOFILE toward the hard limit (thousands of
    sockets need it); returns the soft limit now."""
    from kiosk.serving import raise_open_files_limit
    raise_open_files_limit()
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


# --- the screens' process -------------------------------------------------------------------

class Screen:
    """One simulated player: a Socket.IO connection plus player.js's fetch rules."""

    def __init__(self, fleet, key, url=None, spares=()):
        self.fleet, self.key = fleet, key
        self.url, self.spares = url or fleet.url, list(spares)
        self.sio = self.new_client()
        self.etag, self.version, self.item_id, self.fetched = None, 0, 0, False
        self.timer, self.fetching, self.chatter = None, None, None
        self.armed_etag, self.nudged_at, self.updated_at, self.nudges = None, None, None, 0
        self.disconnected = False
        self.dropped_at = self.reconnected_at = self.failing = None

    def new_client(self):
        import socketio
        sio = socketio.AsyncClient(reconnection=False, http_session=self.fleet.ws_http, handle_sigint=False)
        sio.on("connect", self.on_connect, namespace=NAMESPACE)
        sio.on("disconnect", self.on_disconnect, namespace=NAMESPACE)
        sio.on("content_changed", self.on_content_changed, namespace=NAMESPACE)
        return sio

    @property
    def bundle_url(self):
        return f"{self.url}/api/v1/screens/{self.key}/bundle"

    async def on_connect(self):
        self.fetch_soon(250)  # on every (re)connect: pushes may be lost, versions are not
        if self.chatter:
            self.chatter.cancel()
        self.chatter = asyncio.ensure_future(self.chat())

    async def on_disconnect(self, *reason):
        self.disconnected = True
        if self.spares and not self.fleet.closing and self.dropped_at is None:
            self.dropped_at = time.monotonic()
            self.failing = asyncio.ensure_future(self.fail_over())

    async def fail_over(self):
        """What connection.js does when its server goes away (socket.io's reconnection: first
        try after 1 s +-50 %, then doubling), landing on another process as nginx would send
        it there: the spares in turn. On connect it fetches its bundle (on_connect)."""
        import socketio
        delay = random.uniform(0.5, 1.5)
        for attempt in itertools.count():
            await asyncio.sleep(delay)
            if self.fleet.closing:
                return
            self.url = self.spares[attempt % len(self.spares)]  # on_connect fetches from there
            self.sio = sio = self.new_client()  # before connecting: on_connect's heartbeat goes here
            try:
                await sio.connect(self.url, namespaces=[NAMESPACE], transports=["websocket"],
                                  auth={"key": self.key}, wait_timeout=10)
            except socketio.exceptions.ConnectionError:
                delay = min(45.0, delay * 2) * random.uniform(0.5, 1.5)
                continue
            self.reconnected_at = time.monotonic()
            return

    async def on_content_changed(self, message=None):
        arrived = time.monotonic()
        if self.nudged_at is None:
            self.nudged_at = arrived
        self.nudges += 1
        self.fleet.nudges += 1
        if not self.fleet.nudge_only:
            self.fetch_soon((message or {}).get("spread_ms", 0))

    def fetch_soon(self, spread_ms):
        if self.timer:
            self.timer.cancel()
        delay = int(random.random() * max(0, spread_ms or 0)) / 1000
        self.timer = asyncio.get_running_loop().call_later(delay, self.start_fetch)

    def start_fetch(self):
        if self.fetching is None or self.fetching.done():
            self.fetching = asyncio.ensure_future(self.fetch())

    async def fetch(self):
        import aiohttp
        headers = {"If-None-Match": self.etag} if self.etag else {}
        try:
            async with self.fleet.http.get(self.bundle_url, headers=headers) as response:
                body = await response.read()
                status, etag = response.status, response.headers.get("ETag")
        except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
            self.fleet.statuses[type(exc).__name__] += 1
            return
        done = time.monotonic()
        self.fleet.statuses[status] += 1
        if status != 200:
            return
        self.etag, self.fetched = etag, True
        self.fleet.bundle_sizes.append(len(body))
        first, version = FIRST_SLIDE.search(body), VERSION.match(body)
        self.item_id = int(first.group(1)) if first else 0
        self.version = int(version.group(1)) if version else 0
        marker = self.fleet.marker
        if marker and self.updated_at is None and etag != self.armed_etag and marker in body:
            self.updated_at = done

    async def chat(self):
        """heartbeat on connect and every 30 s; played every 15 s (one slide), as the player."""
        await self.emit("heartbeat", {"version": 0, "etag": "", "item_id": 0, "alert_id": 0,
                                      "user_agent": "bench/fanout.py"})
        await asyncio.sleep(random.uniform(0, 15))
        for tick in itertools.count():
            if self.item_id:
                await self.emit("played", {"item_id": self.item_id, "at": time.strftime("%Y-%m-%dT%H:%M:%S+08:00")})
            if tick % 2:
                await self.emit("heartbeat", {"version": self.version, "etag": self.etag or "",
                                              "item_id": self.item_id, "alert_id": 0,
                                              "user_agent": "bench/fanout.py"})
            await asyncio.sleep(15)

    async def emit(self, event, data):
        import socketio
        try:
            await self.sio.emit(event, data, namespace=NAMESPACE)
        except socketio.exceptions.SocketIOError:
            pass


class RawScreen:
    """A screen reduced to its WebSocket, for the push alone (bench/cluster.py --raw): the
    Engine.IO and Socket.IO handshake done by hand, each content_changed timestamped when its
    frame arrives, nothing else decoded, no fetches. python-socketio's client spends a few
    hundred microseconds per message: thousands of them, sharing two cores with the server,
    would measure themselves more than the server."""

    def __init__(self, fleet, key, url=None, spares=()):
        self.fleet, self.key, self.url = fleet, key, url or fleet.url
        self.sio, self.ws, self.reader, self.connected = self, None, None, False
        self.etag, self.version, self.item_id, self.fetched = None, 0, 0, True
        self.timer, self.fetching, self.chatter = None, None, None
        self.armed_etag, self.nudged_at, self.updated_at, self.nudges = None, None, None, 0
        self.disconnected = False
        self.dropped_at = self.reconnected_at = None

    async def connect(self, url, namespaces, transports, auth, wait_timeout):
        import socketio
        target = url.replace("http://", "ws://", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.ws = await self.fleet.ws_http.ws_connect(target, timeout=wait_timeout, autoping=False)
        opened = await self.ws.receive(timeout=wait_timeout)  # 0{"sid": ...}
        await self.ws.send_str(f"40{NAMESPACE}," + json.dumps(auth))
        joined = await self.ws.receive(timeout=wait_timeout)
        while isinstance(joined.data, str) and joined.data.startswith("42"):  # what the connect handler sends
            joined = await self.ws.receive(timeout=wait_timeout)
        if not (isinstance(opened.data, str) and isinstance(joined.data, str) and joined.data.startswith("40")):
            await self.ws.close()
            raise socketio.exceptions.ConnectionError(f"refused: {joined.data!r}")
        self.connected = True
        self.reader = asyncio.ensure_future(self.read())

    async def read(self):
        nudge = f'42{NAMESPACE},["content_changed"'
        async for message in self.ws:
            data = message.data
            if data == "2":  # Engine.IO ping
                await self.ws.send_str("3")
            elif isinstance(data, str) and data.startswith(nudge):
                arrived = time.monotonic()
                if self.nudged_at is None:
                    self.nudged_at = arrived
                self.nudges += 1
                self.fleet.nudges += 1
        self.connected, self.disconnected = False, True

    async def disconnect(self):
        if self.ws is not None:
            await self.ws.close()


class Fleet:
    """N screens in one asyncio loop, driven by commands from the driver over a pipe."""

    def __init__(self, url, http_pool, nudge_only=False, raw=False):
        import aiohttp
        self.url, self.nudge_only, self.screen_class = url, nudge_only or raw, RawScreen if raw else Screen
        self.ws_http = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(),
                                             connector=aiohttp.TCPConnector(limit=0))
        self.http = aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar(),
                                          connector=aiohttp.TCPConnector(limit=http_pool),
                                          timeout=aiohttp.ClientTimeout(total=60))
        self.screens = []
        self.closing = False
        self.statuses = collections.Counter()
        self.bundle_sizes = []
        self.marker = None
        self.nudges = 0
        self.lags = []
        self.lag_monitor = asyncio.ensure_future(self.watch_lag())

    async def watch_lag(self, every=0.005):
        """How late this loop wakes up: time the screens' own process adds to every figure."""
        while True:
            started = time.monotonic()
            await asyncio.sleep(every)
            self.lags.append(time.monotonic() - started - every)

    async def connect(self, keys, concurrency, wait, urls=None, spares=None):
        """Connect a screen per key (to urls[i] if given, else the fleet's url); a screen
        with spares fails over to them when its server goes away (bench/cluster.py)."""
        import socketio
        gate = asyncio.Semaphore(concurrency)
        urls, spares = urls or [None] * len(keys), spares or [()] * len(keys)
        self.screens = [self.screen_class(self, key, url, spare) for key, url, spare in zip(keys, urls, spares)]

        async def connect_one(screen):
            async with gate:
                started = time.monotonic()
                try:
                    await screen.sio.connect(screen.url, namespaces=[NAMESPACE], transports=["websocket"],
                                             auth={"key": screen.key}, wait_timeout=wait)
                except socketio.exceptions.ConnectionError as exc:
                    return None, str(exc) or type(exc).__name__
                return time.monotonic() - started, None
        started = time.monotonic()
        results = await asyncio.gather(*(connect_one(s) for s in self.screens))
        connected_in = time.monotonic() - started
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and not all(s.fetched for s in self.screens if s.sio.connected):
            await asyncio.sleep(0.02)
        gc.collect()
        gc.freeze()  # the N clients are long-lived: keep full collections (pauses here) off the figures
        return {"connected": sum(1 for took, _ in results if took is not None),
                "errors": collections.Counter(err for _, err in results if err).most_common(3),
                "wall": connected_in, "each": [took for took, _ in results if took is not None],
                "fetched": sum(s.fetched for s in self.screens), "all_fetched": time.monotonic() - started,
                "bundle_bytes": statistics.median(self.bundle_sizes) if self.bundle_sizes else 0,
                "statuses": dict(self.statuses)}

    async def arm(self, record_id):
        self.marker = b'{"id":%d,"kind":"notice",' % record_id
        self.statuses.clear()
        self.nudges = 0
        self.lags = []
        for screen in self.screens:
            screen.armed_etag, screen.nudged_at, screen.updated_at, screen.nudges = screen.etag, None, None, 0
        return {"armed": len(self.screens)}

    async def collect(self, wait, everyone=False):
        """Wait until every connected screen (everyone: every screen, also those failing
        over) was nudged or updated, or `wait` passed; the times, per screen."""
        live = self.screens if everyone else [s for s in self.screens if s.sio.connected]
        deadline = time.monotonic() + wait
        done = (lambda s: s.nudged_at) if self.nudge_only else (lambda s: s.updated_at)
        while time.monotonic() < deadline and not all(done(s) for s in live):
            await asyncio.sleep(0.01)
        return {"nudged_at": [s.nudged_at for s in self.screens], "updated_at": [s.updated_at for s in self.screens],
                "nudges": [s.nudges for s in self.screens], "statuses": dict(self.statuses),
                "dropped_at": [s.dropped_at for s in self.screens],
                "reconnected_at": [s.reconnected_at for s in self.screens],
                "loop_lag": max(self.lags, default=0.0),
                "connected": len(live), "disconnected": sum(s.disconnected for s in self.screens)}

    async def settle(self, wait):
        """Wait for the withdraw's nudge, then until no screen has a fetch pending or in flight."""
        loop = asyncio.get_running_loop()
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline and any(s.nudges < 2 for s in self.screens if s.sio.connected):
            await asyncio.sleep(0.01)  # the approve's nudge, then the withdraw's
        while time.monotonic() < deadline and any(
                (s.timer and s.timer.when() > loop.time()) or (s.fetching and not s.fetching.done())
                for s in self.screens):
            await asyncio.sleep(0.05)
        return {"statuses": dict(self.statuses)}

    async def disconnect(self):
        self.closing = True
        for screen in self.screens:
            if screen.timer:
                screen.timer.cancel()
            for task in (screen.chatter, getattr(screen, "failing", None)):
                if task:
                    task.cancel()
        await asyncio.gather(*(s.sio.disconnect() for s in self.screens), return_exceptions=True)
        dropped = sum(s.disconnected for s in self.screens)
        self.screens = []
        return {"disconnected": dropped}

    async def close(self):
        self.lag_monitor.cancel()
        await self.http.close()
        await self.ws_http.close()


async def measure_throughput(url, keys, conditional, clients, seconds):
    """Requests/s of the bundle endpoint from `clients` keep-alive connections, round-robin over keys."""
    import aiohttp
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as http:
        etags = {}
        if conditional:
            for key in keys:
                async with http.get(f"{url}/api/v1/screens/{key}/bundle") as response:
                    await response.read()
                    etags[key] = response.headers["ETag"]
        counts, took = collections.Counter(), []
        deadline = time.monotonic() + seconds

        async def worker(first):
            at = first
            while time.monotonic() < deadline:
                key = keys[at % len(keys)]
                at += clients
                headers = {"If-None-Match": etags[key]} if conditional else {}
                started = time.monotonic()
                async with http.get(f"{url}/api/v1/screens/{key}/bundle", headers=headers) as response:
                    await response.read()
                    counts[response.status] += 1
                took.append(time.monotonic() - started)
        started = time.monotonic()
        await asyncio.gather(*(worker(n) for n in range(clients)))
        return {"elapsed": time.monotonic() - started, "counts": dict(counts), "latency": summary(took)}


async def serve_commands(conn):
    loop = asyncio.get_running_loop()
    fleet = None
    while True:
        command, args = await loop.run_in_executor(None, conn.recv)
        try:
            if command == "exit":
                if fleet:
                    await fleet.close()
                conn.send({"bye": True})
                return
            if command == "clock":
                reply = {"now": time.monotonic()}
            elif command == "connect":
                fleet = Fleet(args["url"], args["http_pool"], args["nudge_only"], args.get("raw", False))
                reply = await fleet.connect(args["keys"], args["concurrency"], args["wait"],
                                            args.get("urls"), args.get("spares"))
            elif command == "throughput":
                reply = await measure_throughput(**args)
            else:
                reply = await getattr(fleet, command)(**args)
        except Exception:  # the driver prints it and stops the run
            reply = {"error": traceback.format_exc()}
        conn.send(reply)


def run_screens(conn):
    """Entry point of the screens' process (its open-files limit is the driver's, raised)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the driver decides when we stop
    asyncio.run(serve_commands(conn))


class ScreensProcess:
    """The driver's handle on the screens' process: one command at a time, with a timeout."""

    def __init__(self):
        context = multiprocessing.get_context("spawn")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=run_screens, args=(child,), name="fanout-screens", daemon=True)
        self.process.start()
        child.close()

    def call(self, command, timeout=120, **args):
        self.conn.send((command, args))
        if not self.conn.poll(timeout):
            raise TimeoutError(f"screens' process did not answer {command} within {timeout} s")
        reply = self.conn.recv()
        if "error" in reply:
            raise RuntimeError(f"screens' process failed on {command}:\n{reply['error']}")
        return reply

    def stop(self):
        if self.process.is_alive():
            try:
                self.call("exit", timeout=30)
            except (OSError, EOFError, TimeoutError, RuntimeError):
                pass
            self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)


# --- the driver -----------------------------------------------------------------------------

class Staff:
    """The editor (author), the reviewer (approver) and the admin (screens) of QX-DT, keep-alive sessions."""

    def __init__(self, url, editor_token, reviewer_token, admin_token):
        self.url = url
        self.editor = bearer_session(editor_token)
        self.reviewer = bearer_session(reviewer_token)
        self.admin = bearer_session(admin_token)

    def post(self, session, path, expect, **kwargs):
        response = session.post(self.url + path, timeout=120, **kwargs)
        if response.status_code != expect:
            raise RuntimeError(f"POST {path} answered {response.status_code}: {response.text[:500]}")
        return response.json()

    def draft_in_review(self, size, round_no):
        record = self.post(self.editor, "/api/v1/items", 201, json={
            "kind": "notice", "title": f"基准测试通知：{size}块屏第{round_no}轮",
            "summary": f"扇出基准测试于{time.strftime('%H:%M:%S')}发布，请忽略。"})
        submitted = self.post(self.editor, f"/api/v1/items/{record['id']}/submit", 200,
                              headers={"If-Match": f'"{record["rev"]}"'})
        return record["id"], submitted["rev"]

    def approve(self, record_id, rev):
        """(t0, t1, rev): monotonic just before sending the approve and when its answer is in."""
        t0 = time.monotonic()
        record = self.post(self.reviewer, f"/api/v1/items/{record_id}/approve", 200, headers={"If-Match": f'"{rev}"'})
        return t0, time.monotonic(), record["rev"]

    def withdraw(self, record_id, rev):
        self.post(self.reviewer, f"/api/v1/items/{record_id}/withdraw", 200, headers={"If-Match": f'"{rev}"'})

    def publish_media(self, data, filename, title):
        """Upload a poster or video as the editor, submit it, approve it as the reviewer."""
        record = self.post(self.editor, "/api/v1/media", 201, files={"file": (filename, data)}, data={"title": title})
        submitted = self.post(self.editor, f"/api/v1/items/{record['id']}/submit", 200)
        self.approve(record["id"], submitted["rev"])


def publish_media(count, staff_tokens, data_dir, log_path):
    """--media N: N published posters and videos (one in four a video) in every QX-DT bundle."""
    import io

    from PIL import Image

    from tests.media_samples import mp4_bytes
    server = ServerProcess(data_dir, {"KIOSK_DEMO": "1"}, log_path=log_path).start()
    try:
        staff = Staff(server.url, *staff_tokens)
        for n in range(count):
            if n % 4 == 3:
                staff.publish_media(mp4_bytes(seconds=30 + n), f"v{n}.mp4", f"基准测试政策视频{n}")
                continue
            out = io.BytesIO()
            Image.new("RGB", (1920, 1080), (n * 37 % 256, 90, 160)).save(out, "JPEG", quality=85)
            staff.publish_media(out.getvalue(), f"p{n}.jpg", f"基准测试宣传海报{n}")
    finally:
        server.stop()
    print(f"media: {count} posters and videos published to every {TOWNSHIP} screen", flush=True)


class Prober(threading.Thread):
    """GET /healthz every 20 ms on a new connection: how long the server's loop keeps a request waiting."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.url, self.stopping, self.took = url, threading.Event(), []

    def run(self):
        import http.client
        from urllib.parse import urlsplit
        host, port = urlsplit(self.url).hostname, urlsplit(self.url).port
        while not self.stopping.wait(0.02):
            started = time.monotonic()
            conn = http.client.HTTPConnection(host, port, timeout=30)
            try:
                conn.request("GET", "/healthz", headers={"Connection": "close"})
                conn.getresponse().read()
            except OSError:
                continue
            finally:
                conn.close()
            self.took.append(time.monotonic() - started)

    def stop(self):
        self.stopping.set()
        self.join(35)
        return max(self.took, default=None)


def scheduler_seconds(process):
    """(on a CPU, runnable but waiting for one) in seconds, all threads (Linux schedstat)."""
    run = wait = 0
    for task in Path(f"/proc/{process.pid}/task").glob("*/schedstat"):
        try:
            on_cpu, waiting = task.read_text().split()[:2]
        except (OSError, ValueError):
            continue
        run, wait = run + int(on_cpu), wait + int(waiting)
    return run / 1e9, wait / 1e9


class Meter:
    """Share of one core each process ran, and waited for a core, over a stretch of wall time."""

    def __init__(self, procs):
        self.procs = procs
        self.start = time.monotonic()
        self.before = [scheduler_seconds(p) for p in procs]

    def read(self):
        wall = time.monotonic() - self.start
        return [(100 * (run - run0) / wall, 100 * (wait - wait0) / wall, run - run0)
                for (run, wait), (run0, wait0) in zip((scheduler_seconds(p) for p in self.procs), self.before)]


def shares(readings):
    """'server 48% (+45% waiting), screens 16% (+20%)' from Meter.read()."""
    return ", ".join(f"{who} {run:.0f}% (+{wait:.0f}% waiting)" for who, (run, wait, _) in zip(("server", "screens"), readings))


def server_tcp_connections(process):
    return sum(1 for c in process.net_connections(kind="tcp") if c.status == "ESTABLISHED")


def log_problems(server):
    try:
        lines = server.log_path.read_text(errors="replace").splitlines()
    except OSError:
        return []
    return [line for line in lines if LOG_PROBLEMS.search(line)]


def ms(seconds):
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def check_clock(screens):
    screens.call("clock")  # the first answer also pays for the process's start
    before = time.monotonic()
    theirs = screens.call("clock")["now"]
    after = time.monotonic()
    verdict = "consistent" if before <= theirs <= after else "NOT consistent"
    print(f"clock check: screens' monotonic {theirs:.6f} within driver's [{before:.6f}, {after:.6f}] "
          f"({(after - before) * 1000:.2f} ms round trip): {verdict}")


def run_round(staff, screens, procs, size, round_no, wait, nudge_only=False):
    record_id, rev = staff.draft_in_review(size, round_no)
    time.sleep(0.2)  # nothing should be nudged by create/submit; let any stray fetch finish
    screens.call("arm", record_id=record_id)
    meter, prober = Meter(procs), Prober(staff.url)
    prober.start()
    t0, t1, rev = staff.approve(record_id, rev)
    got = screens.call("collect", timeout=wait + 30, wait=wait)
    cpu, probe = meter.read(), prober.stop()
    rss = procs[0].memory_info().rss
    # Withdrawn again so that every round and size has the same bundles (the demo's ~80 KB);
    # its nudge makes every screen refetch once more, which is waited out, not measured.
    staff.withdraw(record_id, rev)
    screens.call("settle", timeout=wait + 30, wait=wait)
    nudges = [at - t0 for at in got["nudged_at"] if at is not None]
    updates = [at - t0 for at in got["updated_at"] if at is not None]
    missing = 0 if nudge_only else len(got["updated_at"]) - len(updates)
    return {"round": round_no, "record": record_id, "approve": t1 - t0, "nudges": nudges, "updates": updates,
            "missing": missing, "all_updated": max(updates) if updates and not missing else None,
            "unnudged": len(got["nudged_at"]) - len(nudges), "extra_nudges": sum(max(0, n - 1) for n in got["nudges"]),
            "statuses": got["statuses"], "disconnected": got["disconnected"], "cpu": cpu,
            "probe": probe, "loop_lag": got["loop_lag"], "rss": rss,
            "raw": [[n - t0 if n else None, u - t0 if u else None] for n, u in zip(got["nudged_at"], got["updated_at"])]}


def print_round(r):
    s = summary(r["nudges"])
    nudge = "  ".join(f"{ms(s[k]) if s else '-':>5}" for k in ("median", "p95", "p99", "max"))
    upd = summary(r["updates"])
    updated = ms(r["all_updated"]) if r["all_updated"] is not None else f"{r['missing']} never" if r["missing"] else "-"
    fetched = " ".join(f"{k}:{v}" for k, v in sorted(r["statuses"].items(), key=str))
    print(f"{r['round']:>5}  {len(r['nudges']):>6}  {nudge}  {ms(upd['median']) if upd else '-':>7}  "
          f"{updated:>11}  {ms(r['approve']):>7}  {r['cpu'][0][0]:>3.0f}+{r['cpu'][0][1]:<3.0f} "
          f"{r['cpu'][1][0]:>3.0f}+{r['cpu'][1][1]:<3.0f}  {ms(r['probe']):>6}  {ms(r['loop_lag']):>5}  "
          f"{r['rss'] / 1e6:>5.0f}   {fetched}"
          + (f"  extra nudges {r['extra_nudges']}" if r["extra_nudges"] else "")
          + (f"  DISCONNECTED {r['disconnected']}" if r["disconnected"] else ""), flush=True)


def throughput(screens, procs, url, keys, opts):
    results = {}
    for mode, conditional in (("200", False), ("304", True)):
        meter = Meter(procs)
        got = screens.call("throughput", timeout=opts.throughput_seconds + 120, url=url, keys=keys,
                           conditional=conditional, clients=opts.throughput_clients,
                           seconds=opts.throughput_seconds)
        wall, cpu = got["elapsed"], meter.read()
        rate = got["counts"].get(int(mode), 0) / wall
        other = {k: v for k, v in got["counts"].items() if str(k) != mode}
        lat = got["latency"]
        print(f"bundle GET {mode}{' (If-None-Match)' if conditional else ' (no If-None-Match)'}: "
              f"{rate:,.0f} req/s over {wall:.1f} s from {opts.throughput_clients} keep-alive clients, "
              f"latency median {ms(lat['median'])} / p99 {ms(lat['p99'])} / max {ms(lat['max'])} ms; "
              f"CPU {shares(cpu)}; server CPU per request {1000 * cpu[0][2] / max(1, sum(got['counts'].values())):.2f} ms"
              + (f"; other answers {other}" if other else ""))
        results[mode] = rate
    return results


def register_displays(size, keys, data_dir):
    """Register displays until `size` exist; keys grows. The bench's displays are written
    straight into the data dir (displays.Registry.create in one Store.batch, the server
    stopped): through POST /api/v1/displays each write rewrites the whole displays table,
    about 60 ms each at 1,000 and quadratic beyond (10,000 would take most of an hour)."""
    started = time.perf_counter()
    if not keys:  # a reused --workdir: its bench displays count
        keys.extend(bench_keys(data_dir))
    before = min(len(keys), size)
    keys.extend(register_in_store(data_dir, range(len(keys) + 1, size + 1)))
    took = time.perf_counter() - started
    print(f"displays: {size:,} registered ({size - before:,} new in {took:.1f} s, in one batch)", flush=True)


def bench_keys(data_dir):
    from content import open_content
    from displays.registry import Displays
    content = open_content(data_dir)
    mine = [d for d in Displays(content.store, content.orgs).all()
            if d["created_by"] == "bench-admin" and not d["revoked_at"]]
    return [d["key"] for d in sorted(mine, key=lambda d: d["id"])]


def register_in_store(data_dir, numbers):
    import datetime

    from content import open_content
    from content.accounts import Actor
    from content.dates import DEFAULT_TZ
    from displays.registry import Displays
    content = open_content(data_dir)
    displays = Displays(content.store, content.orgs)
    admin = Actor("bench-admin", "admin", TOWNSHIP, frozenset([TOWNSHIP]))
    now = datetime.datetime.now(DEFAULT_TZ)
    with content.store.batch():
        return [displays.create(admin, {"name": f"基准屏{n:04d}", "hall": HALLS[n % len(HALLS)]}, now)["key"]
                for n in numbers]


def connect_screens(screens, server, keys, opts):
    """Connect the screens; returns (connect reply, RSS_0, RSS_N)."""
    server_proc = screens.procs[0]
    import requests
    requests.get(f"{server.url}/api/v1/screens/{keys[0]}/bundle", timeout=60)  # warm the shared caches
    time.sleep(0.5)
    rss0 = server_proc.memory_info().rss
    conn = screens.call("connect", timeout=300, url=server.url, keys=keys, http_pool=opts.http_pool,
                        concurrency=opts.connect_concurrency, wait=120, nudge_only=opts.nudge_only)
    each = summary(conn["each"]) or {"median": None, "p99": None, "max": None}
    print(f"connect: {conn['connected']:,}/{len(keys):,} in {conn['wall']:.2f} s "
          f"({conn['connected'] / conn['wall']:,.0f}/s, {opts.connect_concurrency} at a time; each "
          f"median {ms(each['median'])} / p99 {ms(each['p99'])} / max {ms(each['max'])} ms); first bundles "
          f"{conn['fetched']:,}/{len(keys):,} after {conn['all_fetched']:.2f} s, median "
          f"{conn['bundle_bytes'] / 1000:.1f} KB" + (f"; ERRORS {conn['errors']}" if conn["errors"] else ""), flush=True)
    time.sleep(1.0)
    rss_n = server_proc.memory_info().rss
    print(f"server RSS: {megabytes(rss0)} before connecting, {megabytes(rss_n)} with {conn['connected']:,} "
          f"connected -> {(rss_n - rss0) / len(keys) / 1000:.1f} KB per screen; server TCP connections "
          f"{server_tcp_connections(server_proc):,}; screens' process RSS "
          f"{megabytes(screens.procs[1].memory_info().rss)}", flush=True)
    return conn, rss0, rss_n


def run_size(size, keys, staff_tokens, data_dir, workdir, opts):
    import psutil
    print(f"\n== N={size:,} screens of {TOWNSHIP} ==", flush=True)
    log_path = Path(workdir) / f"server-{size}.log"
    register_displays(size, keys, data_dir)
    server = ServerProcess(data_dir, {"KIOSK_DEMO": "1"}, log_path=log_path).start()
    screens = ScreensProcess()
    try:
        screens.procs = procs = (psutil.Process(server.pid), psutil.Process(screens.process.pid))
        profiler = Profiler(opts.py_spy, server.pid, size)
        with profiler.phase("connect"):
            conn, rss0, rss_n = connect_screens(screens, server, keys[:size], opts)
        staff = Staff(server.url, *staff_tokens)
        spread = min(1000, size) / 1000
        print(f"publish rounds (spread_ms {spread * 1000:.0f}); times in ms from t0 = approve sent. From t0 until "
              f"the last screen updated: CPU% of the server and of the screens' process as ran+waited for a core "
              f"(of one core), the slowest /healthz probe (one every 20 ms, new connection), the screens' loop's "
              f"worst lag; then the server's RSS:")
        print(f"{'round':>5}  {'nudged':>6}  {'p50':>5}  {'p95':>5}  {'p99':>5}  {'max':>5}  "
              f"{'upd p50':>7}  {'all updated':>11}  {'approve':>7}  {'srv CPU%':>7} {'scr CPU%':>7}  {'probe':>6}  "
              f"{'lag':>5}  {'RSS MB':>6}   bundle answers")
        rounds = []
        with profiler.phase("rounds"):
            for round_no in range(1, opts.rounds + 1):
                rounds.append(run_round(staff, screens, procs, size, round_no, spread + 10, opts.nudge_only))
                print_round(rounds[-1])
                time.sleep(0.5)
        result = summarise_rounds(size, rounds, conn, rss0, rss_n, procs[0].memory_info().rss)
        result["rounds"] = rounds
        screens.call("disconnect", timeout=120)
        with profiler.phase("throughput"):
            result["throughput"] = throughput(screens, procs, server.url, keys[:size], opts)
    finally:
        screens.stop()
        server.stop()
    problems = log_problems(server)
    print(f"server log {log_path}: {len(problems)} error/warning lines"
          + "".join(f"\n  {line[:300]}" for line in problems[:8]))
    result["log_problems"] = len(problems)
    return result


def summarise_rounds(size, rounds, conn, rss0, rss_n, rss_after):
    nudges = [n for r in rounds for n in r["nudges"]]
    s = summary(nudges)
    complete = [r["all_updated"] for r in rounds if r["all_updated"] is not None]
    incomplete = sum(1 for r in rounds if r["missing"])
    print(f"nudge latency over {len(rounds)} rounds ({len(nudges):,} nudges, "
          f"{sum(r['unnudged'] for r in rounds)} screens never nudged): p50 {ms(s['median'])} / p95 {ms(s['p95'])} / "
          f"p99 {ms(s['p99'])} / max {ms(s['max'])} ms" if s else "nudge latency: no nudge arrived")
    if all(not r["updates"] and not r["missing"] for r in rounds):
        print("all screens updated: not measured (--nudge-only: screens do not fetch)")
    else:
        print("all screens updated: per round " + ", ".join(ms(r["all_updated"]) if r["all_updated"] is not None
                                                            else f"({r['missing']} never)" for r in rounds)
              + (f" ms; median {ms(statistics.median(complete))}, max {ms(max(complete))} ms" if complete else "")
              + (f"; {incomplete} round(s) incomplete" if incomplete else ""))
    approve = [r["approve"] for r in rounds]
    cpu = statistics.median(r["cpu"][0][2] for r in rounds)
    print(f"approve request (t1 - t0): median {ms(statistics.median(approve))} ms, max {ms(max(approve))} ms; "
          f"server CPU from t0 until all updated: median {cpu:.2f} s = {1000 * cpu / size:.2f} ms per screen "
          f"(a publish costs the server about that much CPU per screen it reaches); server RSS after the rounds "
          f"{megabytes(rss_after)}", flush=True)
    return {"size": size, "connect": conn["wall"], "connected": conn["connected"], "nudge": s,
            "all_updated": complete, "incomplete": incomplete, "rss0": rss0, "rss_n": rss_n,
            "per_screen": (rss_n - rss0) / size}


class Profiler:
    """py-spy on the server, one recording (collapsed stacks) per phase, when --py-spy is given."""

    def __init__(self, folder, pid, size):
        self.folder, self.pid, self.size = folder, pid, size
        self.py_spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
        if folder and not Path(self.py_spy).exists():
            print("py-spy not found (pip install py-spy): not profiling")
            self.folder = None

    @contextlib.contextmanager
    def phase(self, name):
        if not self.folder:
            yield
            return
        Path(self.folder).mkdir(parents=True, exist_ok=True)
        out = Path(self.folder) / f"fanout-{self.size}-{name}.txt"
        print(f"py-spy: recording the server into {out}")
        recorder = subprocess.Popen([self.py_spy, "record", "--pid", str(self.pid), "--rate", "200",
                                     "--format", "raw", "--output", str(out)],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)  # attached before the phase starts
        try:
            yield
        finally:
            recorder.send_signal(signal.SIGINT)
            try:
                recorder.wait(30)
            except subprocess.TimeoutExpired:
                recorder.kill()


def print_summary(results):
    print("\n== summary (times in ms; RSS per screen = (RSS_N - RSS_0) / N) ==")
    print(f"{'screens':>7}  {'connect':>8}  {'nudge p50':>9}  {'p95':>5}  {'p99':>5}  {'max':>5}  "
          f"{'all upd med':>11}  {'max':>5}  {'RSS_0':>8}  {'RSS_N':>8}  {'KB/screen':>9}  "
          f"{'200/s':>6}  {'304/s':>6}")
    for r in results:
        s, upd = r["nudge"], r["all_updated"]
        print(f"{r['size']:>7,}  {r['connect'] * 1000:>8.0f}  {ms(s and s['median']):>9}  {ms(s and s['p95']):>5}  "
              f"{ms(s and s['p99']):>5}  {ms(s and s['max']):>5}  "
              f"{ms(statistics.median(upd)) if upd else '-':>11}  {ms(max(upd)) if upd else '-':>5}  "
              f"{r['rss0'] / 1e6:>6.1f}MB  {r['rss_n'] / 1e6:>6.1f}MB  {r['per_screen'] / 1000:>9.1f}  "
              f"{r['throughput']['200']:>6.0f}  {r['throughput']['304']:>6.0f}"
              + (f"  ({r['incomplete']} incomplete rounds)" if r["incomplete"] else ""))


def print_targets(results):
    at = [r for r in results if r["size"] >= TARGETS["screens"]]
    print(f"targets at {TARGETS['screens']:,} screens (not asserted): nudge p99 < "
          f"{TARGETS['nudge_p99'] * 1000:.0f} ms, all screens updated within {TARGETS['all_updated']:.0f} s, "
          f"< {TARGETS['rss_per_screen'] / 1000:.0f} KB RSS per screen")
    if not at:
        print(f"  (no run at {TARGETS['screens']:,} screens or more: compare the full run's figures)")
    for r in at:
        p99 = r["nudge"]["p99"] if r["nudge"] else None
        worst = max(r["all_updated"]) if r["all_updated"] and not r["incomplete"] else None
        checks = [("nudge p99", p99, TARGETS["nudge_p99"], ms(p99) + " ms"),
                  ("all updated (worst round)", worst, TARGETS["all_updated"], ms(worst) + " ms"),
                  ("RSS per screen", r["per_screen"], TARGETS["rss_per_screen"], f"{r['per_screen'] / 1000:.2f} KB")]
        print(f"  N={r['size']:,}: " + "; ".join(
            f"{name} {text} ({'meets' if value is not None and value < limit else 'MISSES'})"
            for name, value, limit, text in checks))


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,500,1000", help="numbers of screens, comma separated")
    parser.add_argument("--rounds", type=int, default=5, help="publishes per size")
    parser.add_argument("--quick", action="store_true", help="smoke run: 20 screens, 2 rounds, 1 s throughput")
    parser.add_argument("--throughput-seconds", type=float, default=5.0, help="per mode (200, 304)")
    parser.add_argument("--throughput-clients", type=int, default=8)
    parser.add_argument("--connect-concurrency", type=int, default=50, help="screens connecting at once")
    parser.add_argument("--http-pool", type=int, default=100, help="keep-alive connections the screens share")
    parser.add_argument("--py-spy", metavar="DIR", help="record the server with py-spy during the rounds")
    parser.add_argument("--keep", action="store_true", help="keep the data dir and server logs")
    parser.add_argument("--workdir", metavar="DIR", help="use and keep DIR (data/ and logs); a second run over it "
                        "reuses the displays registered there instead of registering them again")
    parser.add_argument("--nudge-only", action="store_true",
                        help="diagnosis: screens do not fetch on a nudge (push cost without the fetch load)")
    parser.add_argument("--json", metavar="FILE", help="also write every figure, per screen and round, as JSON")
    parser.add_argument("--media", type=int, default=0, metavar="N",
                        help="publish N posters and videos (one in four a video) before measuring, so bundles hold media")
    parser.add_argument("--layout", action="store_true",
                        help="also time the player's layout per page in Chromium on the demo content (bench/layout.py)")
    opts = parser.parse_args(argv)
    if opts.quick:
        opts.sizes, opts.rounds, opts.throughput_seconds = "20", 2, 1.0
    opts.sizes = sorted(int(s) for s in str(opts.sizes).split(",") if s.strip())
    return opts


def main(argv=None):
    opts = parse_args(argv)
    fds = raise_fd_limit()  # inherited by the server and the screens' process
    workdir = opts.workdir or tempfile.mkdtemp(prefix="kiosk-fanout-")
    Path(workdir).mkdir(parents=True, exist_ok=True)
    data_dir = Path(workdir) / "data"
    print(f"fan-out benchmark: sizes {opts.sizes}, {opts.rounds} rounds; python {sys.version.split()[0]}; "
          f"open files limit {fds}; work dir {workdir}\nstart: {load_text()}", flush=True)
    started = time.perf_counter()
    setup = ServerProcess(data_dir, {"KIOSK_DEMO": "1"}, log_path=Path(workdir) / "setup.log")
    tokens = (setup.create_token("bench-editor", "--org", TOWNSHIP, "--role", "editor"),
              setup.create_token("bench-reviewer", "--org", TOWNSHIP, "--role", "reviewer"),
              setup.create_token("bench-admin", "--org", TOWNSHIP, "--role", "admin"))
    print(f"setup: demo content and 3 tokens via run.py in {time.perf_counter() - started:.1f} s")
    if opts.media:
        publish_media(opts.media, tokens, data_dir, Path(workdir) / "media.log")
    probe = ScreensProcess()
    try:
        check_clock(probe)
    finally:
        probe.stop()
    keys, results = [], []
    try:
        for size in opts.sizes:
            results.append(run_size(size, keys, tokens, data_dir, workdir, opts))
    finally:
        if opts.keep or opts.workdir:
            print(f"data and logs kept under {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print_summary(results)
    print_targets(results)
    if opts.layout:
        from bench.layout import measure_layout
        measure_layout()
    if opts.json:
        Path(opts.json).write_text(json.dumps(results, default=str))
        print(f"raw figures (seconds from t0, per screen: [nudge, updated]) written to {opts.json}")
    print(f"end: {load_text()}; total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
