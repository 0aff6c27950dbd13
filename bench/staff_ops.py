"""Staff-operations benchmark: the timeliness board and the screens page at 10k records and 1,000
displays, and importing a 2,000-row sheet.

Usage: .venv/bin/python bench/staff_ops.py [--size 10000] [--displays 1000] [--rows 2000]
                                           [--samples 50] [--online 200] [--alerts 10] [--skip-import]

1. A data dir with the county and 20 townships (run.py commands, as bench/store.py does)
   and --size records preloaded offline through the product's Library (bench/store.py's
   preload: fsync off during the preload only). A third of the disclosures get a recent
   `formed_at`, so the board has deadlines near and past to compute.
   --displays screens are registered offline too, through the product's registry, spread over
   the townships.
2. The real server (gevent) on a free port. --alerts alerts are raised over the API (all but two
   cleared), then --online of the screens (every 5th: all townships) connect over WebSocket from
   a child process, behaving like the player (bench/fanout.py's ScreensProcess), so the screens
   page has online screens to show. Then over HTTP, one request at a time:
   GET /api/v1/timeliness as the county admin (every record) and as a township admin; the
   staff pages /admin/timeliness, /admin/screens (page 1 of all, and a filtered page), the
   alerts page (its scope picker) and its screen search, and the dashboard, as a county admin
   and a township admin logged in through /admin/login.
3. A --rows sheet (.xlsx, the export format) made from the same kind of records: the dry
   run, then the import (all rows become drafts), each timed whole; the server's peak RSS
   (VmHWM) before and after, read from /proc.
Figures are medians and percentiles in ms; nothing is asserted (target: board p95 < 150 ms).
"""
import argparse
import contextlib
import datetime as dt
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import bearer_session, load_text, print_table, summary  # noqa: E402
from bench.staff import PASSWORD, log_in, timed  # noqa: E402
from bench.store import COUNTY_ENV, TOWNSHIPS, RecordMaker, fast_preload_io, make_template, preload  # noqa: E402
from tests.server import ServerProcess  # noqa: E402


def peak_rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class DeadlineMaker(RecordMaker):
    """RecordMaker whose disclosures are partly formed in the last 40 days (deadlines to compute)."""

    def disclosure(self, org, now):
        record = super().disclosure(org, now)
        if self.rng.random() < 0.33:
            record["formed_at"] = (now - dt.timedelta(days=self.rng.randint(0, 40))).date().isoformat()
        return record


def sheet_bytes(rows, rng):
    from content.records import validate_fields
    from content.sheets import write_xlsx
    maker, now = DeadlineMaker(rng, True, TOWNSHIPS[:1]), dt.datetime.now(dt.timezone(dt.timedelta(hours=8)))
    records = []
    while len(records) < rows:
        payload = {k: v for k, v in maker.make(now).items() if k != "org"}
        records.append(validate_fields(payload))
    return write_xlsx(records)


def preload_displays(data_dir, count):
    """Register `count` screens through the product's registry, offline, spread over the townships;
    their keys."""
    from content import open_content
    from content.dates import DEFAULT_TZ
    from displays import open_screens
    content = open_content(data_dir)
    screens, admin = open_screens(content), content.accounts.actor("bench")  # the county's admin token
    keys = []
    with fast_preload_io():
        for n in range(count):
            code, name = TOWNSHIPS[n % len(TOWNSHIPS)]
            keys.append(screens.displays.create(admin, {"name": f"{name}{n // len(TOWNSHIPS) + 1}号屏", "org": code,
                                                        "hall": f"{name}便民服务中心" if n % 3
                                                        else f"{name}第{n % 7 + 1}村服务站"},
                                                dt.datetime.now(DEFAULT_TZ))["key"])
    return keys


def raise_alerts(server, session, count):
    """`count` alerts over the API, all but the last two cleared: the alerts page lists them."""
    for n in range(count):
        alert = session.post(server.url + "/api/v1/alerts", json={"title": f"演练{n + 1}", "level": "blue"},
                             timeout=60).json()
        if n < count - 2:
            session.delete(f"{server.url}/api/v1/alerts/{alert['id']}", timeout=60).raise_for_status()


def connect_screens(server, keys):
    """Connect `keys` as players from a child process (bench/fanout.py's); the process, to stop."""
    from bench.fanout import ScreensProcess
    screens = ScreensProcess()
    reply = screens.call("connect", timeout=300, url=server.url, keys=keys, http_pool=20, concurrency=20,
                         wait=120, nudge_only=False)
    print(f"screens connected: {reply['connected']:,}/{len(keys):,} in {reply['wall']:.1f} s, first bundles "
          f"{reply['fetched']:,}" + (f"; ERRORS {reply['errors']}" if reply["errors"] else ""), flush=True)
    return screens


