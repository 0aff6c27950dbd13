"""Printed-notice benchmark: render time of A4 notices, cold and cached, and the event-loop stall.

Usage: .venv/bin/python bench/notices.py [--quick] [--one-page N] [--ten-page N] [--cached N]

Starts the real server (`python run.py`, gevent) on an empty data dir, publishes through the
API some one-page notices (a short 通知) and some ten-page ones (a 公示 with a 270-row table),
then measures over HTTP, one request at a time:
- cold: the first GET /items/<id>/notice.pdf of each record (a render in the worker thread);
- cached: repeated GETs of the same notices (memory cache);
- png: GET /items/<id>/notice.png, first (rasterised from the cached PDF) and repeated;
- cpu: the CPU seconds of one render in this process (the worker's work without its start-up),
  a figure that a busy machine does not inflate the way it inflates wall time;
- stall: while a ten-page notice renders cold, another thread polls GET /healthz every 10 ms;
  the healthz latencies during the render, against the same polling while idle, show how
  long the server's event loop was kept from answering.
Figures are printed; nothing is asserted.
"""
import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import bearer_session, load_text, print_table  # noqa: E402
from tests.server import ServerProcess  # noqa: E402

TABLE_ROWS = 270  # ≈ ten A4 pages


def notice(i, ten_pages):
    if not ten_pages:
        return {"kind": "notice", "title": f"便民服务中心办公时间调整通知（第{i}号）",
                "summary": "元旦期间办公时间调整。", "body": "1月1日休息，1月2日起正常办公。\n\n咨询电话：0795-6123456。"}
    rows = "\n".join(f"| 户主{i}-{r:03d} | {r % 5 + 1} | {900 + r}元 | 东塘镇第{r % 9 + 1}村 |" for r in range(TABLE_ROWS))
    return {"kind": "disclosure", "title": f"城乡低保对象公示（第{i}批）", "department": "社会事务办公室",
            "area": "社会救助", "stage": "result", "publish_at": "2020-01-01T00:00:00+08:00",
            "expire_at": "2099-12-31T00:00:00+08:00",
            "body": "## 名单\n\n| 户主 | 人数 | 月保障金 | 住址 |\n|---|---|---|---|\n" + rows}


def publish(editor, reviewer, url, payload):
    created = editor.post(f"{url}/api/v1/items", json=payload)
    created.raise_for_status()
    item = created.json()["id"]
    submitted = editor.post(f"{url}/api/v1/items/{item}/submit", headers={"If-Match": f'"{created.json()["rev"]}"'})
    submitted.raise_for_status()
    reviewer.post(f"{url}/api/v1/items/{item}/approve",
                  headers={"If-Match": f'"{submitted.json()["rev"]}"'}).raise_for_status()
    return item


def timed_get(session, url):
    start = time.perf_counter()
    response = session.get(url)
    elapsed = time.perf_counter() - start
    response.raise_for_status()
    return elapsed, response


def poll_healthz(url, stop, samples, period=0.01):
    import requests
    session = requests.Session()
    while not stop.is_set():
        start = time.perf_counter()
        session.get(url + "/healthz").raise_for_status()
        samples.append(time.perf_counter() - start)
        time.sleep(period)


def with_polling(url, work):
    """Run work() while polling /healthz; (result, healthz latencies during it)."""
    stop, samples = threading.Event(), []
    poller = threading.Thread(target=poll_healthz, args=(url, stop, samples))
    poller.start()
    try:
        return work(), samples
    finally:
        stop.set()
        poller.join()


def cpu_seconds(ten_pages):
    """CPU time of one cold render of a benchmark notice, in this process."""
    from content.notices.layout import build_document
    from content.notices.pdf import render_pdf
    record = {**notice(0, ten_pages), "index_no": "QX/2026-00001"}
    document = build_document(record, "青溪县", "https://kiosk.example.cn/v/0000000000", "00000-00000")
    start = time.process_time()
    render_pdf(document)
    return time.process_time() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--one-page", type=int, default=10)
    parser.add_argument("--ten-page", type=int, default=5)
    parser.add_argument("--cached", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="a smoke run: 2 + 1 notices, 10 cached GETs")
    args = parser.parse_args()
    if args.quick:
        args.one_page, args.ten_page, args.cached = 2, 1, 10
    print(f"start: {load_text()}")
    with tempfile.TemporaryDirectory() as folder:
        with ServerProcess(Path(folder) / "data").start() as server:
            editor = bearer_session(server.create_token("bench"))
            reviewer = bearer_session(server.create_token("bench-reviewer", "--role", "reviewer"))
            measure(server, args, editor, reviewer)
    print(f"end: {load_text()}")


def measure(server, args, editor, reviewer):
    import requests
    url = server.url
    ones = [publish(editor, reviewer, url, notice(i, False)) for i in range(args.one_page)]
    tens = [publish(editor, reviewer, url, notice(i, True)) for i in range(args.ten_page)]
    public = requests.Session()
    _, idle = with_polling(url, lambda: time.sleep(1.0))
    cold_one = [timed_get(public, f"{url}/items/{i}/notice.pdf")[0] for i in ones]
    cold_ten, during = [], []
    for item in tens:
        (elapsed, response), samples = with_polling(url, lambda: timed_get(public, f"{url}/items/{item}/notice.pdf"))
        cold_ten.append(elapsed)
        during.extend(samples)
    pages = response.content.count(b"/Type /Page\n") or response.content.count(b"/Type /Page")
    cached_one = [timed_get(public, f"{url}/items/{ones[n % len(ones)]}/notice.pdf")[0] for n in range(args.cached)]
    cached_ten = [timed_get(public, f"{url}/items/{tens[n % len(tens)]}/notice.pdf")[0] for n in range(args.cached)]
    png_first = [timed_get(public, f"{url}/items/{i}/notice.png")[0] for i in ones]
    png_cached = [timed_get(public, f"{url}/items/{ones[n % len(ones)]}/notice.png")[0] for n in range(args.cached)]
    print(f"ten-page notice: {TABLE_ROWS} table rows, {pages} pages, {len(response.content) / 1e3:.0f} kB")
    print_table([("one-page PDF, cold (render)", cold_one), ("ten-page PDF, cold (render)", cold_ten),
                 ("one-page PDF, cached", cached_one), ("ten-page PDF, cached", cached_ten),
                 ("one-page PNG 150 dpi, first (from cached PDF)", png_first),
                 ("one-page PNG 150 dpi, cached", png_cached),
                 ("GET /healthz, idle (every 10 ms)", idle),
                 ("GET /healthz during ten-page cold renders", during)])
    print(f"render CPU time in-process: one-page {cpu_seconds(False):.2f} s, ten-page {cpu_seconds(True):.2f} s "
          "(wall times above: the first cold render also starts the worker process; all are inflated by the machine's load)")
    print(f"== summary: event-loop stall during a cold ten-page render: healthz max "
          f"{max(during) * 1000:.1f} ms over {len(during)} polls (idle max {max(idle) * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
