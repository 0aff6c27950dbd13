"""Kiosk benchmark: what a hall's touch kiosk costs with 10k public records in the county.

Usage: .venv/bin/python bench/kiosk.py [--size 10000] [--samples 60] [--townships 20]

Preloads `--size` records offline through the product's Library (bench/store.py's preload:
fsync off, one file rewrite at the end; every record published), starts the real server
(gevent), registers a kiosk of 东塘镇 through the API, then for home, a topic list, a search
result and a record page prints:
- server time over HTTP (keep-alive, one request at a time, until the body is read):
  median and p95 of --samples requests;
- in Chromium at 1080×1920 (service worker blocked, so the page alone is counted): bytes
  transferred, number of requests and time to DOMContentLoaded, on a cold cache.
- beside each page, a bare Flask route on gevent (bench/scale.py's, its own process) serving
  the same bytes, requested alternately with the product's, so the machine's load hits both:
  what the product's own work costs is the difference.
Targets of the issue: home < 200 KB, server p95 < 50 ms. Nothing is asserted.
"""
import argparse
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import summary  # noqa: E402
from bench.store import COUNTY_ENV, TOWNSHIPS, RecordMaker, make_template, preload  # noqa: E402
from bench.scale import BareProcess  # noqa: E402
from tests.server import ServerProcess  # noqa: E402


def server_times(session, urls, samples):
    """summary() of each url's request time, the urls requested in turn `samples` times."""
    times = [[] for _ in urls]
    for _ in range(samples):
        for url, kept in zip(urls, times):
            started = time.perf_counter()
            response = session.get(url, timeout=60)
            response.content
            kept.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
    return [summary(kept) for kept in times]


def browser_figures(browser, url):
    context = browser.new_context(viewport={"width": 1080, "height": 1920}, service_workers="block")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    sizes = {}
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    dcl = page.evaluate("performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd")
    context.close()
    return sum(sizes.values()), len(sizes), dcl


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--reuse", help="a work dir an earlier run left (skips setup and preload)")
    opts = parser.parse_args(argv)
    import requests
    from playwright.sync_api import sync_playwright

    if opts.reuse:
        workdir = Path(opts.reuse)
        data_dir, author_token = workdir / "template" / "data", (workdir / "token").read_text().strip()
    else:
        workdir = Path(tempfile.mkdtemp(prefix="bench-kiosk-"))
        townships = TOWNSHIPS[:opts.townships]
        data_dir, (author_token, _) = make_template(workdir, townships)
        (workdir / "token").write_text(author_token)
        maker, tracked = RecordMaker(random.Random(7), False, townships), {}
        maker.review_plan = lambda: "published"
        started = time.perf_counter()
        preload(data_dir, opts.size, maker, tracked)
        print(f"preload: {opts.size:,} published records in {time.perf_counter() - started:.1f} s", flush=True)

    with ServerProcess(data_dir, COUNTY_ENV, log_path=workdir / "server.log").start(timeout=600) as server:
        staff = requests.Session()
        staff.headers["Authorization"] = f"Bearer {author_token}"
        created = staff.post(server.url + "/api/v1/kiosks", json={"name": "bench", "org": "QX-DT"}, timeout=30)
        assert created.status_code == 201, created.text
        base = f"{server.url}/kiosk/{created.json()['key']}"
        public = requests.Session()
        listing = public.get(base + "/list", timeout=120).text
        found = re.findall(r'/items/(\d+)', listing) or re.findall(r'/items/(\d+)', public.get(server.url + "/list").text)
        print(f"kiosk list: {re.search(r'共[0-9]+条', listing).group(0)} shown on the first page", flush=True)
        record = f"{base.removeprefix(server.url)}/items/{found[0]}"
        pages = {"home": base, "list (guides)": base + "/list?kind=guide", "search 低保": base + "/search?q=低保",
                 "search dibao": base + "/search?q=dibao", "record": server.url + record,
                 "phone record (/items/<id>)": server.url + "/items/" + record.rsplit("/", 1)[1]}
        public.get(base + "/search?q=warm", timeout=120)  # builds the search index once
        print(f"\nkiosk of 东塘镇, {opts.size:,} public records in the county; "
              f"server {opts.samples} keep-alive requests each; Chromium cold cache, SW blocked")
        bare_dir = workdir / "bare"
        bare_dir.mkdir(exist_ok=True)
        (bare_dir / "body").write_bytes(b"{}")
        bare = BareProcess(bare_dir / "body", '"0"', workdir / "bare.log").start()
        print(f"{'page':<28}{'server p50':>11}{'p95':>8}{'bare p50':>10}{'p95':>8}"
              f"{'bytes':>10}{'requests':>10}{'DCL ms':>9}")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                 args=["--no-sandbox", "--disable-gpu"])
            for number, (name, url) in enumerate(pages.items()):
                (bare_dir / f"{number}.html").write_bytes(public.get(url, timeout=60).content)
                timing, baseline = server_times(public, [url, f"{bare.url}/page/{number}.html"], opts.samples)
                size, count, dcl = browser_figures(browser, url)
                print(f"{name:<28}{timing['median'] * 1000:>10.1f} {timing['p95'] * 1000:>7.1f}"
                      f"{baseline['median'] * 1000:>10.1f} {baseline['p95'] * 1000:>7.1f}"
                      f"{size:>10,}{count:>10}{dcl:>9.0f}", flush=True)
            browser.close()
        bare.stop()
        print(f"\nserver RSS: {server.rss_bytes() / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
