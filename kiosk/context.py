"""Access to the application's domain objects from views and socket handlers."""
from flask import current_app


def content():
    """The Content (store, orgs, accounts, library) this app serves."""
    return current_app.extensions["kiosk.content"]


def library():
    return content().library
