"""The pages and the screen player run under the Content-Security-Policy without a single
violation: no inline script or style, nothing from another host."""
import pytest

from tests.media_samples import image_bytes

pytestmark = pytest.mark.e2e

WATCH = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push([e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(' '));
});
"""


def test_kiosk_record_login_staff_and_player_pages_raise_no_csp_violation(server_factory, browser, api_for):
    server = server_factory()
    api = api_for(server)
    record = api.publish(kind="notice", title="便民服务中心元旦假期办公安排", summary="1月1日休息，2日起正常办公。",
                         body="**办公时间**调整如下：\n\n| 日期 | 安排 |\n|---|---|\n| 1月1日 | 休息 |")
    display = api.call("POST", "/api/v1/displays", json={"name": "大厅屏", "hall": "便民服务中心"}, who="admin")
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    context.add_init_script(WATCH)
    console = []
    page = context.new_page()
    page.on("console", lambda message: console.append(message.text))
    try:
        visited = {}
        for name, path, ready in [
            ("kiosk home", "/", ".records"),
            ("record page", f"/items/{record['id']}", "h1"),
            ("admin login", "/admin/login", "form.login"),
            ("screen player", f"/screen/{display['key']}", ".slide-title"),
        ]:
            response = page.goto(server.url + path)
            assert response.status == 200, (name, response.status)
            assert "script-src 'self'" in response.headers["content-security-policy"], name
            page.wait_for_selector(ready, timeout=10000)
            if name == "screen player":
                page.wait_for_function("() => window.screenPlayer && window.screenPlayer.online", timeout=10000)
                page.wait_for_selector("#stage img, #stage svg, .slide-qr", timeout=10000)
            # late loads report too: images in view (the QR code is lazy), then fonts and the worker
            page.wait_for_function("() => [...document.images].filter((i) => i.getBoundingClientRect().top"
                                   " < innerHeight).every((i) => i.complete)", timeout=10000)
            page.wait_for_timeout(300)
            visited[name] = page.evaluate("() => window.__cspViolations")
        server.run_command("create-user", "wang", "--role", "editor", "--password-stdin", stdin="s3cret-pass\n",
                           check=True)
        page.goto(server.url + "/admin/login")
        page.fill("#username", "wang")
        page.fill("#password", "s3cret-pass")
        page.click("button[type=submit]")
        page.wait_for_selector("h1:has-text('工作台')", timeout=10000)
        page.wait_for_timeout(300)
        visited["staff list"] = page.evaluate("() => window.__cspViolations")
        poster = api.http.post(api.url + "/api/v1/media", headers=api.editor, timeout=30,
                               files={"file": ("poster.png", image_bytes("PNG", (640, 360)))}, data={"title": "防火海报"})
        assert poster.status_code == 201, poster.text
        page.goto(server.url + "/admin/media")
        page.wait_for_selector("img.media-thumb", timeout=10000)
        page.wait_for_function("() => [...document.querySelectorAll('img.media-thumb')].every((i) => i.complete && i.naturalWidth)",
                               timeout=10000)
        visited["media list"] = page.evaluate("() => window.__cspViolations")
        blocked = [text for text in console if "Content Security Policy" in text or "Refused to" in text]
        assert visited == {name: [] for name in visited} and not blocked, (visited, blocked)
    finally:
        context.close()
