"""An admin who has never seen it pairs a new touch kiosk from the 查询机 page, then gives it a
new key and pairs it again, in real Chromium: the kiosk's own pairing page says where to type
its code, and forgets a key that no longer works."""
import re

import pytest

from .axe import violations
from .test_staff_flow import PHONE, log_in, people, shoot
from .test_staff_operations import pairing_code

pytestmark = pytest.mark.e2e


def test_an_admin_pairs_a_new_kiosk_and_gives_it_a_new_key(browser, server_factory):
    server = server_factory()
    people(server)
    staff = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    hall = browser.new_context(viewport={"width": 1080, "height": 1920}, locale="zh-CN")
    admin, kiosk = staff.new_page(), hall.new_page()
    try:
        code = pairing_code(kiosk, f"{server.url}/kiosk/")
        assert "“查询机”页面" in kiosk.text_content("main"), "the kiosk tells staff where its code goes"

        log_in(admin, server, "zhang")
        admin.click("nav >> text=查询机")
        assert violations(admin) == []
        admin.fill("#f-code", code)
        admin.fill("#f-name", "大厅入口查询机")
        admin.fill("#f-hall", "东塘镇便民服务中心")
        admin.click("form.pair button:has-text('配对')")
        admin.wait_for_selector("text=已配对")
        kiosk.wait_for_url(re.compile(r"/kiosk/[^/?#]+([?#].*)?$"), timeout=15000)  # the pairing page itself is /kiosk/
        kiosk.wait_for_selector("text=东塘镇便民服务中心")
        old_address = kiosk.url
        assert violations(admin) == []
        shoot(admin, "kiosk")

        admin.click("summary:has-text('更换密钥或停用')")
        admin.click("button:has-text('更换密钥')")
        admin.wait_for_selector("#confirm_key-error")  # not ticked: nothing changed
        assert kiosk.request.get(old_address).status == 200
        admin.check("form:has(button:has-text('更换密钥')) input[name=confirm]")
        admin.click("button:has-text('更换密钥')")
        admin.wait_for_selector("text=已更换密钥")
        assert kiosk.request.get(old_address).status == 404
        new_address = admin.text_content("code.address")
        assert kiosk.request.get(server.url + new_address).status == 200

        # on the kiosk, the pairing page forgets the dead key and shows a fresh code to claim again
        admin.fill("#f-code", pairing_code(kiosk, f"{server.url}/kiosk/"))
        admin.click("form.pair button:has-text('配对')")
        admin.wait_for_selector("text=已配对")
        kiosk.wait_for_url(f"**{new_address}", timeout=15000)

        admin.click("a:has-text('全部查询机')")
        assert "大厅入口查询机" in admin.text_content("main")
        admin.set_viewport_size(PHONE)
        assert violations(admin) == []
        shoot(admin, "kiosks")
    finally:
        staff.close()
        hall.close()
