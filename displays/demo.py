"""Demo screens for the demo county, with fixed keys so the README can link to them."""
from dataclasses import replace

from content.demo import AUTHOR

DEMO_SCREENS = [
    ("QX-DT", "demo-dongtang-hall", {"name": "大厅电子屏", "hall": "东塘镇便民服务中心"}),
    ("QX-LS", "demo-liushan-hall", {"name": "大厅电子屏", "hall": "柳山乡便民服务中心", "seconds_per_slide": 20}),
    ("QX-HX", "demo-hexi-portrait", {"name": "入口竖屏", "hall": "河西街道便民服务中心", "orientation": "portrait",
                                     "kinds": ["notice", "guide"]}),
]
DEMO_KIOSKS = [
    ("QX-DT", "demo-dongtang-kiosk", {"name": "大厅查询机", "hall": "东塘镇便民服务中心"}),
    ("QX-LS", "demo-liushan-kiosk", {"name": "大厅查询机", "hall": "柳山乡便民服务中心"}),
    ("QX-HX", "demo-hexi-kiosk", {"name": "大厅查询机", "hall": "河西街道便民服务中心"}),
]


def load_demo_screens(content, screens, now):
    """Add the demo screens once, when the demo county is there and no screen exists yet."""
    if screens.displays.all() or content.orgs.get("QX-DT") is None or content.store.counter("demo_screens"):
        return False
    author = content.accounts.actor(AUTHOR)
    if author is None:
        return False
    # Installing the demo's screens is what the county's admin would do; the demo has no admin
    # account (the README's setup creates the first one), so it acts as one here.
    author = replace(author, role="admin")
    for org, key, fields in DEMO_SCREENS:
        screens.displays.create(author, {**fields, "org": org}, now, key=key)
    for org, key, fields in DEMO_KIOSKS:
        screens.kiosks.create(author, {**fields, "org": org}, now, key=key)
    content.store.bump("demo_screens")
    return True
