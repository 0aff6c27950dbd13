"""Helpers for the staff page tests: a logged-in browser session per person, without scrypt."""
import re

import pytest


def log_in(client, name):
    """Act as `name` in this test client's session: a server-side session started as /admin/login
    does after a good password (without paying for scrypt)."""
    from kiosk.auth import idle_limit
    app = client.application
    with app.app_context():
        accounts = app.extensions["kiosk.content"].accounts
        actor = accounts.actor(name)
        session_id = accounts.start_session(actor, app.config["KIOSK_CLOCK"](), idle_limit())
    with client.session_transaction() as session:
        session["_user_id"] = f"{actor.user_id}:{session_id}"
        session["_fresh"] = True
    return client


@pytest.fixture
def pages(app, client, staff):
    """The test client, logged in as a given person, CSRF checks off (one test keeps them on)."""
    app.config["WTF_CSRF_ENABLED"] = False

    def as_person(name):
        return log_in(client, name)
    return as_person


def csrf_of(html):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)[1]


def guide_form(**overrides):
    """A complete guide as the editor form posts it: three materials, two steps, one FAQ."""
    form = {"title": "城乡居民基本养老保险参保登记", "summary": "16周岁以上城乡居民参保。",
            "department": "东塘镇社会保障服务中心", "service_object": "individual", "fee": "不收费",
            "time_limit_type": "immediate", "location": "东塘镇便民服务中心3号窗口", "hours": "工作日 8:30-17:30",
            "phone": "0795-6123456", "visits": "1", "conditions": "年满16周岁\n未参加职工基本养老保险",
            "body": "## 办理须知\n\n请携带材料原件。", "tags": "养老，社保"}
    for n, name in enumerate(("居民身份证", "户口簿", "银行卡")):
        form.update({f"materials-{n}-name": name, f"materials-{n}-copies": "1", f"materials-{n}-form": "original",
                     f"materials-{n}-source": "申请人自备", f"materials-{n}-required": "yes"})
    form.update({"steps-0-name": "受理", "steps-0-actor": "窗口工作人员", "steps-0-duration": "即时",
                 "steps-1-name": "办结", "steps-1-actor": "窗口工作人员", "steps-1-duration": "即时",
                 "faqs-0-q": "可以代办吗？", "faqs-0-a": "可以，需携带委托书。"})
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}
