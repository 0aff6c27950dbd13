"""The benchmarks still run end to end (smoke runs: their figures are not checked)."""
import subprocess
import sys

import pytest

from tests.server import ROOT

pytestmark = pytest.mark.e2e


def quick_run(script):
    done = subprocess.run([sys.executable, str(ROOT / "bench" / script), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-4000:]
    return done.stdout


def test_the_store_benchmark_prints_its_table():
    out = quick_run("store.py")
    assert "median" in out and "p95" in out and "p99" in out
    for row in ("insert POST", "update PUT If-Match", "approve POST", "search q, new conn",
                "search, 1st after publish", "data dir:", "files: items", "== summary"):
        assert row in out, row


def test_the_fanout_benchmark_prints_its_table():
    out = quick_run("fanout.py")
    for line in ("clock check:", "connect: 20/20", "server RSS:", "publish rounds", "nudge latency over 2 rounds",
                 "all screens updated: per round", "bundle GET 200", "bundle GET 304", "== summary",
                 "targets at 1,000 screens", "start: load average", "end: load average"):
        assert line in out, line
    # every screen was nudged and got the new bundle in both rounds; none dropped
    assert "0 screens never nudged" in out and "incomplete" not in out and "DISCONNECTED" not in out, out[-3000:]


def test_the_cluster_benchmark_prints_its_table():
    """Two processes and Redis: every screen nudged and updated, the killed one's screens back."""
    out = quick_run("cluster.py")
    for line in ("connect: 40/40 screens", "server 1: RSS", "over 1 rounds: nudge p50", "kill: server 1",
                 "its screens: 20 dropped; connected again to a survivor: 20", "and showing the new notice: 20",
                 "every screen of the county showing it:"):
        assert line in out, line
    assert "incomplete" not in out and "ERRORS" not in out and "still not" not in out, out[-3000:]


def test_the_login_flood_benchmark_prints_its_table():
    out = quick_run("login_flood.py")
    for line in ("/healthz, quiet", "/healthz, one address", "/healthz, spread", "login answers", "429"):
        assert line in out, line
@pytest.mark.timeout(900)  # cold CJK renders take minutes on a machine shared with other runs
def test_the_notices_benchmark_prints_its_table():
    """Also the one test of notices rendered by the real gevent server, in its worker process."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "notices.py"), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-4000:]
    for row in ("one-page PDF, cold (render)", "ten-page PDF, cached", "one-page PNG 150 dpi", "== summary"):
        assert row in done.stdout, row


@pytest.mark.timeout(600)
def test_the_scale_benchmark_prints_its_table():
    """The bundle and store sections (the nudge section is fanout.py's own, smoke-tested above)."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "scale.py"), "--quick", "--sections", "bundle,store"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-4000:]
    for line in ("product 200", "bare flask 200", "product 304", "bare flask 304", "ratios (product / bare flask)",
                 "store N=300: preloaded", "update p50"):
        assert line in done.stdout, line
    assert "ERRORS" not in done.stdout, done.stdout[-3000:]
