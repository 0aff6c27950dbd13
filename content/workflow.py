"""The review workflow and the rule of what is public at a given moment. Pure functions."""
from .dates import parse_datetime
from .errors import Conflict, Forbidden, Invalid

# action: (statuses it may start from, status it leads to, role it needs)
TRANSITIONS = {
    "submit": ({"draft"}, "in_review", "editor"),
    "approve": ({"in_review"}, "published", "reviewer"),
    "reject": ({"in_review"}, "draft", "reviewer"),
    "withdraw": ({"published", "draft", "in_review"}, "withdrawn", "editor"),
}
CHECKS = ("secrecy", "privacy", "legality", "wording")  # 保密、隐私、合法、表述


def next_status(record, action, actor, editors=frozenset()):
    """The status `action` leads to, or the reason it may not happen.

    `editors` are everyone who wrote the version under review (see `editors_since_publication`).
    """
    if action not in TRANSITIONS:
        raise Invalid(f"unknown action {action}")
    sources, target, role = TRANSITIONS[action]
    actor.require(role)
    if record["status"] not in sources or (action == "withdraw" and not record.get("published_rev")):
        raise Conflict(f"cannot {action} a record that is {record['status']}"
                       + (" and not public" if action == "withdraw" else ""),
                       {"status": record["status"]})
    if action == "approve" and actor.name in authors(record) | set(editors):
        raise Forbidden("谁公开谁审查: the author, or anyone who edited this version since it was last "
                        "published, cannot approve it; ask another reviewer")
    return target


def authors(record):
    return {record.get("created_by"), record.get("updated_by")} - {None}


def editors_since_publication(revisions):
    """Everyone who created or edited the record since its last approval (oldest first in)."""
    editors = set()
    for entry in revisions:
        if entry.get("action") == "approve":
            editors = set()
        elif entry.get("action") not in TRANSITIONS:  # create, update, and any later way to write text
            editors.add(entry.get("actor"))
    return editors - {None}


def review_note(action, body, actor, now_text):
    """What the actor records with a transition: for reviews, the four checks and a comment."""
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise Invalid("the body must be a JSON object", {"body": "an object"})
    unknown = set(body) - {"checks", "comment"} if action in ("approve", "reject") else set(body) - {"comment"}
    if unknown:
        raise Invalid("some fields are not valid", {key: "unknown field" for key in unknown})
    comment = body.get("comment", "")
    if not isinstance(comment, str) or len(comment) > 2000:
        raise Invalid("the comment must be text", {"comment": "text of at most 2000 characters"})
    note = {"by": actor.name, "at": now_text, "comment": comment.strip()}
    if action in ("approve", "reject"):
        note["decision"] = "approved" if action == "approve" else "rejected"
        note["checks"] = _checks(body.get("checks"), action)
    return note


def _checks(given, action):
    if given is None:
        # Approving without listing the checks attests all four, as the paper form does.
        return {name: action == "approve" for name in CHECKS}
    if not isinstance(given, dict) or set(given) - set(CHECKS) or \
            not all(isinstance(v, bool) for v in given.values()):
        raise Invalid("checks must map secrecy, privacy, legality and wording to true or false",
                      {"checks": f"an object with boolean {', '.join(CHECKS)}"})
    checks = {name: given.get(name, False) for name in CHECKS}
    if action == "approve" and not all(checks.values()):
        failed = [name for name, ok in checks.items() if not ok]
        raise Invalid("every check must pass before approval; reject it instead",
                      {f"checks.{name}": "not passed" for name in failed})
    return checks


def is_public(record, now, bounds=None):
    """True when this version may be shown on public surfaces at `now`.

    Only published, proactive (主动公开) versions inside their window ever are. `bounds`
    passes the window already parsed; `now=None` asks about everything but the window.
    """
    if record.get("status") != "published" or record.get("attribute", "proactive") != "proactive":
        return False
    start, end = bounds if bounds is not None else window(record)
    return now is None or ((start is None or start <= now) and (end is None or now < end))


def window(record):
    start, end = record.get("publish_at"), record.get("expire_at")
    return (parse_datetime(start) if start else None, parse_datetime(end) if end else None)


def publicity_days_left(record, now):
    """Whole days left in a 公示期 (rounded up), or None when the record has no end."""
    _, end = window(record)
    if end is None:
        return None
    seconds = (end - now).total_seconds()
    return max(0, int(-(-seconds // 86400)))
