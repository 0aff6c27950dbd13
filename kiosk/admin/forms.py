"""Staff forms: the record editor's fields and rows, review, withdrawal, users and tokens.

The record form is read into the same dict the JSON API takes, and validated by the same
code (content.records); its errors come back by field ("materials.1.copies").
"""
import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from content import catalogue
from content.records import READ_ONLY

COMMON = ("title", "summary", "department", "body", "record_url")
MOMENTS = ("publish_at", "expire_at")
TEXTS = {"disclosure": ("area", "stage", "basis", "doc_no", "audience", "attribute", "withheld_reason"),
         "guide": ("code", "theme", "service_object", "basis", "fee", "location", "hours", "phone",
                   "complaint_phone", "online_url"),
         "notice": (), "media": ()}
OPTIONAL = ("record_url", "online_url", "theme", "formed_at")  # empty means "not set"
ROWS = {"materials": ("name", "copies", "form", "source", "required", "condition"),
        "steps": ("name", "actor", "duration"), "faqs": ("q", "a")}
NEW_ROW = {"materials": {"name": "", "copies": 1, "form": "original", "source": "", "required": True,
                         "condition": ""},
           "steps": {"name": "", "actor": "", "duration": ""}, "faqs": {"q": "", "a": ""}}
ROW_ACTION = re.compile(r"^(materials|steps|faqs):(add|remove|up|down)(?::(\d{1,3}))?$")


def record_from_form(form, kind):
    """The record fields a submitted editor form carries, shaped as the API takes them."""
    data = {"kind": kind}
    for name in COMMON + TEXTS[kind]:
        data[name] = form.get(name, "").strip()
    for name in OPTIONAL:
        if name in data and not data[name]:
            data[name] = None
    for name in MOMENTS:
        data[name] = form.get(name, "").strip() or None
    data["tags"] = [t.strip() for t in re.split(r"[,，、\s]+", form.get("tags", "")) if t.strip()]
    # Ticked or not, said both ways: an edit is merged over the record, so an unticked box must clear it.
    data["all_townships"] = "all_townships" in form
    if kind != "media":
        data["board"] = "board" in form
    if kind == "disclosure":
        data["formed_at"] = form.get("formed_at", "").strip() or None
        data["time_limit_days"] = _number(form.get("time_limit_days", ""), default=20)
        data["channels"] = form.getlist("channels")
    if kind == "media":
        data["seconds"] = _number(form.get("seconds", ""))
    if kind == "guide":
        data["conditions"] = form.get("conditions", "")
        data["visits"] = _number(form.get("visits", ""))
        data["time_limit"] = _time_limit(form)
        for rows in ROWS:
            data[rows] = read_rows(form, rows)
    return data


def read_rows(form, rows):
    """Rows named materials-0-name, materials-0-copies... in the order they were posted."""
    found = {}
    for key in form:
        parts = key.split("-", 2)
        if len(parts) == 3 and parts[0] == rows and parts[1].isdigit() and parts[2] in ROWS[rows]:
            found.setdefault(int(parts[1]), {})
    result = []
    for n in sorted(found):
        row = {field: form.get(f"{rows}-{n}-{field}", "").strip() for field in ROWS[rows]}
        if rows == "materials":
            row["copies"] = _number(row["copies"])
            row["required"] = "yes" in form.getlist(f"{rows}-{n}-required")
        result.append(row)
    return result


def apply_row_action(data, action):
    """Add, remove or move a row of materials, steps or FAQs, or just refresh the preview (the
    no-script way: a submit button); True when the form is shown again instead of saved."""
    if action == "preview":
        return True
    match = ROW_ACTION.match(action or "")
    if not match or data.get("kind") != "guide":
        return False
    rows, verb, index = match[1], match[2], int(match[3]) if match[3] else None
    items = data[rows]
    if verb == "add":
        items.append(dict(NEW_ROW[rows]))
    elif index is not None and index < len(items):
        if verb == "remove":
            items.pop(index)
        elif verb == "up" and index > 0:
            items[index - 1], items[index] = items[index], items[index - 1]
        elif verb == "down" and index + 1 < len(items):
            items[index + 1], items[index] = items[index], items[index + 1]
    return True


def _time_limit(form):
    kind = form.get("time_limit_type", "")
    if not kind:
        return None
    return {"type": kind, "statutory_days": _number(form.get("statutory_days", "")),
            "committed_days": _number(form.get("committed_days", ""))}


def _number(text, default=None):
    text = (text or "").strip()
    if not text:
        return default
    return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else text  # bad text: pydantic says why


