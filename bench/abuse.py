"""Abuse benchmark: what one flooding screen key, and a login form under attack, cost everyone else.

Usage: .venv/bin/python bench/abuse.py [--seconds 10] [--login-clients 16] [--skip-login] [--quick]

A real server (`python run.py`, gevent, no demo, a fresh temporary data dir; see
tests/server.py) with two townships, 东塘镇 and 柳山乡, each with a display, an editor and a
reviewer (tests/abuse.py). Each phase lasts --seconds; this process polls GET /healthz every
10 ms on a keep-alive connection throughout. Figures are printed, nothing is asserted.

1. Socket flood. Calm (no abuse) first, then with abuse: a python-socketio client in its own
   process connects to /screens with 东塘镇's display key and emits `heartbeat` as fast as it
   can, then keeps trying to reconnect every 0.5 s. In both runs 柳山乡's screen waits for
   the `content_changed` nudge of a notice approved 30% into the phase; "nudge" is the time
   from sending the approve request to the nudge's arrival. RSS growth is the server's peak
   resident memory during the phase minus its RSS at the start.
2. Login flood. Calm again for comparison, then --login-clients threads (in their own
   process) each GET /admin/login for a csrf_token and a session cookie and POST a wrong
   password for the editor, again and again. Prints the answers' status codes and latencies.
"""
import argparse
import multiprocessing
import re
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import load_text, percentile, print_table  # noqa: E402
from tests.abuse import measure, poll_health, start_server  # noqa: E402

MB = 1024 * 1024
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


def flood_row(label, figures):
    flooder = figures["flooder"]
    nudge = f"{figures['nudge'] * 1000:.0f} ms" if figures["nudge"] is not None else "never (10 s)"
    told = ""
    if flooder:
        refused = [r for r in flooder["refused"] if r]
        told = (f"; flooder sent {flooder['sent']} events, cut off after {flooder['disconnected_after']} s, "
                f"told {flooder['slow_down']}, {len(refused)}/{len(flooder['refused'])} reconnects refused"
                + (f" ({refused[0]['message']!r})" if refused else ""))
    return (f"{label}: other township's nudge {nudge}; RSS growth {figures['rss_growth'] / MB:.1f} MB; "
            f"server CPU {figures['server_cpu']:.2f} s{told}")


def socket_flood(server, dongtang, liushan, seconds):
    calm = measure(server, dongtang, liushan, seconds, flood=False)
    flooded = measure(server, dongtang, liushan, seconds, flood=True)
    print("\n== Socket flood: one screen key emitting heartbeats as fast as it can ==")
    print_table([("/healthz, calm", calm["healthz"]), ("/healthz, one key flooding", flooded["healthz"])])
    print(flood_row("calm", calm))
    print(flood_row("flood", flooded))


# --- login flood -------------------------------------------------------------------------

def login_client(url, user, end, answers):
    import requests
    http = requests.Session()
    while time.monotonic() < end:
        try:
            form = http.get(url + "/admin/login", timeout=30)
            token = CSRF.search(form.text)
            start = time.monotonic()
            posted = http.post(url + "/admin/login", timeout=30, allow_redirects=False,
                               data={"username": user, "password": "wrong-password",
                                     "csrf_token": token.group(1) if token else ""})
            answers.append((posted.status_code, time.monotonic() - start))
            if posted.status_code == 429:
                time.sleep(0.05)
        except requests.RequestException:
            answers.append(("error", 0.0))


def login_flood_process(url, user, clients, seconds, results):
    end = time.monotonic() + seconds
    answers = []
    threads = [threading.Thread(target=login_client, args=(url, user, end, answers)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put(answers)


def login_flood(server, user, clients, seconds):
    calm = []
    poll_health(server.url, seconds, calm, threading.Event())
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=login_flood_process, args=(server.url, user, clients, seconds, results))
    rss_before = server.rss_bytes()
    process.start()
    time.sleep(1)  # the clients' process starting up is not the flood
    flooded = []
    poll_health(server.url, seconds - 1, flooded, threading.Event())
    answers = results.get(timeout=seconds + 120)
    process.join(30)
    print(f"\n== Login flood: {clients} clients posting wrong passwords to /admin/login ==")
    print_table([("/healthz, calm", calm), ("/healthz, login flood", flooded),
                 ("POST /admin/login (all answers)", [t for _, t in answers]),
                 ("POST /admin/login answered 401", [t for s, t in answers if s == 401]),
                 ("POST /admin/login answered 429", [t for s, t in answers if s == 429])])
    counts = Counter(str(s) for s, _ in answers)
    print(f"answers: {dict(counts)}; RSS growth {((server.rss_bytes() or 0) - rss_before) / MB:.1f} MB")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--login-clients", type=int, default=16)
    parser.add_argument("--skip-login", action="store_true")
    parser.add_argument("--quick", action="store_true", help="3 s phases, 4 login clients (a smoke run)")
    args = parser.parse_args(argv)
    if args.quick:
        args.seconds, args.login_clients = 3.0, 4
    with tempfile.TemporaryDirectory(prefix="bench-abuse-") as workdir:
        server, dongtang, liushan = start_server(Path(workdir) / "data")
        try:
            print(f"server pid {server.pid} on {server.url}; {load_text()}")
            socket_flood(server, dongtang, liushan, args.seconds)
            if not args.skip_login:
                done = server.run_command("create-user", "bench-login", "--role", "editor", "--org", "QX-DT",
                                          "--password-stdin", stdin="right-password-123\n")
                assert done.returncode == 0, done.stderr
                login_flood(server, "bench-login", args.login_clients, args.seconds)
            print(f"\n{load_text()} (other work on this machine shows in every figure)")
        finally:
            server.stop()
            errors = [line for line in server.log().splitlines() if "Traceback" in line or "ERROR" in line]
            if errors:
                print(f"server log: {len(errors)} error lines, e.g. {errors[0]}")


if __name__ == "__main__":
    main()
