"""Login flood: clients guessing passwords while /healthz is timed, beside a quiet run.

    python bench/login_flood.py [--seconds 10] [--clients 16] [--quick]

Starts the real server (tests/server.py) with one staff account, then prints /healthz
latency (median, p95, p99, max) for three runs of the same length:
- quiet: nobody logs in;
- one address: CLIENTS threads post wrong passwords as fast as the server answers them (the
  per-address and per-account limits answer most with 429 before any hashing);
- spread: each client claims its own address (the server trusts X-Forwarded-For here) and
  guesses its own account, so the limits allow ~30 guesses a minute each and most guesses
  are hashed (scrypt, on worker threads): this is the figure for hashing off the loop.

The guessers run in a separate process at nice 10, so that /healthz is not timed through
this process's own GIL contention nor the guessers' own CPU use.
"""
import argparse
import json
import multiprocessing
import pathlib
import sys
import tempfile
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from bench.common import load_text, percentile, print_table  # noqa: E402
from tests.server import ServerProcess  # noqa: E402

PASSWORD = "the-right-password"


def _csrf(http, url):
    page = http.get(url + "/admin/login", timeout=30)
    return page.text.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]


def _guessers(url, seconds, clients, spread, results):
    """In a child process: `clients` threads posting wrong passwords; puts the status counts.

    Real guessers run on other machines; here they share the server's cores, so they run
    at a lower priority (nice 10) to measure the server's work, not theirs.
    """
    import os

    import requests
    os.nice(10)
    stop = time.monotonic() + seconds
    statuses = []

    def guess(n):
        with requests.Session() as http:
            token = _csrf(http, url)
            headers = {"X-Forwarded-For": f"10.9.0.{n + 1}"} if spread else {}
            name = f"clerk{n}" if spread else "clerk"
            while time.monotonic() < stop:
                answer = http.post(url + "/admin/login", data={"username": name, "password": "wrong-guess",
                                                               "csrf_token": token},
                                   headers=headers, allow_redirects=False, timeout=60)
                statuses.append(answer.status_code)

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put({str(code): statuses.count(code) for code in set(statuses)})


def flood(url, seconds, clients, spread=False, quiet=False):
    """Time /healthz for `seconds` while guessers run (unless `quiet`); the figures."""
    import requests
    results = multiprocessing.get_context("spawn").Queue()
    child = None
    if not quiet:
        child = multiprocessing.get_context("spawn").Process(target=_guessers,
                                                             args=(url, seconds, clients, spread, results))
        child.start()
        time.sleep(0.5)  # let the guessers fetch their forms and start
    health = []
    stop = time.monotonic() + seconds
    with requests.Session() as http:
        while time.monotonic() < stop:
            started = time.perf_counter()
            assert http.get(url + "/healthz", timeout=60).status_code == 200
            health.append(time.perf_counter() - started)
            time.sleep(0.02)
    statuses = {}
    if child is not None:
        statuses = results.get(timeout=120)
        child.join(60)
    return {"statuses": statuses, "health": health,
            "p50_ms": percentile(health, 50) * 1000, "p99_ms": percentile(health, 99) * 1000}


def start_server(data_dir, env=None):
    server = ServerProcess(data_dir, env).start()
    server.run_command("create-user", "clerk", "--role", "editor", "--password-stdin", stdin=PASSWORD + "\n",
                       check=True)
    return server


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--quick", action="store_true", help="2 s runs with 4 clients (smoke test)")
    opts = parser.parse_args(argv)
    seconds, clients = (2, 4) if opts.quick else (opts.seconds, opts.clients)
    print(f"start: {load_text()}")
    with tempfile.TemporaryDirectory() as tmp:
        runs = {}
        with start_server(pathlib.Path(tmp) / "a") as server:
            runs["quiet"] = flood(server.url, seconds, clients, quiet=True)
            runs["one address"] = flood(server.url, seconds, clients)
        with start_server(pathlib.Path(tmp) / "b", {"KIOSK_TRUST_PROXY": "1"}) as server:
            runs["spread"] = flood(server.url, seconds, clients, spread=True)
    print(f"login flood: {clients} clients for {seconds:g} s each run; /healthz every 20 ms")
    print_table([(f"/healthz, {name}", run["health"]) for name, run in runs.items()])
    for name, run in runs.items():
        if run["statuses"]:
            print(f"{name}: login answers {json.dumps(run['statuses'], sort_keys=True)}")
    print(f"end: {load_text()}")


if __name__ == "__main__":
    main()
