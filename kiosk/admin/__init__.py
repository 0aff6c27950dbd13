"""The staff pages: login, logout and password change here; each area in its own module."""
from urllib.parse import unquote, urlsplit

from flask import Blueprint, current_app, make_response, redirect, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from content.errors import ContentError

from ..clock import now
from ..context import content, library
from ..login_limits import FailureCounter, hold_back_refused, limit_logins, remember_device, retry_after

bp = Blueprint("admin", __name__, url_prefix="/admin")


class LoginForm(FlaskForm):
    username = StringField(validators=[DataRequired(), Length(max=64)])
    password = PasswordField(validators=[DataRequired(), Length(max=256)])


class PasswordForm(FlaskForm):
    old = PasswordField(validators=[DataRequired(), Length(max=256)])
    new = PasswordField(validators=[DataRequired(), Length(min=8, max=256)])
    confirm = PasswordField(validators=[DataRequired(), EqualTo("new")])


@bp.route("/login", methods=["GET", "POST"])
@limit_logins
def login():
    from ..auth import start_session
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        actor = content().accounts.check_password(form.username.data, form.password.data)
        if actor:
            start_session(actor)
            library().audit.record(actor.name, "session.login", f"user:{actor.name}", actor.org, now())
            return remember_device(redirect(safe_next(request.args.get("next"))), actor.name)
        _note_failure(form.username.data)
        failed = True
    status = 401 if failed else (400 if request.method == "POST" else 200)
    return render_template("admin/login.html", form=form, failed=failed), status


@bp.errorhandler(RateLimitExceeded)
def too_many_logins(exc):
    wait = retry_after()
    hold_back_refused()
    return busy_answer(wait)


def busy_answer(wait):
    """The login page, 429, saying in plain words when to try again."""
    response = make_response(render_template("admin/login.html", form=LoginForm(), failed=False,
                                             wait_minutes=-(-wait // 60)), 429)
    response.headers["Retry-After"] = str(wait)
    return response


def _note_failure(name):
    """Count a failed login; audit it at the 1st, 10th, 100th... failure of an account in an hour."""
    user = content().accounts.find_user(name)
    if user is None:
        return
    failures = current_app.extensions.setdefault("kiosk.login_failures", FailureCounter())
    count = failures.count(user["id"], now().timestamp())
    if failures.worth_auditing(count):
        library().audit.record("-", "session.login_failed", f"user:{user['name']}", user["org"], now(),
                               failures_this_hour=count, address=request.remote_addr)


@bp.post("/logout")
@login_required
def logout():
    from ..auth import end_session
    end_session()
    return redirect(url_for("admin.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def password():
    form = PasswordForm()
    error, status = None, 200
    if form.validate_on_submit():
        actor = current_user.actor
        try:
            content().accounts.change_password(actor, form.old.data, form.new.data, now(),
                                               keep_session=current_user.session_id)
        except ContentError as exc:
            error, status = exc.message, exc.status
        else:
            library().audit.record(actor.name, "user.password", f"user:{actor.name}", actor.org, now())
            return redirect(url_for("admin.index"))
    elif request.method == "POST":
        status = 422
    return render_template("admin/password.html", form=form, error=error), status


def safe_next(target):
    """Where to go after login: a path on this site, never another host (and never a 500)."""
    fallback = url_for("admin.index")
    if not isinstance(target, str) or not target or len(target) > 2000:
        return fallback
    decoded = unquote(target)  # judged encoded once more too: "/%09/x" must not become "//x" anywhere
    if any(ord(c) < 0x20 or ord(c) == 0x7f or c == "\\" for c in target + decoded):
        return fallback  # browsers drop tabs and newlines and read \ as /: "/\t/evil" is "//evil"
    for text in (target, decoded):
        try:
            parts = urlsplit(text)
        except ValueError:
            return fallback
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
            return fallback
    return target


from . import access, alerts, audit, board, dashboard, imports, kiosks, media, records, review, revisions, screens, timeliness, users  # noqa: E402,F401  (views register on bp)
