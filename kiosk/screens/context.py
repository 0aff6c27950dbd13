"""The screens side of the app (displays, alerts, presence...) for views and handlers."""
from flask import current_app


def screens():
    return current_app.extensions["kiosk.screens"]


def broadcaster():
    return current_app.extensions["kiosk.broadcaster"]