def values_for_form(record):
    """A stored record (or typed data) as the editor shows it: dates cut to what the inputs take."""
    values = {k: v for k, v in record.items() if k not in READ_ONLY or k in ("id", "rev", "status")}
    for name in MOMENTS:
        if isinstance(values.get(name), str):
            values[name] = values[name][:16]
    if isinstance(values.get("conditions"), list):
        values["conditions"] = "\n".join(values["conditions"])
    if isinstance(values.get("tags"), list):
        values["tags"] = "，".join(values["tags"])
    return values


def blank_record(kind):
    values = {"kind": kind, "title": "", "tags": "", "body": ""}
    if kind == "disclosure":
        values.update(audience="public", attribute="proactive", time_limit_days=20,
                      channels=["website", "board", "screen"])
    if kind == "guide":
        values.update(service_object="individual", fee="不收费", materials=[dict(NEW_ROW["materials"])],
                      steps=[dict(NEW_ROW["steps"])], faqs=[])
    return values


# Pydantic's English messages shown in the reader's language: (pattern, text).
MESSAGES = ((r"^required$|at least 1 character", _l("必填")),
             (r"valid integer|unable to parse string as an integer", _l("请填写整数")),
             (r"greater than or equal to", _l("数值太小")), (r"less than or equal to", _l("数值太大")),
             (r"at most \d+ characters|at most \d+ items", _l("太长了")),
             (r"catch-all", _l("不能写“其他材料”之类的兜底条款，请逐项列出")),
             (r"must be in the future", _l("结束时间必须晚于现在")),
             (r"in your organisation", _l("所选屏幕中有不属于本单位的屏幕")),
             (r"date-time|date \(YYYY|ISO 8601|valid date", _l("日期格式不正确")),
             (r"expire_at must be later", _l("结束时间必须晚于发布时间")),
             (r"withheld_reason", _l("不予公开须说明理由")), (r"absolute http", _l("须为 http(s):// 开头的完整网址")),
             (r"committed_days", _l("承诺时限须填写且不超过法定时限")), (r"control characters", _l("含有不可见的控制字符")),
             (r"不能为空", _l("提交审核前必须填写")), (r"only for records of the county", _l("只有县级内容可以推送到所有乡镇")),
             (r"catalogue|Input should be", _l("请从列表中选择")))


def message_for(text):
    """A field error in the page's language (the original kept when nothing fits)."""
    for pattern, message in MESSAGES:
        if re.search(pattern, text or ""):
            return str(message)
    return text


def field_messages(fields):
    """{"materials.1.copies": message} in the page's language; time_limit.* folded into its inputs."""
    messages = {}
    for key, text in (fields or {}).items():
        key = {"time_limit": "time_limit_type", "time_limit.committed_days": "committed_days",
               "time_limit.statutory_days": "statutory_days", "time_limit.type": "time_limit_type"}.get(key, key)
        messages[key] = message_for(text)
    return messages


class ReviewForm(FlaskForm):
    rev = StringField(validators=[DataRequired()])
    secrecy = BooleanField(_l("保密审查：不含国家秘密、工作秘密"))
    privacy = BooleanField(_l("隐私：个人信息已去标识化（身份证号、手机号、银行卡号、住址）"))
    legality = BooleanField(_l("合法：有公开依据，公开属性正确"))
    wording = BooleanField(_l("准确与表述：内容准确，用语规范、通俗"))
    publish_at = StringField(_l("定时发布（可选）"), validators=[Optional(), Length(max=20)])
    comment = TextAreaField(_l("审核意见"), validators=[Optional(), Length(max=2000)])


CHECKS = ("secrecy", "privacy", "legality", "wording")


class ReasonForm(FlaskForm):
    rev = StringField(validators=[DataRequired()])
    comment = TextAreaField(_l("理由"), validators=[DataRequired(message=_l("请填写理由")), Length(max=2000)])


class ActionForm(FlaskForm):
    rev = StringField(validators=[DataRequired()])


class UserForm(FlaskForm):
    name = StringField(_l("用户名"), validators=[DataRequired(message=_l("必填")), Length(max=64)])
    role = SelectField(_l("角色"), choices=[SelectChoice(code, _l(label)) for code, label in catalogue.ROLES.items()])
    org = SelectField(_l("所属单位"), choices=[])
    password = PasswordField(_l("初始密码（至少 8 位）"),
                             validators=[DataRequired(message=_l("必填")), Length(min=8, max=256,
                                                                                 message=_l("至少 8 位"))])


class PasswordForm(FlaskForm):
    password = PasswordField(_l("新密码（至少 8 位）"),
                             validators=[DataRequired(message=_l("必填")), Length(min=8, max=256,
                                                                                 message=_l("至少 8 位"))])


class TokenForm(FlaskForm):
    user = SelectField(_l("代表用户"), choices=[])
    label = StringField(_l("用途说明"), validators=[Optional(), Length(max=100)])
