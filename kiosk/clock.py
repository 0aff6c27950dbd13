"""The one place the application reads the wall clock (tests swap it for a fixed one)."""
import datetime as dt

from flask import current_app

from content.dates import DEFAULT_TZ


def system_now():
    return dt.datetime.now(DEFAULT_TZ)


def now():
    return current_app.config["KIOSK_CLOCK"]()
