"""The wall player's layout time: how long measuring and paging a slide takes in Chromium.

Usage: .venv/bin/python bench/layout.py [--rounds 5]   (also run by bench/fanout.py --layout)

Starts the real server with the demo county (KIOSK_DEMO=1), opens each demo screen in
Debian's Chromium (Playwright) at its wall size, and lays out every live slide `rounds`
times with the player's own code (slides.js layoutSlide, into the hidden measuring stage),
as a screen does once per bundle and screen size. Prints ms per page (a slide's time
divided by its pages): median, p95 and max, first round (cold: fonts and caches) apart, and
Chromium's CPU time per page over all rounds (wall time grows with the machine's load).
Target: < 50 ms per page. Not a pass/fail test; the machine's load is printed beside it.
"""
import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.server import ServerProcess  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
SCREENS = [("demo-dongtang-hall", 1920, 1080), ("demo-dongtang-hall", 1080, 1920),
           ("demo-hexi-portrait", 1080, 1920), ("demo-liushan-hall", 1920, 1080)]
TARGET_MS = 50
MEASURE = """async (rounds) => {
  const { layoutSlide } = await import('/static/screens/slides.js');
  const messages = JSON.parse(document.getElementById('messages').textContent);
  window.screenPlayer.hold(-1);  // stop the rotation: only the measuring stage works
  const out = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const slide of window.screenPlayer.liveSlides()) {
      const started = performance.now();
      const layout = layoutSlide(slide, document.getElementById('measure'), messages);
      out.push({ round, id: slide.id, pages: layout.pages.length, ms: performance.now() - started });
    }
  }
  return out;
}"""


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure_layout(rounds=5, out=print):
    """Lay out every demo slide in Chromium; print and return the per-page figures."""
    from playwright.sync_api import sync_playwright
    if not os.path.exists(CHROMIUM):
        out(f"layout: skipped ({CHROMIUM} missing)")
        return []
    results = []
    with tempfile.TemporaryDirectory(prefix="kiosk-layout-") as tmp:
        server = ServerProcess(Path(tmp) / "data", {"KIOSK_DEMO": "1"}).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                                     args=["--no-sandbox", "--disable-gpu"])
                for key, width, height in SCREENS:
                    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                                  timezone_id="Asia/Shanghai")
                    page = context.new_page()
                    page.goto(f"{server.url}/screen/{key}")
                    page.wait_for_function("() => window.screenPlayer && window.screenPlayer.etag")
                    before = chromium_cpu_seconds()
                    rows = page.evaluate(MEASURE, rounds)
                    cpu = chromium_cpu_seconds() - before
                    context.close()
                    results.append(summarise(key, width, height, rows, out, cpu))
                browser.close()
        finally:
            server.stop()
    worst = max((r["warm_p95"] for r in results), default=0)
    cpu = max((r["cpu_per_page"] or 0 for r in results), default=0)
    out(f"layout target: < {TARGET_MS} ms per page; warm p95 worst {worst:.1f} ms wall, {cpu:.1f} ms CPU "
        f"({'met' if worst < TARGET_MS else 'NOT met'}); load {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    return results


def chromium_cpu_seconds():
    """CPU time (user + system) of every Chromium process of this run: unlike wall time, it does
    not grow when other work on the machine keeps the renderer waiting for a core."""
    import psutil
    total = 0.0
    for child in psutil.Process().children(recursive=True):
        try:
            if "chrom" in child.name():
                times = child.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            pass
    return total


def summarise(key, width, height, rows, out, cpu=None):
    cold = [r["ms"] / r["pages"] for r in rows if r["round"] == 0]
    warm = [r["ms"] / r["pages"] for r in rows if r["round"] > 0] or cold
    pages = sum(r["pages"] for r in rows if r["round"] == 0)
    slides = sum(1 for r in rows if r["round"] == 0)
    figure = {"screen": key, "size": f"{width}x{height}", "slides": slides, "pages": pages,
              "cold_median": statistics.median(cold), "cold_max": max(cold),
              "warm_median": statistics.median(warm), "warm_p95": percentile(warm, 0.95), "warm_max": max(warm)}
    total_pages = sum(r["pages"] for r in rows)
    figure["cpu_per_page"] = cpu * 1000 / total_pages if cpu is not None and total_pages else None
    cpu_text = f"; Chromium CPU {figure['cpu_per_page']:.1f} ms per page" if figure["cpu_per_page"] is not None else ""
    out(f"layout {key} {width}×{height}: {slides} slides, {pages} pages; wall ms per page: "
        f"median {figure['warm_median']:.1f}, p95 {figure['warm_p95']:.1f}, max {figure['warm_max']:.1f} "
        f"(first round: median {figure['cold_median']:.1f}, max {figure['cold_max']:.1f}){cpu_text}")
    return figure


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    opts = parser.parse_args(argv)
    measure_layout(opts.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
