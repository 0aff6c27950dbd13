"""Who may open the staff pages: logged in for every page, and the permission table for each."""
import functools

from flask import redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from content import permissions
from content.catalogue import ROLES

from ..context import content
from . import bp

OPEN = ("admin.login", "admin.logout")
# The navigation, in order: (endpoint, text, action needed).
NAVIGATION = (("admin.index", _l("工作台"), "item.read"), ("admin.records", _l("内容"), "item.read"),
              ("admin.media", _l("图片视频"), "item.read"),
              ("admin.review_queue", _l("审核"), "item.review"), ("admin.timeliness_page", _l("时限"), "deadline.read"),
              ("admin.screens_page", _l("屏幕"), "display.read"),
              ("admin.kiosks_page", _l("查询机"), "display.manage"), ("admin.alerts_page", _l("预警"), "alert.raise"),
              ("admin.board_page", _l("公示栏"), "board.print"), ("admin.imports_page", _l("导入导出"), "item.import"), ("admin.audit", _l("审计日志"), "audit.read"),
              ("admin.users", _l("用户与令牌"), "user.manage"))

# What the revision list and the audit trail call each action (audit actions are "item.create"...).
ACTION_NAMES = {"create": _l("创建"), "update": _l("修改"), "submit": _l("提交审核"), "approve": _l("审核通过"), "reject": _l("退回修改"),
                "withdraw": _l("撤回"), "session.login": _l("登录"), "alert.raise": _l("发布预警"), "alert.clear": _l("解除预警"),
                "user.create": _l("创建用户"), "user.disable": _l("停用用户"), "user.enable": _l("启用用户"),
                "user.password": _l("重设密码"), "token.issue": _l("签发令牌"), "token.revoke": _l("吊销令牌"),
                "display.create": _l("添加屏幕"), "display.update": _l("修改屏幕"), "display.revoke": _l("停用屏幕"),
                "display.pair": _l("配对屏幕"), "display.rotate_key": _l("更换屏幕密钥"), "display.reload": _l("刷新屏幕"),
                "display.identify": _l("屏幕显示编号"), "calendar.enter": _l("录入节假日安排"),
                "items.import": _l("导入目录"), "notices.board_print": _l("打印公示栏"),
                "kiosk.create": _l("添加查询机"), "kiosk.pair": _l("配对查询机"), "kiosk.update": _l("修改查询机"),
                "kiosk.revoke": _l("停用查询机"), "kiosk.rotate_key": _l("更换查询机密钥"),
                "token.create": _l("签发令牌"), "org.create": _l("新建机构"), "session.login_failed": _l("登录失败")}
ACTOR_NAMES = {"cli": _l("服务器命令行"), "-": _l("未登录")}
# What an audit entry's target ("user:wang") is, named for people ("用户 wang").
TARGET_NOUNS = {"user": _l("用户"), "token": _l("令牌"), "org": _l("机构"), "alert": _l("预警"),
                "display": _l("屏幕"), "kiosk": _l("查询机"), "calendar": _l("节假日安排"), "item": _l("内容")}


def action_name(code):
    name = ACTION_NAMES.get(code) or ACTION_NAMES.get(code.removeprefix("item."))
    return str(name) if name else code


def actor_name(name):
    """Who did it: a person's login name, or 服务器命令行 for commands run on the server."""
    known = ACTOR_NAMES.get(name or "-")
    return str(known) if known else name


def target_name(target):
    """'user:wang' → '用户 wang', 'org:QX-DT' → '机构 东塘镇'; an unknown kind stays as written."""
    noun, _, key = (target or "").partition(":")
    if noun not in TARGET_NOUNS or not key:
        return target or ""
    return f"{TARGET_NOUNS[noun]} {org_name(key) if noun == 'org' else key}"


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
            "role_codes": ROLES, "action_name": action_name,
            "actor_name": actor_name, "target_name": target_name}
