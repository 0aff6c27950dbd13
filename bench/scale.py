"""Scale benchmark: the bundle path beside a bare Flask route and nginx's cache.

Usage: .venv/bin/python bench/scale.py [--sections bundle,nudge,cluster,store] [--seconds 5]
           [--connections 32] [--rounds 3] [--quick] [--no-nginx] [--keep]

Bundle throughput, all in one run on this machine, over loopback:
- the product: `python run.py` (gevent, KIOSK_DEMO=1: the demo county and its records) on a
  fresh data dir (tests/server.py's ServerProcess); an editor of 东塘镇 registers one display
  and its bundle is fetched once to warm the caches;
- bare Flask: this script run again as `--serve-bare FILE` in its own process, monkey-patched
  by gevent, on the same pywsgi server class as the product (kiosk/serving.py: TCP_NODELAY),
  one route returning the product's bundle bytes (read once from the product) with the same
  ETag logic and the same headers (ETag, Cache-Control, X-Server-Time, the security headers);
- nginx's cache in front of the product, with the recipe's config (tests/e2e/services.py),
  when nginx is installed: after the first miss, 200s come from nginx's cache and 304s are
  answered by nginx from its cached ETag.
Each target is loaded with `wrk` (1 thread, --connections keep-alive connections,
--seconds each) when it is installed, else with this script's own load generator (asyncio,
raw HTTP/1.1 keep-alive, one process); first without If-None-Match (200), then with the
current ETag (304). Rounds alternate product and bare so that drift in the machine's other
load hits both; the median of the rounds is printed with the ratio product / bare.
Benchmarks on a shared 2-core machine are noisy: compare the ratios within one run.

Nudge at many screens on one process (--screens, default 3000): bench/fanout.py run as it
is (`--sizes N --rounds R`, its own screens' process and figures), its output repeated
here. Its screens are one Python process on the same 2 cores: at
3000 part of the latency is the client's own (fanout.py prints its CPU and lag).

Screens across processes (--cluster-sizes, default 3000,10000): bench/cluster.py, two server
processes over one data dir with Redis, the screens in four client processes; nudge and
all-updated per size, then one server killed and how soon its screens are back and current.

Where the embedded store stops (--store-sizes, default 10000,50000): bench/store.py's
records (same maker, same offline preload through the product's Library, fsync off) in a
data dir of N records, then the real server: start time (process start until /healthz
answers, the public set and search index warmed by `serve`), update PUT If-Match p95,
search p95 (the same query plan: 简体, 繁體, pinyin, initials, with and without org), RSS
after the searches. 100k is not in the default: its preload alone takes many minutes here.
"""
import sys

if __name__ == "__main__" and "--serve-bare" in sys.argv:
    from gevent import monkey

    monkey.patch_all()

import argparse  # noqa: E402
import asyncio  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import load_text  # noqa: E402
from tests.server import ServerProcess, free_port, wait_until_healthy  # noqa: E402

TOWNSHIP = "QX-DT"


# --- the bare Flask app ------------------------------------------------------------------

def serve_bare(body_file, etag, port):
    """A bare Flask route on gevent returning prepared bytes with the product's ETag logic."""
    from flask import Flask, Response, request

    from kiosk.headers import HEADERS
    from kiosk.serving import ErrorLog, Server

    body = Path(body_file).read_bytes()
    app = Flask(__name__)

    @app.get("/api/v1/screens/<key>/bundle")
    def bundle(key):
        headers = {"ETag": etag, "Cache-Control": "no-cache", "X-Server-Time": str(int(time.time() * 1000)),
                   **HEADERS}
        if request.if_none_match.contains(etag.strip('"')):
            return Response(status=304, headers=headers)
        return Response(body, mimetype="application/json", headers=headers)

    @app.get("/page/<name>")
    def page(name):
        """Any prepared page beside the body file (bench/kiosk.py's baseline for its pages)."""
        path = Path(body_file).parent / Path(name).name
        return Response(path.read_bytes(), mimetype="text/html", headers=HEADERS)

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    server = Server(("127.0.0.1", port), app, log=None, error_log=ErrorLog())
    print(f"bare flask on {port}", flush=True)
    server.serve_forever()


