"""Staff pages at scale: the record list with a text filter, the dashboard and the review page
(with its diff and privacy scan), p50/p95 over HTTP with 10k records. Prints figures; asserts nothing.

    .venv/bin/python bench/staff.py [--size 10000] [--samples 60]

Records are preloaded offline through the product's Library (bench/store.py's maker and fast
preload), then a reviewer of the county (who sees every township) logs in through /admin/login
like a browser and requests each page with its session cookie. Target: p95 < 150 ms each.
"""
import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_text, print_table, summary  # noqa: E402
from bench.store import COUNTY_ENV, TOWNSHIPS, RecordMaker, fast_preload_io, preload, set_up  # noqa: E402
from tests.server import ServerProcess  # noqa: E402

TARGET = 0.150
PASSWORD = "bench-password"
QUERIES = ["低保", "养老保险", "公示", "补贴", "停水", "东塘镇", "危房改造", "就业"]


def edits_in_review(data_dir, count):
    """Edit `count` published records and submit them: review pages with a real diff."""
    import datetime as dt

    from content import open_content
    from content.dates import DEFAULT_TZ
    content = open_content(data_dir)
    author = content.accounts.actor("bench")
    chosen = [r for r in content.library.items.all() if r["status"] == "published"][:count]
    with fast_preload_io():
        for record in chosen:
            now = dt.datetime.now(DEFAULT_TZ)
            body = record.get("body", "") + "\n\n补充说明：如有疑问请致电 13812345678。"
            edited = content.library.update(author, record["id"], {"body": body, "title": record["title"] + "（更正）"},
                                            record["rev"], now)
            content.library.transition(author, record["id"], "submit", None, None, now)
            yield edited["id"]


def log_in(url, name):
    import requests
    session = requests.Session()
    form = session.get(url + "/admin/login").text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form)[1]
    answer = session.post(url + "/admin/login", data={"username": name, "password": PASSWORD, "csrf_token": token},
                          allow_redirects=False)
    assert answer.status_code == 302, answer.status_code
    return session


def timed(session, url, samples):
    times = []
    for n in range(samples):
        target = url(n) if callable(url) else url
        started = time.perf_counter()
        response = session.get(target)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, (target, response.status_code)
    return times


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--townships", type=int, default=8)
    opts = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="kiosk-bench-staff-"))
    data_dir = workdir / "data"
    print(f"staff pages benchmark: {opts.size:,} records, {opts.samples} samples each; {load_text()}", flush=True)
    server = ServerProcess(data_dir, COUNTY_ENV, log_path=workdir / "server.log")
    townships = TOWNSHIPS[:opts.townships]
    set_up(server, townships)
    server.run_command("create-user", "bench-lead", "--role", "reviewer", "--password-stdin", stdin=PASSWORD + "\n",
                       check=True)
    started = time.perf_counter()
    preload(data_dir, opts.size, RecordMaker(random.Random(7), False, townships), {})
    review_ids = list(edits_in_review(data_dir, 20))
    print(f"preload: {opts.size:,} records and {len(review_ids)} edits in review in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    with server.start():
        session = log_in(server.url, "bench-lead")
        base = server.url + "/admin"
        timed(session, base + "/", 3)  # warm: first scan, the staff text cache
        timed(session, base + "/records?q=低保", 3)
        rows = [
            ("dashboard", timed(session, base + "/", opts.samples)),
            ("list, text filter (q=…), page 1", timed(session, lambda n: f"{base}/records?q={QUERIES[n % len(QUERIES)]}",
                                                      opts.samples)),
            ("list, kind+status filter, sorted by title", timed(
                session, base + "/records?kind=disclosure&status=published&sort=title", opts.samples)),
            ("review page (diff + privacy scan)", timed(session, lambda n: f"{base}/review/{review_ids[n % len(review_ids)]}",
                                                        opts.samples)),
            ("review queue", timed(session, base + "/review", opts.samples)),
        ]
    print_table(rows)
    for label, samples in rows:
        verdict = "ok" if summary(samples)["p95"] < TARGET else "OVER"
        print(f"  {label}: p95 {summary(samples)['p95'] * 1000:.1f} ms vs target {TARGET * 1000:.0f} ms: {verdict}")


if __name__ == "__main__":
    main()
