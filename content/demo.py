"""The demo county: fictitious orgs, reviewers and records, loaded through the real workflow.

records.json is written as of no particular day. Window keys (`_publish_offset_days`,
`_expire_offset_days`, `_formed_offset_days`) count days from the load moment, and every
date in the text is a placeholder, so the demo reads true whenever it is loaded:

    {d+3}  {d-2:full}  {d-2:y}   the day 3 days after / 2 before the load day:
                                 "11月26日", "2026年11月21日", its year "2026"
    {m-1}  {m-1:full}  {m-1:y}   the month before the record's own: "10月", "2026年10月", "2026"
    {q}    {q-1:full}  {q-1:y}   the record's quarter / the one before: "第四季度",
                                 "2026年第三季度", "2026"
    {y}    {y-1}  {y+1}          the record's year, the one before / after: "2026"

`d` counts from the load day, like the window keys; `expire_at` is the start of its day,
so a 公示 with offsets -2 and 5 runs "{d-2:full}至{d+4:full}（7天）". `m`, `q` and `y` count
from the day the record was written (formed, else published, else loaded): a budget
published 200 days ago names the year it was published in, not the load year. Anything
else in braces that looks like a placeholder ("{yq-1}", "{d+3:short}") fails the load, so
a typo never reaches a screen; other braces (Markdown, prose) are left alone.
"""
import datetime as dt
import json
import re
from pathlib import Path

from .dates import format_moment

DEMO_DIR = Path(__file__).with_name("demo")
ORGS = [("QX", "青溪县", None), ("QX-DT", "东塘镇", "QX"), ("QX-LS", "柳山乡", "QX"),
        ("QX-HX", "河西街道", "QX")]
AUTHOR, REVIEWER = "demo-editor", "demo-reviewer"
STEPS = {"draft": [], "in_review": ["submit"], "published": ["submit", "approve"],
         "withdrawn": ["submit", "approve", "withdraw"]}
PLACEHOLDER = re.compile(r"\{(d|m|q|y)([+-]\d+)?(?::(full|y))?\}")
# Wider than PLACEHOLDER on purpose: what it finds and PLACEHOLDER does not is a typo.
PLACEHOLDER_LIKE = re.compile(r"\{\s*[A-Za-z][\w\s+\-:]*\}", re.ASCII)
QUARTERS = "一二三四"


def demo_records():
    return json.loads((DEMO_DIR / "records.json").read_text(encoding="utf-8"))


def load_demo(content, now):
    """Create the demo orgs, two password-less demo accounts and every demo record."""
    # Resolve every record first: a bad placeholder then fails before anything is stored.
    resolved = [_resolve(raw, now) for raw in demo_records()]
    for code, name, parent in ORGS:
        content.orgs.create(code, name, parent, now=now)
    author = content.accounts.create_user(AUTHOR, "editor", None, "QX", now=now)
    reviewer = content.accounts.create_user(REVIEWER, "reviewer", None, "QX", now=now)
    library = content.library
    for fields, status in resolved:
        record = library.create(author, fields, now)
        for action in STEPS[status]:
            actor = reviewer if action in ("approve", "withdraw") else author
            record = library.transition(actor, record["id"], action, None, record["rev"], now)


def _resolve(raw, now):
    """Turn the file's relative dates (days from now) and text placeholders into real ones."""
    today, written = now.date(), _written_day(raw, now)
    fields = {k: fill_placeholders(v, today, written) for k, v in raw.items() if not k.startswith("_")}
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    for key, offset_key in (("publish_at", "_publish_offset_days"), ("expire_at", "_expire_offset_days")):
        if raw.get(offset_key) is not None:
            moment = day + dt.timedelta(days=raw[offset_key])
            fields[key] = format_moment(moment if key == "expire_at" or raw[offset_key] > 0 else min(moment, now))
    if raw.get("_formed_offset_days") is not None:
        fields["formed_at"] = (today + dt.timedelta(days=raw["_formed_offset_days"])).isoformat()
    return fields, raw.get("_status", "published")


def _written_day(raw, now):
    """The day a record's text speaks from: its formed day, else its publish day, else today."""
    for key in ("_formed_offset_days", "_publish_offset_days"):
        if raw.get(key) is not None:
            return now.date() + dt.timedelta(days=raw[key])
    return now.date()


def fill_placeholders(value, today, written):
    """Replace the placeholders in every string of a JSON-like value (see the module doc)."""
    if isinstance(value, str):
        for token in PLACEHOLDER_LIKE.findall(value):
            if not PLACEHOLDER.fullmatch(token):
                raise ValueError(f"unknown placeholder {token} in demo text: {value[:60]!r}")
        return PLACEHOLDER.sub(lambda match: _placeholder_text(match, today, written), value)
    if isinstance(value, list):
        return [fill_placeholders(v, today, written) for v in value]
    if isinstance(value, dict):
        return {k: fill_placeholders(v, today, written) for k, v in value.items()}
    return value


def _placeholder_text(match, today, written):
    """One placeholder's text: a day, month, quarter or year, shifted by its offset."""
    unit, offset, style = match[1], int(match[2] or 0), match[3]
    if unit == "y":
        if style:  # "{y:full}" would only say "2026" again, or "2026年" where "{y}年" is clearer
            raise ValueError(f"{match[0]}: a year placeholder takes no :{style}")
        return str(written.year + offset)
    if unit == "d":
        day = today + dt.timedelta(days=offset)
        year, label = day.year, f"{day.month}月{day.day}日"
    elif unit == "m":
        year, month = divmod(written.year * 12 + written.month - 1 + offset, 12)
        label = f"{month + 1}月"
    else:
        year, quarter = divmod(written.year * 4 + (written.month - 1) // 3 + offset, 4)
        label = f"第{QUARTERS[quarter]}季度"
    return {None: label, "full": f"{year}年{label}", "y": str(year)}[style]