class BareProcess:
    def __init__(self, body_file, etag, log_path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self.body_file = body_file
        self.etag = etag

    def start(self):
        with open(self.log_path, "ab") as log:
            command = [sys.executable, __file__, "--serve-bare", str(self.body_file), "--etag", self.etag,
                       "--port", str(self.port)]
            self.process = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        wait_until_healthy(self.url, 30)
        return self

    def stop(self):
        self.process.terminate()
        self.process.wait(10)


# --- load generators ----------------------------------------------------------------------

WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def load_wrk(url, etag, seconds, connections):
    """(requests per second, {p50, p99 in ms}, status counts or None) with wrk."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if etag:
        command[1:1] = ["-H", f"If-None-Match: {etag}"]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    rate = WRK_RATE.search(out)
    if rate is None:
        raise RuntimeError(f"wrk printed no rate:\n{out}")
    latency = {f"p{p}": float(v) * UNITS[u] for p, v, u in WRK_LATENCY.findall(out)}
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return float(rate.group(1)), latency, {"non-2xx/3xx": int(non_2xx.group(1))} if non_2xx else None


def load_python(url, etag, seconds, connections):
    """The same with asyncio and raw keep-alive HTTP/1.1 (when wrk is not installed)."""
    return asyncio.run(_load_python(url, etag, seconds, connections))


async def _load_python(url, etag, seconds, connections):
    host, port, path = re.match(r"http://([^:/]+):(\d+)(/.*)", url).groups()
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n" + (f"If-None-Match: {etag}\r\n" if etag else "")
    request = (request + "\r\n").encode()
    latencies, statuses = [], {}
    deadline = time.perf_counter() + seconds

    async def client():
        reader, writer = await asyncio.open_connection(host, int(port))
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            writer.write(request)
            try:
                head = await reader.readuntil(b"\r\n\r\n")
                length = re.search(rb"(?i)content-length:\s*(\d+)", head)
                if length:
                    await reader.readexactly(int(length.group(1)))
            except (asyncio.IncompleteReadError, ConnectionError):  # the server closed a keep-alive
                writer.close()  # connection (nginx does after keepalive_requests): open another, as wrk does
                statuses["reconnects"] = statuses.get("reconnects", 0) + 1
                reader, writer = await asyncio.open_connection(host, int(port))
                continue
            status = int(head[9:12])
            statuses[status] = statuses.get(status, 0) + 1
            latencies.append(time.perf_counter() - started)
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    took = time.perf_counter() - started
    ordered = sorted(latencies)
    pick = lambda p: ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000  # noqa: E731
    return len(latencies) / took, {"p50": pick(50), "p99": pick(99)}, statuses


def load(url, etag, opts):
    generator = load_wrk if shutil.which("wrk") and not opts.python_load else load_python
    return generator(url, etag, opts.seconds, opts.connections)


# --- the bundle section -------------------------------------------------------------------

def prepare_product(workdir):
    """The product server with one 东塘镇 display; (server, key, bundle bytes, etag)."""
    import requests
    server = ServerProcess(workdir / "data", {"KIOSK_DEMO": "1"}, log_path=workdir / "server.log")
    token = server.create_token("bench-admin", "--org", TOWNSHIP, "--role", "admin")  # screens are an admin's
    server.start()
    display = requests.post(f"{server.url}/api/v1/displays",
                            json={"name": "基准屏", "hall": "东塘镇便民服务中心"},
                            headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
    response = requests.get(f"{server.url}/api/v1/screens/{display['key']}/bundle", timeout=60)
    response.raise_for_status()
    return server, display["key"], response.content, response.headers["ETag"]


def check_answers(targets, key):
    """Each target's ETag, after checking that it answers 200 then 304 with it.

    Behind nginx the bundle's links carry nginx's address (no KIOSK_PUBLIC_BASE_URL), so its
    bytes and ETag differ a little from the product's own."""
    import requests
    etags, answers = {}, {}
    for name, base in targets.items():
        full = requests.get(f"{base}/api/v1/screens/{key}/bundle", timeout=30)
        etags[name] = full.headers.get("ETag")
        cached = requests.get(f"{base}/api/v1/screens/{key}/bundle", headers={"If-None-Match": etags[name]},
                              timeout=30)
        answers[name] = (full.status_code, len(full.content), cached.status_code)
    print("answers (status, bytes, then status with its ETag): " +
          "; ".join(f"{name} {a}" for name, a in answers.items()), flush=True)
    return etags


def bundle_section(opts, workdir):
    server, key, body, etag = prepare_product(workdir)
    body_file = workdir / "bundle.json"
    body_file.write_bytes(body)
    bare = BareProcess(body_file, etag, workdir / "bare.log").start()
    nginx = None
    targets = {"product": server.url, "bare flask": bare.url}
    try:
        if not opts.no_nginx:
            nginx = start_nginx(workdir, server.port)
            if nginx:
                targets["nginx cache"] = nginx[1]
        etags = check_answers(targets, key)
        generator = "wrk" if shutil.which("wrk") and not opts.python_load else "python"
        print(f"bundle: {len(body):,} bytes, ETag {etag}; {generator} load, {opts.connections} connections, "
              f"{opts.seconds} s per measurement, {opts.rounds} rounds; {load_text()}", flush=True)
        results = {}
        for round_no in range(opts.rounds):
            for mode in ("200", "304"):
                order = list(targets) if round_no % 2 == 0 else list(reversed(targets))
                for name in order:
                    rate, latency, statuses = load(f"{targets[name]}/api/v1/screens/{key}/bundle",
                                                   etags[name] if mode == "304" else None, opts)
                    results.setdefault((name, mode), []).append((rate, latency, statuses))
        print_bundle_table(results, targets)
        return results
    finally:
        if nginx:
            from tests.e2e.services import stop
            stop(nginx[0])
        bare.stop()
        server.stop()


def start_nginx(workdir, port):
    try:
        from tests.e2e.services import start_nginx as start
        return start(workdir / "nginx", [f"127.0.0.1:{port}"])
    except (ImportError, RuntimeError) as exc:
        print(f"nginx: not measured ({exc})", flush=True)
        return None


def print_bundle_table(results, targets):
    print(f"{'bundle GET':<24}{'req/s (median)':>16}{'all rounds':>28}{'p50 ms':>9}{'p99 ms':>9}{'vs bare':>9}")
    for mode in ("200", "304"):
        bare = statistics.median(r[0] for r in results[("bare flask", mode)])
        for name in targets:
            runs = results[(name, mode)]
            rate = statistics.median(r[0] for r in runs)
            p50 = statistics.median(r[1].get("p50", float("nan")) for r in runs)
            p99 = statistics.median(r[1].get("p99", float("nan")) for r in runs)
            errors = [r[2] for r in runs if r[2] and "non-2xx/3xx" in r[2]]
            print(f"{name + ' ' + mode:<24}{rate:>16,.0f}{' '.join(f'{r[0]:,.0f}' for r in runs):>28}"
                  f"{p50:>9.2f}{p99:>9.2f}{rate / bare:>8.2f}x" + (f"  ERRORS {errors}" if errors else ""))
    rate = lambda name, mode: statistics.median(r[0] for r in results[(name, mode)])  # noqa: E731
    print("ratios (product / bare flask): " + ", ".join(
        f"{mode}: {rate('product', mode) / rate('bare flask', mode):.2f}x" for mode in ("200", "304")), flush=True)


# --- nudge at many screens: bench/fanout.py (one process), bench/cluster.py (several) ------

def run_bench(title, script, *args, timeout=3600):
    """Run another benchmark as it is and repeat its output here."""
    command = [sys.executable, str(ROOT / "bench" / script), *args]
    print(f"\n== {title}: {' '.join(command[1:])} ==", flush=True)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    print("\n".join(line for line in done.stdout.splitlines() if line.strip()))
    if done.returncode:
        print(f"{script} failed ({done.returncode}): {done.stderr[-2000:]}")
    print(f"({script} took {time.perf_counter() - started:.0f} s)", flush=True)


def nudge_section(opts):
    run_bench(f"nudge at {opts.screens:,} screens on one process", "fanout.py", "--sizes", str(opts.screens),
              "--rounds", str(opts.nudge_rounds), "--throughput-seconds", "1")


def cluster_section(opts):
    """Two processes and Redis; then one killed (bench/cluster.py)."""
    run_bench("screens across processes", "cluster.py", "--sizes", opts.cluster_sizes, "--rounds",
              str(opts.nudge_rounds), *(["--quick"] if opts.quick else []), timeout=7200)


# --- where the embedded store stops (bench/store.py's records) ----------------------------

def store_section(opts, workdir):
    import random

    from bench import store as records
    from bench.common import megabytes, summary
    townships = records.TOWNSHIPS[:opts.townships]
    template = records.make_template(workdir, townships)
    rows = []
    for size in opts.store_sizes:
        rng = random.Random(f"scale-{size}")
        data_dir = workdir / f"store-{size}" / "data"
        shutil.copytree(template[0], data_dir)
        tracked, started = {}, time.perf_counter()
        records.preload(data_dir, size, records.RecordMaker(rng, False, townships), tracked)
        preload = time.perf_counter() - started
        server = ServerProcess(data_dir, records.COUNTY_ENV, log_path=data_dir.parent / "server.log")
        started = time.perf_counter()
        server.start(timeout=900)
        start = time.perf_counter() - started
        try:
            client = records.Client(server.url, *template[1])
            first = records.search(client, "低保")[0]
            updates = records.measure_updates(client, rng, tracked, opts.store_samples, False)
            plan = records.search_plan(rng, opts.store_samples, [code for code, _ in townships], townships)
            searched = records.measure_searches(client, plan, False)[1]
            rss = server.rss_bytes() or 0
        finally:
            server.stop()
        items = sum(p.stat().st_size for p in (data_dir / "db" / "items").glob("*.json"))
        rows.append((size, preload, start, first, summary(updates), summary(searched[False] + searched[True]), rss,
                     items))
        print(f"store N={size:,}: preloaded in {preload:.0f} s; started in {start:.1f} s; RSS {megabytes(rss)}; "
              f"items files {megabytes(items)}", flush=True)
        shutil.rmtree(data_dir.parent, ignore_errors=True)
    print(f"\n{'records':>8}{'start s':>9}{'1st search':>11}{'update p50':>11}{'p95':>8}{'search p50':>11}"
          f"{'p95':>8}{'RSS MB':>8}{'items MB':>9}   (ms unless said; keep-alive)")
    for size, preload, start, first, update, search, rss, items in rows:
        print(f"{size:>8,}{start:>9.1f}{first * 1000:>11.0f}"
              f"{update['median'] * 1000:>11.1f}{update['p95'] * 1000:>8.1f}"
              f"{search['median'] * 1000:>11.1f}{search['p95'] * 1000:>8.1f}{rss / 1e6:>8.0f}{items / 1e6:>9.1f}")
    print("targets from bench/store.py at 10k (not asserted): update p95 < 100 ms, search p95 < 30 ms", flush=True)


SECTIONS = ("bundle", "nudge", "cluster", "store")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", default=",".join(SECTIONS), help=f"comma separated, of {', '.join(SECTIONS)}")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--screens", type=int, default=3000, help="screens for the nudge section")
    parser.add_argument("--nudge-rounds", type=int, default=3)
    parser.add_argument("--cluster-sizes", default="3000,10000", help="screens across processes (bench/cluster.py)")
    parser.add_argument("--store-sizes", default="10000,50000", help="record counts, comma separated")
    parser.add_argument("--store-samples", type=int, default=100, help="updates, and searches with and without org")
    parser.add_argument("--townships", type=int, default=20)
    parser.add_argument("--quick", action="store_true", help="1 s per measurement, 1 round, 20 screens, 300 records")
    parser.add_argument("--no-nginx", action="store_true")
    parser.add_argument("--python-load", action="store_true", help="use the Python load generator even if wrk exists")
    parser.add_argument("--keep", action="store_true", help="keep the work dir")
    parser.add_argument("--serve-bare")
    parser.add_argument("--port", type=int)
    parser.add_argument("--etag")
    opts = parser.parse_args(argv)
    if opts.serve_bare:
        return serve_bare(opts.serve_bare, opts.etag, opts.port)
    if opts.quick:
        opts.seconds, opts.rounds, opts.screens, opts.nudge_rounds = 1, 1, 20, 2
        opts.store_sizes, opts.store_samples, opts.townships = "300", 10, 2
    opts.store_sizes = [int(n) for n in opts.store_sizes.split(",") if n.strip()]
    sections = [s.strip() for s in opts.sections.split(",") if s.strip()]
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-"))
    print(f"start: {load_text()}; work dir {workdir}; sections {', '.join(sections)}", flush=True)
    try:
        if "bundle" in sections:
            bundle_section(opts, workdir)
        if "nudge" in sections:
            nudge_section(opts)
        if "cluster" in sections:
            cluster_section(opts)
        if "store" in sections:
            store_section(opts, workdir)
    finally:
        if not opts.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"end: {load_text()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
