"""The staff pages: login and logout here; each area in its own module (dashboard, records, review...)."""
from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length

from ..clock import now
from ..context import content, library

bp = Blueprint("admin", __name__, url_prefix="/admin")


class LoginForm(FlaskForm):
    username = StringField(validators=[DataRequired(), Length(max=64)])
    password = PasswordField(validators=[DataRequired(), Length(max=256)])


@bp.route("/login", methods=["GET", "POST"])
def login():
    from ..auth import StaffUser
    form = LoginForm()
    failed = False
    if form.validate_on_submit():
        actor = content().accounts.check_password(form.username.data, form.password.data)
        if actor:
            login_user(StaffUser(actor))
            library().audit.record(actor.name, "session.login", f"user:{actor.name}", actor.org, now())
            return redirect(_safe_next(request.args.get("next")))
        failed = True
    status = 401 if failed else (400 if request.method == "POST" else 200)
    return render_template("admin/login.html", form=form, failed=failed), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("admin.login"))


def _safe_next(target):
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("admin.index")


from . import access, alerts, audit, dashboard, imports, records, review, revisions, screens, timeliness, users  # noqa: E402,F401  (views register on bp)
