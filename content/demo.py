"""The demo county: fictitious orgs, reviewers and records, loaded through the real workflow."""
import datetime as dt
import json
from pathlib import Path

from .dates import format_moment

DEMO_DIR = Path(__file__).with_name("demo")
ORGS = [("QX", "青溪县", None), ("QX-DT", "东塘镇", "QX"), ("QX-LS", "柳山乡", "QX"),
        ("QX-HX", "河西街道", "QX")]
AUTHOR, REVIEWER = "demo-editor", "demo-reviewer"
STEPS = {"draft": [], "in_review": ["submit"], "published": ["submit", "approve"],
         "withdrawn": ["submit", "approve", "withdraw"]}


def demo_records():
    return json.loads((DEMO_DIR / "records.json").read_text(encoding="utf-8"))


def load_demo(content, now):
    """Create the demo orgs, two password-less demo accounts and every demo record."""
    for code, name, parent in ORGS:
        content.orgs.create(code, name, parent, now=now)
    author = content.accounts.create_user(AUTHOR, "editor", None, "QX", now=now)
    reviewer = content.accounts.create_user(REVIEWER, "reviewer", None, "QX", now=now)
    library = content.library
    for raw in demo_records():
        fields, status = _resolve(raw, now)
        record = library.create(author, fields, now)
        for action in STEPS[status]:
            actor = reviewer if action == "approve" else author
            record = library.transition(actor, record["id"], action, None, None, now)


def _resolve(raw, now):
    """Turn the file's relative dates (days from now) into real ones."""
    fields = {k: v for k, v in raw.items() if not k.startswith("_")}
    day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    for key, offset_key in (("publish_at", "_publish_offset_days"), ("expire_at", "_expire_offset_days")):
        if raw.get(offset_key) is not None:
            moment = day + dt.timedelta(days=raw[offset_key])
            fields[key] = format_moment(moment if key == "expire_at" or raw[offset_key] > 0 else min(moment, now))
    if raw.get("_formed_offset_days") is not None:
        fields["formed_at"] = (now.date() + dt.timedelta(days=raw["_formed_offset_days"])).isoformat()
    return fields, raw.get("_status", "published")
