"""Users and API tokens, for admins: create, disable, reset a password, issue and revoke tokens."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from wtforms.fields.choices import SelectChoice

from content.errors import Conflict, Invalid, NotFound

from ..clock import now
from ..context import content, library
from . import account_adapters as adapters
from . import bp
from .access import me, needs
from .forms import PasswordForm, TokenForm, UserForm, message_for


def _users():
    return adapters.list_users(content().accounts, me().scope)


def _user(name):
    user = next((u for u in _users() if u["name"] == name), None)
    if user is None:
        abort(404)
    return user


def _forms(user_form=None, token_form=None):
    users = _users()
    orgs = [o for o in content().orgs.all() if me().sees(o.code)]
    user_form = user_form or UserForm(formdata=None, org=me().org)
    user_form.org.choices = [SelectChoice(o.code, o.name) for o in orgs]
    token_form = token_form or TokenForm(formdata=None)
    token_form.user.choices = [SelectChoice(u["name"], u["name"]) for u in users if u.get("active", True)]
    return users, user_form, token_form


def _page(user_form=None, token_form=None, new_token=None, status=200):
    users, user_form, token_form = _forms(user_form, token_form)
    tokens = adapters.list_tokens(content().accounts, {u["name"] for u in users})
    return render_template("admin/users/list.html", users=users, user_form=user_form, token_form=token_form,
                           tokens=tokens, new_token=new_token, password_form=PasswordForm(formdata=None)), status


@bp.get("/users")
@needs("user.manage")
def users():
    return _page()


@bp.post("/users")
@needs("user.manage")
def create_user():
    form = _forms(UserForm())[1]
    if not form.validate():
        return _page(user_form=form, status=422)
    try:
        content().accounts.create_user(form.name.data.strip(), form.role.data, form.password.data,
                                       form.org.data, now=now())
    except (Invalid, Conflict, NotFound) as exc:
        for field, text in exc.fields.items():
            if hasattr(form, field):
                getattr(form, field).errors = [_("该用户名已被使用") if text == "taken" else message_for(text)]
        return _page(user_form=form, status=exc.status)
    _audit("user.create", form.name.data.strip(), form.org.data, role=form.role.data)
    flash(_("已创建用户 %(name)s", name=form.name.data.strip()))
    return redirect(url_for("admin.users"))


@bp.post("/users/<name>/active")
@needs("user.manage")
def set_active(name):
    user = _user(name)
    if name == me().name:
        abort(409, _("不能停用自己的账号"))
    active = request.form.get("active") == "1"
    adapters.set_active(content().accounts, name, active)
    _audit("user.enable" if active else "user.disable", name, user["org"])
    flash(_("已启用 %(name)s", name=name) if active else _("已停用 %(name)s：其登录和令牌立即失效", name=name))
    return redirect(url_for("admin.users"))


@bp.post("/users/<name>/password")
@needs("user.manage")
def reset_password(name):
    user = _user(name)
    form = PasswordForm()
    if not form.validate():
        flash(_("密码至少 8 位"), "error")
        return redirect(url_for("admin.users"))
    adapters.reset_password(content().accounts, name, form.password.data)
    _audit("user.password", name, user["org"])
    flash(_("已重设 %(name)s 的密码", name=name))
    return redirect(url_for("admin.users"))


@bp.post("/tokens")
@needs("token.manage")
def issue_token():
    form = _forms(token_form=TokenForm())[2]
    if not form.validate():
        return _page(token_form=form, status=422)
    user = _user(form.user.data)
    token = content().accounts.create_token(user["name"], form.label.data or "", now=now())
    _audit("token.issue", user["name"], user["org"], label=form.label.data or "")
    return _page(new_token=token)


@bp.post("/tokens/<int:token_id>/revoke")
@needs("token.manage")
def revoke_token(token_id):
    names = {u["name"] for u in _users()}
    if not adapters.revoke_token(content().accounts, token_id, names, now()):
        abort(404)
    _audit("token.revoke", str(token_id), me().org)
    flash(_("已吊销令牌 %(id)d", id=token_id))
    return redirect(url_for("admin.users"))


def _audit(action, target, org, **detail):
    library().audit.record(me().name, action, f"user:{target}" if not action.startswith("token.revoke")
                           else f"token:{target}", org, now(), **detail)

