"""The translation layer: Flask-Babel gettext catalogues for the interface, OpenCC for records.

Interface text is written in 简体 in the templates and code (`_('办事指南')`) and translated
through `kiosk/translations/<locale>/LC_MESSAGES/messages.po`: 繁體 (zh_Hant, seeded with
OpenCC's Hong Kong standard characters `s2hk`, then kept as a catalogue) and English.
`make translations` extracts, merges and compiles them (see kiosk/translations/update.py).

Record text is converted to 繁體 at display time when a reader chooses it (`| local`),
with the same standard-character conversion; English applies to the interface only.
"""
import functools

import opencc
from flask import request
from flask_babel import Babel, get_locale, gettext, lazy_gettext, ngettext

from content import catalogue

# The language a reader picks (?lang=..., kept in a cookie) → the Babel locale behind it.
LANGUAGES = {"zh-Hans": "简体", "zh-Hant": "繁體", "en": "English"}
LOCALES = {"zh-Hans": "zh_Hans", "zh-Hant": "zh_Hant", "en": "en"}
DEFAULT = "zh-Hans"
COOKIE = "lang"
# Standard traditional characters (Hong Kong), never s2twp: its Taiwanese vocabulary turns
# 窗口 into 視窗 and 发布 into 釋出, which reads wrong in a service hall.
_TO_TRADITIONAL = opencc.OpenCC("s2hk")


def current_language():
    """The reader's choice for this request: ?lang= first, then the cookie, else 简体."""
    chosen = request.args.get("lang") or request.cookies.get(COOKIE)
    return chosen if chosen in LANGUAGES else DEFAULT


def _select_locale():
    return LOCALES[current_language()]


@functools.lru_cache(maxsize=65536)
def to_traditional(text):
    return _TO_TRADITIONAL.convert(text)


def localise(text, language=None):
    """Record text for display: converted to 繁體 when chosen, else as written."""
    language = language or current_language()
    return to_traditional(text) if language == "zh-Hant" and isinstance(text, str) and text else text


def label(group, code):
    """A catalogue code shown by its name in the reader's language (`label('kinds', 'guide')`)."""
    names = catalogue.catalogue().get(group)
    name = names.get(code) if isinstance(names, dict) else None
    return gettext(name) if name else code


def area_name(area):
    """A disclosure's 公开领域 (a catalogue name) in the reader's language."""
    return localise(gettext(area)) if isinstance(area, str) and area else area


def html_lang():
    return current_language()


def install(app):
    """Bind Flask-Babel and give templates `_`, `ngettext`, `label`, `lang`, `| local` and `| area`."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", LOCALES[DEFAULT])
    Babel(app, locale_selector=_select_locale)
    app.jinja_env.globals.update(lang=current_language, LANGUAGES=LANGUAGES, label=label, get_locale=get_locale)
    app.jinja_env.filters["local"] = localise
    app.jinja_env.filters["area"] = area_name

    @app.after_request
    def _remember_language(response):
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and request.cookies.get(COOKIE) != chosen:
            response.set_cookie(COOKIE, chosen, samesite="Lax", httponly=True)
        return response


__all__ = ["LANGUAGES", "area_name", "current_language", "gettext", "label", "lazy_gettext", "localise", "ngettext",
           "install"]
