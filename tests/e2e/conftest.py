"""Real Chromium (Debian's, through Playwright) against a real server subprocess."""
import os

import pytest
import requests

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN",
                                  timezone_id="Asia/Shanghai")
    page = context.new_page()
    yield page
    context.close()


class Api:
    """A staff client of a running server, with an editor, a reviewer and an admin token."""

    def __init__(self, server):
        self.url = server.url
        self.editor = {"Authorization": "Bearer " + _token(server, "e2e-editor", "editor")}
        self.reviewer = {"Authorization": "Bearer " + _token(server, "e2e-reviewer", "reviewer")}
        self.admin = {"Authorization": "Bearer " + _token(server, "e2e-admin-api", "admin")}
        self.http = requests.Session()

    def call(self, method, path, who="editor", headers_extra=None, **kwargs):
        response = self.http.request(method, self.url + path, headers={**getattr(self, who), **(headers_extra or {})},
                                     timeout=10, **kwargs)
        assert response.status_code < 300, (response.status_code, response.text)
        return response.json()

    def publish(self, **record):
        created = self.call("POST", "/api/v1/items", json=record)
        submitted = self.call("POST", f"/api/v1/items/{created['id']}/submit")
        return self.call("POST", f"/api/v1/items/{created['id']}/approve", who="reviewer",
                         headers_extra={"If-Match": f'"{submitted["rev"]}"'})


def _token(server, name, role):
    result = server.run_command("create-token", name, "--role", role)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.fixture
def api_for():
    return Api
