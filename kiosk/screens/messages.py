"""The player's interface text, handed to its script as a JSON block (no Jinja inside JS).

Keys are what player.js looks up; the texts go through the gettext catalogues like every
other interface string. Words in braces are filled in by the player.
"""
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

PLAYER_MESSAGES = {
    "screen.page": _l("第 {page}/{pages} 页"),
    "screen.countdown_label": _l("公示期剩余"),
    "screen.countdown_days": _l("{days} 天"),
    "screen.countdown_hours": _l("{hours} 小时"),
    "screen.qr_label": _l("二维码：用手机扫码查看《{title}》全文"),
    "screen.scan": _l("扫码查看全文"),
    "screen.nothing": _l("暂无公开内容"),
    "screen.alert": _l("紧急通知"),
    "screen.ticker_still": _l("用手机扫描二维码，可查看全文"),
    "screen.offline": _l("● 离线播放中"),
    "screen.unpaired": _l("本屏幕未登记，请联系工作人员"),
}


def player_messages(locale="zh_Hans"):
    """The player's texts as plain strings: 简体 on a wall, whatever a staff browser chose."""
    with force_locale(locale):
        return {key: str(text) for key, text in PLAYER_MESSAGES.items()}
