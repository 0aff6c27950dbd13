"""The translation layer: 简体 (source), 繁體 (converted by OpenCC) and English.

Every user-facing string of the templates goes through `t(key)`. Record text is converted
to 繁體 on display when the reader chooses it; English applies to the interface only.
"""
import functools
import json
from pathlib import Path

import opencc
from flask import request

LANGUAGES = {"zh-Hans": "简体", "zh-Hant": "繁體", "en": "English"}
_MESSAGES = json.loads(Path(__file__).with_name("messages.json").read_text(encoding="utf-8"))
_TO_TRADITIONAL = opencc.OpenCC("s2twp")


def current_language():
    chosen = request.args.get("lang") or request.cookies.get("lang")
    return chosen if chosen in LANGUAGES else "zh-Hans"


@functools.lru_cache(maxsize=65536)
def to_traditional(text):
    return _TO_TRADITIONAL.convert(text)


def translate(key, language=None, **values):
    """The interface text `key` in `language`; unknown keys show themselves (and are caught by tests)."""
    language = language or current_language()
    entry = _MESSAGES.get(key)
    if entry is None:
        return key
    if language == "en":
        text = entry.get("en") or entry["zh"]
    elif language == "zh-Hant":
        text = to_traditional(entry["zh"])
    else:
        text = entry["zh"]
    return text.format(**values) if values else text


def localise(text, language=None):
    """Record text for display: converted to 繁體 when chosen, else as written."""
    language = language or current_language()
    return to_traditional(text) if language == "zh-Hant" and text else text


def messages_for(language):
    """Every interface string in one language, for page scripts (a JSON <script> tag)."""
    return {key: translate(key, language) for key in _MESSAGES}


def install(app):
    app.jinja_env.globals.update(t=translate, lang=current_language, LANGUAGES=LANGUAGES)
    app.jinja_env.filters["local"] = localise
