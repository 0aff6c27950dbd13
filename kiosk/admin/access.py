"""Who may open the staff pages: logged in for every page, and the permission table for each."""
import functools

from flask import redirect, request, url_for
from flask_babel import gettext
from flask_login import current_user

from content import permissions
from content.catalogue import ROLES

from ..context import content
from . import bp

OPEN = ("admin.login", "admin.logout")
# The navigation, in order: (endpoint, text, action needed). Operations pages (screens, alerts,
# deadlines, imports) join this list when they are built.
NAVIGATION = (("admin.index", "工作台", "item.read"), ("admin.records", "内容", "item.read"),
              ("admin.review_queue", "审核", "item.review"), ("admin.audit", "审计日志", "audit.read"),
              ("admin.users", "用户与令牌", "user.manage"))

# What the revision list and the audit trail call each action (audit actions are "item.create"...).
ACTION_NAMES = {"create": "创建", "update": "修改", "submit": "提交审核", "approve": "审核通过", "reject": "退回修改",
                "withdraw": "撤回", "session.login": "登录", "alert.raise": "发布预警", "alert.clear": "解除预警",
                "user.create": "创建用户", "user.disable": "停用用户", "user.enable": "启用用户",
                "user.password": "重设密码", "token.issue": "签发令牌", "token.revoke": "吊销令牌",
                "display.create": "添加屏幕", "display.update": "修改屏幕", "display.revoke": "停用屏幕",
                "display.pair": "配对屏幕", "display.rotate_key": "更换屏幕密钥", "display.reload": "刷新屏幕",
                "display.identify": "屏幕显示编号"}


def action_name(code):
    name = ACTION_NAMES.get(code) or ACTION_NAMES.get(code.removeprefix("item."))
    return gettext(name) if name else code


@bp.before_request
def require_login():
    if request.endpoint in OPEN or current_user.is_authenticated:
        return None
    return redirect(url_for("admin.login", next=request.full_path.rstrip("?")))


def me():
    return current_user.actor


def needs(action):
    """A view for those whose role may take `action` (403 for the others)."""
    def wrap(view):
        @functools.wraps(view)
        def guarded(*args, **kwargs):
            permissions.require(me(), action)
            return view(*args, **kwargs)
        return guarded
    return wrap


def org_name(code):
    org = content().orgs.get(code)
    return org.name if org else code


@bp.context_processor
def page_helpers():
    if not current_user.is_authenticated:
        return {}
    actor = me()
    return {"me": actor, "can": lambda action: permissions.allowed(actor, action), "org_name": org_name,
            "navigation": [(e, t) for e, t, a in NAVIGATION if permissions.allowed(actor, a)],
            "role_codes": ROLES, "action_name": action_name}
