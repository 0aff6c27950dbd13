"""Organisations: the county and its townships. Every record, user and screen has one."""
import re
from dataclasses import dataclass
from typing import Optional

from .dates import format_moment
from .errors import Conflict, Invalid, NotFound

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class Org:
    code: str
    name: str
    parent: Optional[str] = None


class Orgs:
    def __init__(self, store):
        self.store = store
        self.table = store.table("orgs")

    def all(self):
        return [Org(d["code"], d["name"], d.get("parent")) for _, d in self.table.all()]

    def get(self, code):
        """The org with this code, or None."""
        return next((org for org in self.all() if org.code == code), None)

    def root(self):
        """The county: the one org without a parent (None before setup)."""
        return next((org for org in self.all() if org.parent is None), None)

    def create(self, code, name, parent=None, now=None):
        """Add an org; the first one is the county, every later one needs a parent."""
        errors = {}
        if not isinstance(code, str) or not CODE.match(code):
            errors["code"] = "1–32 letters, digits, '-' or '_' (it goes into index numbers)"
        if not isinstance(name, str) or not name.strip() or len(name) > 100:
            errors["name"] = "required, at most 100 characters"
        if errors:
            raise Invalid("the organisation is not valid", errors)
        with self.store.writing():
            if self.get(code):
                raise Conflict(f"an organisation with code {code} already exists", {"code": "taken"})
            if parent is None and self.root() is not None:
                parent = self.root().code
            if parent is not None and not self.get(parent):
                raise NotFound(f"no organisation with code {parent}", {"parent": "unknown"})
            self.table.add({"code": code, "name": name.strip(), "parent": parent,
                            "created_at": format_moment(now) if now else None})
        return self.get(code)

    def scope(self, code):
        """The codes an org's staff may act on: itself and everything below it."""
        children = {}
        for org in self.all():
            children.setdefault(org.parent, []).append(org.code)
        found, todo = set(), [code]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(children.get(current, []))
        return frozenset(found)
