"""Shared pieces of the benchmarks: timing, tables, sessions. The server itself runs as
tests/server.py's ServerProcess, the same one the end-to-end tests use."""
import math
import os
import statistics
import sys


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
