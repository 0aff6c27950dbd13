"""Emergency alerts (突发公共事件预警): they override every screen in scope until cleared."""
from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from content import permissions
from content.dates import format_moment, parse_datetime
from content.errors import Conflict, Invalid, NotFound
from content.records import field_errors

from .shared import LocalState

# Levels follow the four colours of 预警 (blue < yellow < orange < red); the English words
# are accepted as aliases for scripts.
LEVELS = {"blue": 1, "yellow": 2, "orange": 3, "red": 4}
ALIASES = {"info": "blue", "warning": "orange", "critical": "red", "蓝色": "blue", "黄色": "yellow",
           "橙色": "orange", "红色": "red"}
ACKS_SHARED = 30 * 86400  # seconds the shared state keeps an acknowledgement (the journal keeps it for good)


def _level_alias(value):
    return ALIASES.get(value, value) if isinstance(value, str) else value  # a list is not hashable


class HallScope(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    halls: Annotated[list[Annotated[str, Field(min_length=1, max_length=100)]], Field(min_length=1, max_length=100)]


class DisplayScope(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    displays: Annotated[list[Annotated[int, Field(ge=1)]], Field(min_length=1, max_length=5000)]


class AlertFields(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)
    title: Annotated[str, Field(min_length=1, max_length=100)]
    body: Annotated[str, Field(max_length=2000)] = ""
    level: Annotated[Literal[tuple(LEVELS)], BeforeValidator(_level_alias)] = "red"
    scope: Union[Literal["all"], HallScope, DisplayScope] = "all"
    expire_at: Annotated[Optional[str], BeforeValidator(
        lambda v: v if v is None else format_moment(parse_datetime(v)))] = None


class Alerts:
    def __init__(self, store, orgs, shared=None):
        self.store = store
        self.orgs = orgs
        self.table = store.table("alerts")
        self.ack_journal = store.journal("alert-acks")
        # Acknowledgements: the journal (durable, read once) plus the shared state, where
        # every process's new ones are seen at once (displays/shared.py)
        self.shared = shared or LocalState()
        self._acks = None  # alert id → {display id: first ack time} from the journal, loaded on first use
        self._unsaved_acks = []

    def raise_alert(self, actor, data, now):
        """Store a new alert for the actor's org (or a child org named in `org`)."""
        permissions.require(actor, "alert.raise")
        fields = _validate(data)
        org = data.get("org") or actor.org
        if not isinstance(org, str) or not self.orgs.get(org) or not actor.sees(org):
            raise NotFound(f"no organisation {org} you manage", {"org": "unknown"})
        if fields["expire_at"] and parse_datetime(fields["expire_at"]) <= now:
            raise Invalid("the alert would already be over", {"expire_at": "must be in the future"})
        scope = fields["scope"] if isinstance(fields["scope"], dict) else {"all": True}
        self._check_scope(scope, self.orgs.scope(org))
        doc = {**fields, "scope": scope, "org": org, "created_at": format_moment(now),
               "created_by": actor.name, "cleared_at": None, "cleared_by": None}
        with self.store.writing():
            doc["id"] = self.table.add(doc, id_field="id")
            self.store.bump("alerts_version")
        return doc

    def _check_scope(self, scope, orgs):
        """Screens named in a scope must be screens of the alert's org (or below it)."""
        if "displays" not in scope:
            return
        own = {doc["id"] for _, doc in self.store.table("displays").all() if doc["org"] in orgs}
        unknown = [d for d in scope["displays"] if d not in own]
        if unknown:
            raise Invalid("the scope names screens that are not yours",
                          {"scope": f"no screens {', '.join(map(str, unknown[:10]))} in your organisation"})

    def clear(self, actor, alert_id, now):
        """End an alert everywhere (whoever may raise one may clear it)."""
        permissions.require(actor, "alert.clear")
        with self.store.writing():
            doc = self.get(actor, alert_id)
            if doc["cleared_at"]:
                raise Conflict(f"alert {alert_id} was already cleared at {doc['cleared_at']}")
            doc = {**doc, "cleared_at": format_moment(now), "cleared_by": actor.name}
            self.table.put(doc["id"], doc)
            self.store.bump("alerts_version")
        return doc

    def get(self, actor, alert_id):
        doc = self.table.get(alert_id) if str(alert_id).isdigit() and len(str(alert_id)) < 16 else None
        if doc is None or not actor.sees(doc["org"]):
            raise NotFound(f"no alert {alert_id}")
        return doc

    def all(self):
        return [doc for _, doc in self.table.all()]

    def active(self, now):
        """Alerts in force at `now`: not cleared and not past their expiry."""
        return [a for a in self.all() if is_active(a, now)]

    def for_display(self, display, now):
        """The alert a display must show now: the most severe, then the newest; or None."""
        reaching = [a for a in self.active(now) if self.reaches(a, display)]
        return max(reaching, key=lambda a: (LEVELS[a["level"]], a["id"]), default=None)

    def reached(self, alert, displays):
        """The active displays among `displays` that an alert reaches."""
        orgs = self.orgs.scope(alert["org"])  # once per alert, not once per display
        return [d for d in displays if not d.get("revoked_at") and self.reaches(alert, d, orgs)]

    def reaches(self, alert, display, orgs=None):
        if display["org"] not in (orgs if orgs is not None else self.orgs.scope(alert["org"])):
            return False
        scope = alert["scope"]
        if "halls" in scope:
            return display.get("hall") in scope["halls"]
        if "displays" in scope:
            return display["id"] in scope["displays"]
        return True

    def acknowledge(self, alert_id, display, now):
        """A screen reports it shows the alert; the first report per screen counts.

        Only an alert that reaches the display can be acknowledged by it: an id of another
        township's alert (or of none) is ignored. Returns whether the report was kept.
        """
        alert = self.table.get(alert_id) if isinstance(alert_id, int) and 0 < alert_id < 2**53 else None
        if alert is None or not self.reaches(alert, display):
            return False
        at = format_moment(now)
        if display["id"] not in self._journal_acks(alert_id) and \
                self.shared.add(_acks_space(alert_id), display["id"], at, ACKS_SHARED):
            self._unsaved_acks.append({"alert": alert_id, "display": display["id"], "at": at})
        return True

    def acks(self, alert_id):
        """{display id: when it first showed the alert}, whichever process it reported to."""
        shared = {int(display_id): at for display_id, at in self.shared.entries(_acks_space(alert_id)).items()}
        return {**shared, **self._journal_acks(alert_id)}

    def _journal_acks(self, alert_id):
        if self._acks is None:
            self._acks = {}
            for entry in self.ack_journal.entries():
                self._acks.setdefault(entry["alert"], {}).setdefault(entry["display"], entry["at"])
        return self._acks.get(alert_id, {})

    def flush(self):
        """Write buffered acknowledgements in one append."""
        batch = list(self._unsaved_acks)
        self.ack_journal.append_many(batch)  # on a full disk they stay buffered for the next try
        del self._unsaved_acks[:len(batch)]
        return len(batch)

    def next_expiry(self, now):
        moments = [parse_datetime(a["expire_at"]) for a in self.active(now) if a["expire_at"]]
        return min(moments, default=None)

    def version(self):
        """Bumped on every raise and clear (bundles include the alert)."""
        return self.store.counter("alerts_version")


def _acks_space(alert_id):
    return f"acks:{alert_id}"


def is_active(alert, now):
    return not alert["cleared_at"] and (not alert["expire_at"] or now < parse_datetime(alert["expire_at"]))


def _validate(data):
    if not isinstance(data, dict):
        raise Invalid("the body must be a JSON object")
    try:
        return AlertFields.model_validate({k: v for k, v in data.items() if k != "org"}).model_dump()
    except ValidationError as exc:
        raise Invalid("some fields are not valid", field_errors(exc)) from None


def alert_message(alert):
    """The `alert` event screens receive."""
    return {"id": alert["id"], "title": alert["title"], "body": alert["body"], "level": alert["level"],
            "expire_at": alert["expire_at"]}
