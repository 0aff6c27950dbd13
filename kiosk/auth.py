"""Who is asking: a bearer token, or a logged-in session that also sends its CSRF token.

A session alone never turns the public API into the staff one: a kiosk page opened in a
browser where someone once logged in must still show residents only public records.
"""
from flask import request
from flask_login import LoginManager, UserMixin, current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from content.errors import ContentError, Forbidden

from .context import content

login_manager = LoginManager()
login_manager.login_view = "admin.login"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class Unauthorized(ContentError):
    status = 401
    code = "unauthorized"


class StaffUser(UserMixin):
    def __init__(self, actor):
        self.actor = actor

    def get_id(self):
        return self.actor.name


@login_manager.user_loader
def load_user(name):
    actor = content().accounts.actor(name)
    return StaffUser(actor) if actor else None


def request_actor():
    """The staff Actor behind this request, or None for a resident (public) request."""
    header = request.headers.get("Authorization")
    if header is not None:
        scheme, _, token = header.strip().partition(" ")
        actor = content().accounts.actor_for_token(token.strip()) if scheme.lower() == "bearer" else None
        if actor is None:
            raise Unauthorized("the bearer token is unknown or revoked (Authorization: Bearer <token>)")
        return actor
    if current_user.is_authenticated:
        token = request.headers.get("X-CSRFToken") or request.headers.get("X-CSRF-Token")
        if token:
            try:
                validate_csrf(token)
            except (ValidationError, CSRFError):
                raise Forbidden("the CSRF token is missing, expired or wrong; reload the page") from None
            return current_user.actor
        if request.method not in SAFE_METHODS:
            raise Forbidden("send the page's CSRF token in the X-CSRFToken header")
    return None


def staff_actor():
    """The staff Actor, or 401 when the request carries no credentials."""
    actor = request_actor()
    if actor is None:
        raise Unauthorized("log in, or send Authorization: Bearer <token>")
    return actor
