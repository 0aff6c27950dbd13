"""A cold render of a long notice (seconds of CPU) leaves the real gevent server answering:
it runs in the render worker process, not on the event loop."""
import time

import pytest
import requests

from bench.notices import with_polling
from tests.kiosk.test_notices import ROWS

pytestmark = [pytest.mark.e2e, pytest.mark.timing]
STALL_MS = 250  # far above a loop tick on a busy shared machine, far below a render held on the loop


def test_a_cold_ten_page_render_does_not_hold_up_the_server(server_factory, api_for):
    server = server_factory()
    api = api_for(server)
    rows = "\n".join(f"| 户主{i:03d} | {i % 5 + 1} | {1000 + i}元 | 东塘镇石桥村{i % 9 + 1}组 |" for i in range(ROWS))
    record = api.publish(kind="notice", title="城乡低保对象名单", summary="现予公示。",
                         body="| 户主 | 人数 | 月保障金 | 住址 |\n|---|---|---|---|\n" + rows)
    url = f"{server.url}/items/{record['id']}/notice.pdf"

    def render():
        start = time.perf_counter()
        response = requests.get(url, timeout=300)
        return response, time.perf_counter() - start

    (response, seconds), healthz = with_polling(server.url, render)
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert seconds > 0.5 and len(healthz) > 5, "the render took long enough for the polling to mean something"
    assert max(healthz) * 1000 < STALL_MS, f"/healthz waited {max(healthz) * 1000:.0f} ms behind a {seconds:.1f} s render"
