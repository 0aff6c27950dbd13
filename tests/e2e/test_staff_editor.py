"""The record editor on a slow office PC: what was typed before the page's script ran shows in
the preview as soon as the script runs, not only at the next key press."""
import pytest

from .test_staff_flow import log_in, people

pytestmark = pytest.mark.e2e


def test_what_was_typed_before_the_script_ran_shows_in_the_preview(server_factory, page):
    server = server_factory()
    people(server)
    log_in(page, server, "wang")
    page.route("**/static/admin/edit.js*", lambda route: route.abort())  # the script is late...
    page.goto(f"{server.url}/admin/records/new?kind=guide")
    page.fill("#f-title", "残疾人两项补贴申请")
    page.fill("#f-body", "## 办理须知\n\n带上残疾人证。")
    assert page.locator("#preview-body h2").count() == 0
    page.unroute("**/static/admin/edit.js*")
    src = page.get_attribute("script[src*='admin/edit.js']", "src")
    page.add_script_tag(url=f"{src}?late=1", type="module")  # ...and runs now
    page.wait_for_selector("#preview-body h2:has-text('办理须知')", timeout=10000)
    assert page.locator("[data-preview-title]").first.inner_text() == "残疾人两项补贴申请"
