"""Who may do what: one table of role × action, read by the API, the domain and the pages.

Every action is also bounded by org: staff act within their org and the orgs below it
(county staff over every township); another org's records answer 404, never 403.
"""
from .errors import Forbidden

ROLES = ("editor", "reviewer", "admin")
EVERYONE = frozenset(ROLES)
REVIEWERS = frozenset({"reviewer", "admin"})
ADMINS = frozenset({"admin"})

# action: roles that may take it. Reviewers and admins also write: a township office is small,
# and four-eyes (content/workflow.py) keeps anyone from approving what they wrote.
PERMISSIONS = {
    "item.read": EVERYONE,
    "item.write": EVERYONE,        # create, edit, restore an old version as a new draft
    "item.submit": EVERYONE,
    "item.review": REVIEWERS,      # the review queue and page
    "item.approve": REVIEWERS,
    "item.reject": REVIEWERS,
    "item.withdraw": REVIEWERS,
    "alert.raise": REVIEWERS,
    "alert.clear": REVIEWERS,      # whoever may raise an alert may clear it
    "display.read": EVERYONE,      # the screens page: online, version, what is showing
    "display.command": REVIEWERS,  # reload a screen, show its number
    "display.manage": ADMINS,      # add, configure, pair, retire screens, rotate keys
    "deadline.read": EVERYONE,     # the timeliness board
    "calendar.enter": ADMINS,      # enter a year's official holiday schedule
    "item.import": EVERYONE,       # import a catalogue sheet (rows become drafts)
    "board.print": EVERYONE,       # print the paper 公示栏 set (any clerk may refresh the board)
    "audit.read": ADMINS,
    "user.manage": ADMINS,         # create, disable, reset passwords
    "token.manage": ADMINS,        # issue and revoke API tokens
}

# What each action means, for the README table and the pages.
LABELS = {
    "item.read": "查看内容", "item.write": "编写、修改、恢复旧版本", "item.submit": "提交审核",
    "item.review": "审核队列", "item.approve": "审核通过并发布", "item.reject": "退回修改",
    "item.withdraw": "撤回已发布内容", "alert.raise": "发布紧急预警", "alert.clear": "解除紧急预警",
    "display.read": "查看屏幕状态", "display.command": "刷新屏幕、显示编号",
    "display.manage": "添加、配置、配对、停用屏幕", "deadline.read": "查看时限看板", "calendar.enter": "录入节假日安排",
    "item.import": "导入目录表格", "board.print": "打印公示栏", "audit.read": "查看审计日志", "user.manage": "管理用户", "token.manage": "签发、吊销接口令牌",
}


def allowed(actor, action):
    """True when the actor's role may take `action` (org scope is checked by the caller)."""
    return actor is not None and actor.role in PERMISSIONS[action]


def require(actor, action):
    """Refuse with Forbidden unless the actor's role may take `action`."""
    if not allowed(actor, action):
        raise Forbidden(f"{action} needs one of the roles {', '.join(sorted(PERMISSIONS[action]))} "
                        f"(you are {actor.role})")