def time_pages(server, samples):
    """The staff pages over HTTP, as a county admin and a township admin with a browser session."""
    for name, org in (("bench-ops-county", None), ("bench-ops-dt", TOWNSHIPS[0][0])):
        server.run_command("create-user", name, "--role", "admin", *(("--org", org) if org else ()),
                           "--password-stdin", stdin=PASSWORD + "\n", check=True)
    county, township = log_in(server.url, "bench-ops-county"), log_in(server.url, "bench-ops-dt")
    base = server.url + "/admin"
    for session in (county, township):  # warm: the first board computes the working-day tables
        timed(session, base + "/timeliness", 2)
        timed(session, base + "/screens", 2)
    shown = re.search(r"在线 (\d+) 块", county.get(base + "/screens?state=online").text)
    print(f"screens page (county admin) says: 在线 {shown[1] if shown else '?'} 块", flush=True)
    return [("page /admin/timeliness, county admin", timed(county, base + "/timeliness", samples)),
            ("page /admin/timeliness, township admin", timed(township, base + "/timeliness", samples)),
            ("page /admin/screens, county admin (page 1 of all)", timed(county, base + "/screens", samples)),
            ("page /admin/screens?state=offline&q=服务站&page=2, county",
             timed(county, base + "/screens?state=offline&q=%E6%9C%8D%E5%8A%A1%E7%AB%99&page=2", samples)),
            ("page /admin/screens, township admin", timed(township, base + "/screens", samples)),
            ("page /admin/alerts (scope picker), county admin", timed(county, base + "/alerts", samples)),
            ("page /admin/alerts, township admin", timed(township, base + "/alerts", samples)),
            ("/admin/alerts/screens?screen_q=服务站 (search as you type), county",
             timed(county, base + "/alerts/screens?screen_q=%E6%9C%8D%E5%8A%A1%E7%AB%99", samples)),
            ("page /admin/ (dashboard tiles), county admin", timed(county, base + "/", samples))]


def time_calls(session, url, samples):
    taken = []
    for _ in range(samples):
        started = time.perf_counter()
        response = session.get(url, timeout=60)
        taken.append(time.perf_counter() - started)
        assert response.status_code == 200, response.text[:300]
    return taken


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--samples", type=int, default=50)
    parser.add_argument("--displays", type=int, default=1000)
    parser.add_argument("--online", type=int, default=200, help="screens connected while pages are timed")
    parser.add_argument("--alerts", type=int, default=10, help="alerts raised (all but two cleared) first")
    parser.add_argument("--skip-import", action="store_true", help="only the board and screens figures")
    opts = parser.parse_args(argv)
    rng = random.Random(7)
    workdir = Path(tempfile.mkdtemp(prefix="bench-staff-ops-"))
    try:
        template = make_template(workdir, TOWNSHIPS)
        data_dir = workdir / "run" / "data"
        shutil.copytree(template[0], data_dir)
        started = time.perf_counter()
        preload(data_dir, opts.size, DeadlineMaker(rng, False, TOWNSHIPS), {})
        keys = preload_displays(data_dir, opts.displays)
        print(f"preload: {opts.size:,} records and {opts.displays:,} displays in "
              f"{time.perf_counter() - started:.1f} s (offline, fsync off)", flush=True)
        server = ServerProcess(data_dir, COUNTY_ENV, log_path=workdir / "server.log")
        # a 10k-record data dir on a busy 2-core machine can take over a minute to come up
        with server.start(timeout=300), contextlib.ExitStack() as stack:
            county = bearer_session(template[1][0])
            raise_alerts(server, county, opts.alerts)
            if opts.online:
                stack.callback(connect_screens(server, keys[::max(1, len(keys) // opts.online)][:opts.online]).stop)
            township_token = server.create_token("bench-dt-admin", "--role", "admin", "--org", TOWNSHIPS[0][0])
            township = bearer_session(township_token)
            board = county.get(server.url + "/api/v1/timeliness", timeout=60).json()
            print(f"board at {opts.size:,} records: {board['counts']} "
                  f"({len(board['deadlines'])} near or overdue, unknown years {board['unknown_years']})")
            rows = [(f"timeliness board, county admin ({opts.size:,} records)",
                     time_calls(county, server.url + "/api/v1/timeliness", opts.samples)),
                    ("timeliness board, one township's admin",
                     time_calls(township, server.url + "/api/v1/timeliness", opts.samples))]
            rows += time_pages(server, opts.samples)
            print_table(rows)
            for label, samples in rows:
                met = summary(samples)["p95"] < 0.150
                print(f"  {label}: p95 target < 150 ms {'met' if met else 'MISSED'}")

            if opts.skip_import:
                print(load_text())
                return
            sheet = sheet_bytes(opts.rows, rng)
            before = peak_rss_mb(server.pid)
            for label, params in (("dry run", "dry_run=1"), ("import", "")):
                started = time.perf_counter()
                answer = township.post(f"{server.url}/api/v1/catalogue/import?{params}",
                                       files={"file": ("catalogue.xlsx", sheet)}, timeout=600)
                took = time.perf_counter() - started
                detail = answer.json()
                what = (f"{detail.get('ready')} ready, {len(detail.get('problems', []))} problems" if params
                        else f"{len(detail.get('created', []))} drafts created")
                print(f"{label} of a {opts.rows:,}-row sheet ({len(sheet) / 1e3:.0f} KB): {took:.2f} s, "
                      f"HTTP {answer.status_code}, {what}")
            print(f"server peak RSS (VmHWM): {before:.0f} MB before the imports, {peak_rss_mb(server.pid):.0f} MB after")
        print(load_text())
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
