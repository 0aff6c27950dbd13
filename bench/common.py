"""Shared pieces of the benchmarks: the real server as a subprocess, timing and tables.

`BenchServer` is a small equivalent of `ServerProcess` in tests/conftest.py rather than an
import of it: conftest.py is a pytest plugin module (it imports pytest and defines
fixtures at import) and tests/ is not a package, so importing it from a script would be
fragile. The differences a benchmark needs: the environment can be prepared and used by
management commands before the server starts, the server's output goes to a log file
(a pipe nobody reads could fill up and stall it), and the server's pid is exposed for
py-spy or /proc readings.
"""
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class BenchServer:
    """`python run.py` on a free port over `data_dir`, plus its management commands."""

    def __init__(self, data_dir, env=None, log_path=None):
        self.data_dir = Path(data_dir)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "KIOSK_DATA_DIR": str(self.data_dir), "KIOSK_HOST": "127.0.0.1",
                    "KIOSK_PORT": str(self.port), "KIOSK_DEMO": "0", **(env or {})}
        self.log_path = Path(log_path) if log_path else self.data_dir.parent / "server.log"
        self.process = None

    def run_command(self, *args, stdin=None, check=True):
        """Run `python run.py ARGS` with the server's environment; returns the CompletedProcess."""
        done = subprocess.run([sys.executable, str(ROOT / "run.py"), *args], cwd=ROOT, input=stdin,
                              env=self.env, capture_output=True, text=True, timeout=120)
        if check and done.returncode != 0:
            raise RuntimeError(f"run.py {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
        return done

    def create_token(self, name, *options):
        return self.run_command("create-token", name, *options).stdout.strip()

    def start(self, timeout=60):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")
        try:
            self.process = subprocess.Popen([sys.executable, str(ROOT / "run.py")], cwd=ROOT,
                                            env=self.env, stdout=log, stderr=subprocess.STDOUT)
        finally:
            log.close()
        wait_until_healthy(self.url, timeout, self)
        return self

    @property
    def pid(self):
        return self.process.pid if self.process else None

    def rss_bytes(self):
        """Resident memory of the server process (Linux /proc), or None."""
        try:
            for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except (OSError, TypeError):
            return None
        return None

    def log_tail(self, chars=3000):
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def wait_until_healthy(url, timeout, server=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{url} not healthy after {timeout}s")


def bearer_session(token):
    """A keep-alive requests.Session that sends the bearer token."""
    import requests
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    return session


# --- figures ---------------------------------------------------------------------------

def percentile(samples, pct):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(pct / 100 * len(ordered)) - 1)]


def summary(samples):
    """{n, median, p95, p99, max} of latencies in seconds, or None for no samples."""
    if not samples:
        return None
    return {"n": len(samples), "median": statistics.median(samples), "p95": percentile(samples, 95),
            "p99": percentile(samples, 99), "max": max(samples)}


TABLE_HEAD = f"{'operation':<48}{'n':>6}{'median':>9}{'p95':>9}{'p99':>9}{'max':>9}   (ms)"


def table_row(label, samples):
    s = summary(samples)
    if s is None:
        return f"{label:<48}{0:>6}" + f"{'-':>9}" * 4
    return f"{label:<48}{s['n']:>6}" + "".join(f"{s[k] * 1000:>9.1f}" for k in ("median", "p95", "p99", "max"))


def print_table(rows, out=sys.stdout):
    """rows: [(label, samples in seconds)]; prints the median/p95/p99/max table."""
    print(TABLE_HEAD, file=out)
    for label, samples in rows:
        print(table_row(label, samples), file=out)


def load_text():
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} CPUs"


def megabytes(size):
    return f"{size / 1e6:.1f} MB"
