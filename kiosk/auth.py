"""Who is asking: a bearer token, or a logged-in session that also sends its CSRF token.

A session alone never turns the public API into the staff one: a kiosk page opened in a
browser where someone once logged in must still show residents only public records.

A login session is a row on the server (content/sessions.py); the cookie carries
"<user id>:<session id>", so logout, a password change or disabling the user ends every
copy of the cookie, and a session unused for KIOSK_SESSION_IDLE_MINUTES ends by itself.
"""
import datetime as dt

from flask import current_app, request
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, validate_csrf
from wtforms.validators import ValidationError

from content.errors import ContentError, Forbidden

from .clock import now
from .context import content

login_manager = LoginManager()
login_manager.login_view = "admin.login"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class Unauthorized(ContentError):
    status = 401
    code = "unauthorized"


class StaffUser(UserMixin):
    def __init__(self, actor, session_id):
        self.actor = actor
        self.session_id = session_id

    def get_id(self):
        return f"{self.actor.user_id}:{self.session_id}"


@login_manager.user_loader
def load_user(value):
    user_id, _, session_id = str(value).partition(":")
    if not (user_id.isascii() and user_id.isdigit() and len(user_id) < 16 and session_id):
        return None  # a cookie from before sessions were kept on the server: log in again
    actor = content().accounts.session_actor(int(user_id), session_id, now(), idle_limit())
    return StaffUser(actor, session_id) if actor else None


def idle_limit():
    return dt.timedelta(minutes=current_app.config["KIOSK_SESSION_IDLE_MINUTES"])


def start_session(actor):
    """Log the actor in with a new server-side session."""
    login_user(StaffUser(actor, content().accounts.start_session(actor, now(), idle_limit())))


def end_session():
    """Log out: the server forgets the session, so a copied cookie stops working too."""
    if current_user.is_authenticated:
        content().accounts.end_session(current_user.session_id)
    logout_user()


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
