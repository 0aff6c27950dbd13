"""The store benchmark still runs end to end (a smoke run; its figures are not checked)."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.e2e
def test_store_bench_quick_run_prints_its_table():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "store.py"), "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]
    out = done.stdout
    assert "median" in out and "p95" in out and "p99" in out
    for row in ("insert POST", "update PUT If-Match", "approve POST", "search q, new conn",
                "search, 1st after publish"):
        assert row in out, row
    assert "data dir:" in out and "files: items" in out and "== summary" in out
