"""The fan-out benchmark still runs end to end (a smoke run; its figures are not checked)."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.e2e
def test_fanout_bench_quick_run_prints_its_table():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "fanout.py"), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-4000:]
    out = done.stdout
    for line in ("clock check:", "connect: 20/20", "server RSS:", "publish rounds", "nudge latency over 2 rounds",
                 "all screens updated: per round", "bundle GET 200", "bundle GET 304", "== summary",
                 "targets at 1,000 screens", "start: load average", "end: load average"):
        assert line in out, line
    # every screen was nudged and got the new bundle in both rounds; none dropped
    assert "0 screens never nudged" in out and "incomplete" not in out and "DISCONNECTED" not in out, out[-3000:]
