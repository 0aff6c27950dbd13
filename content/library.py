"""The content library: every read and write of records, with org scope, review and audit."""
import threading
from collections import Counter
from contextlib import contextmanager

from .audit import AuditTrail
from .dates import format_moment
from . import permissions
from .errors import Conflict, Invalid, NotFound, PreconditionRequired
from .items import Items
from .publication import PublicSet
from .records import missing_for_review, validate_fields
from .search import SearchIndex, normalise
from .workflow import TRANSITIONS, editors_since_publication, next_status, review_note

PAGE_MAX = 100
SORTS = ("updated_at", "created_at", "title", "id", "status", "published_at")


class Library:
    def __init__(self, store, orgs):
        self.store = store
        self.orgs = orgs
        self.items = Items(store)
        self.audit = AuditTrail(store)
        self._public = None
        self._public_lock = threading.Lock()
        self._index = SearchIndex()
        # Rebuilding the public set and the search index after a publish takes a second at 10k
        # records: the server sets a thread pool here (kiosk/offload.py) so the event loop
        # keeps serving screens meanwhile; requests that need them wait for the rebuild.
        self.offload = _run_here
        self._staff_texts = {}  # (id, rev) → normalised text of the current versions
        self._rows = None  # (shard stamps, records, texts, orgs present): see _staff_rows
        self._authors = {}  # actor scope → sorted authors, for the current _rows
        self.listeners = []  # called with (version, record) after every public change

    # --- staff reads -------------------------------------------------------------------

    def get(self, actor, item_id):
        """A record's current version, if the actor may see it; else NotFound."""
        record = self.items.get(item_id)
        if record is None or not self._readable(actor, record):
            raise NotFound(f"no record {item_id}")
        return record

    def list(self, actor, filters, page=1, per_page=20, sort="-updated_at"):
        """The records an actor may see, filtered, sorted (newest change first), one page."""
        filters = {k: v for k, v in filters.items() if v not in (None, "")}
        query = normalise(filters.pop("q", None) or "")
        records, texts = self._visible_rows(actor)
        if query:
            chosen = [r for r, text in zip(records, texts) if query in text and _matches(r, filters)]
        else:
            chosen = [r for r in records if _matches(r, filters)] if filters else list(records)
        key = sort.lstrip("-")
        if key not in SORTS:
            raise Invalid("unknown sort order", {"sort": f"one of {', '.join(SORTS)}, optionally with '-'"})
        chosen.sort(key=lambda r: (r.get(key) or "", r["id"]) if key != "id" else r["id"],
                    reverse=sort.startswith("-"))
        result = paginate(chosen, page, per_page)
        result["items"] = [dict(r) for r in result["items"]]  # scanned dicts are the store's own
        return result

    def _staff_rows(self):
        """(records, texts, orgs present) of every current version, rebuilt only when an item
        shard changes. A write no longer costs the next list a 10k-record normalising scan:
        each text is normalised once per (id, rev) and kept while that version is current."""
        stamps = self.items_stamp()
        if self._rows is None or self._rows[0] != stamps:
            records = self.items.scan()
            known, texts = self._staff_texts, []
            for record in records:
                key = (record["id"], record["rev"])
                text = known.get(key)
                if text is None:
                    text = normalise(f"{record['title']} {record['summary']} {record.get('index_no', '')}")
                texts.append(text)
            self._staff_texts = {(r["id"], r["rev"]): t for r, t in zip(records, texts)}
            self._rows = (stamps, records, texts, frozenset(r["org"] for r in records))
            self._authors = {}
        return self._rows[1:]

    def items_stamp(self):
        """A value that changes whenever any record changes, for caches derived from all of them."""
        return tuple(shard.stamp() for shard in self.store.item_shards())

    def _visible_rows(self, actor):
        """(records, texts) the actor may see: own orgs' records and the county's shared ones."""
        records, texts, present = self._staff_rows()
        if present <= actor.scope:  # county staff see everything: no per-record check
            return records, texts
        scope, root = actor.scope, self._root_code()
        keep = [i for i, r in enumerate(records)
                if r["org"] in scope or (r.get("all_townships") and r["org"] == root)]
        return [records[i] for i in keep], [texts[i] for i in keep]

    def visible(self, actor):
        """Current versions of every record the actor may see: the store's own dicts, not copies
        (read them, never change them or keep them)."""
        return list(self._visible_rows(actor)[0])

    def authors(self, actor):
        """Everyone who wrote a record the actor may see, sorted (the list page's author filter)."""
        records = self._visible_rows(actor)[0]  # first: a changed store empties _authors
        found = self._authors.get(actor.scope)
        if found is None:
            found = self._authors[actor.scope] = sorted({r["created_by"] for r in records})
        return found

    def revisions(self, actor, item_id):
        self.get(actor, item_id)
        return self.items.revisions(item_id)

    def _readable(self, actor, record, root_code=None):
        """Own orgs' records, and the county's records shared with every township."""
        if actor.sees(record["org"]):
            return True
        return bool(record.get("all_townships")) and record["org"] == (root_code or self._root_code())

    def _root_code(self):
        root = self.orgs.root()
        return root.code if root else None

    # --- staff writes ------------------------------------------------------------------

    def create(self, actor, data, now, media=None):
        """Validate and store a new draft; disclosures get their index number here, once.

        A media record is made only with its checked file (`media`, from mediafiles.inspect_media).
        """
        permissions.require(actor, "item.write")
        fields = validate_fields(data)
        if (fields["kind"] == "media") != (media is not None):
            raise Invalid("图片和视频请通过上传文件创建（POST /api/v1/media）" if media is None
                          else "an uploaded file makes a media record", {"kind": "media only with a file"})
        if media is not None:
            fields["media"] = media.as_field()
        fields["org"] = self._org_for(actor, fields.get("org"))
        self._check_sharing(fields)
        stamp = format_moment(now)
        with self.store.writing():
            item_id = self.items.next_id()
            record = {"id": item_id, **fields, "status": "draft", "rev": 1,
                      "created_at": stamp, "updated_at": stamp, "created_by": actor.name,
                      "updated_by": actor.name, "published_rev": None, "published_at": None,
                      "review": None}
            if record["kind"] == "disclosure":
                serial = self.items.next_serial(record["org"], now.year)
                record["index_no"] = f"{record['org']}/{now.year}-{serial:05d}"
            self.items.save(record, "create", actor.name, stamp)
            self.audit.record(actor.name, "item.create", f"item:{item_id}", record["org"], now,
                              rev=1, title=record["title"])
        return record

    def update(self, actor, item_id, data, expected_rev, now):
        """Save an edit over the current version (stale `rev` → Conflict); it becomes a draft.

        A published record stays on the screens as it was until the edit is approved.
        """
        permissions.require(actor, "item.write")
        with self.store.writing():
            current = self._writable(actor, item_id)
            _check_rev(current, expected_rev if expected_rev is not None else _body_rev(data))
            body = {k: v for k, v in data.items() if k != "rev"} if isinstance(data, dict) else data
            fields = validate_fields(body, current)
            self._check_sharing({**fields, "org": current["org"]})
            if all(current.get(k) == v for k, v in fields.items()):
                return current
            record = {**current, **fields, "status": "draft"}
            return self._save(record, "update", actor, now, edited=True)

    def transition(self, actor, item_id, action, body, expected_rev, now):
        """Move a record through review: submit, approve, reject or withdraw.

        Approval needs `expected_rev`, the rev the reviewer read: text that changed since
        is not approved unseen (None → PreconditionRequired, stale → Conflict).
        """
        if action in TRANSITIONS:
            permissions.require(actor, f"item.{action}")
        body, schedule = _take_schedule(action, body)
        with self.store.writing():
            current = self._writable(actor, item_id)
            editors = editors_since_publication(self.items.revisions(item_id)) if action == "approve" else ()
            status = next_status(current, action, actor, editors)
            note = review_note(action, body, actor, format_moment(now))
            if expected_rev is not None or action == "approve":
                _check_rev(current, expected_rev)
            record = {**current, "status": status}
            if action == "submit":
                missing = missing_for_review(current)
                if missing:
                    raise Invalid("fill these in before review", missing)
            if action in ("approve", "reject"):
                record["review"] = {**note, "rev": current["rev"]}  # the version the reviewer read
            if action == "approve":
                if schedule is not None:  # the reviewer sets when it goes public
                    record["publish_at"] = validate_fields({"publish_at": schedule}, current)["publish_at"]
                record["published_rev"] = current["rev"] + 1
                record["published_at"] = format_moment(now)
            if action == "withdraw":
                record["published_rev"] = None
            saved = self._save(record, action, actor, now, comment=note["comment"])
        if action in ("approve", "withdraw"):
            self.announce(self.items.bump_content_version(), saved)
        return saved

    def announce(self, version, record=None):
        """Tell listeners (the screens' broadcaster) that what is public changed."""
        for listener in self.listeners:
            listener(version, record)

    def _save(self, record, action, actor, now, edited=False, comment=""):
        stamp = format_moment(now)
        record = {**record, "rev": record["rev"] + 1, "updated_at": stamp}
        if edited:
            record["updated_by"] = actor.name
        self.items.save(record, action, actor.name, stamp, comment)
        self.audit.record(actor.name, f"item.{action}", f"item:{record['id']}", record["org"], now,
                          rev=record["rev"], status=record["status"], comment=comment)
        return record

    def _writable(self, actor, item_id):
        record = self.items.get(item_id)
        if record is None or not actor.sees(record["org"]):
            raise NotFound(f"no record {item_id}")
        return record

    def _org_for(self, actor, requested):
        org = requested or actor.org
        if not self.orgs.get(org) or not actor.sees(org):
            raise NotFound(f"no organisation {org} that you may publish for", {"org": "unknown"})
        return org

    def _check_sharing(self, fields):
        if fields.get("all_townships") and fields["org"] != self._root_code():
            raise Invalid("only county records can be shown in all townships",
                          {"all_townships": "only for records of the county"})

    # --- public reads ------------------------------------------------------------------

    def content_version(self):
        return self.items.content_version()

    def public_set(self):
        """The PublicSet of the current content version (rebuilt once per version)."""
        version = self.content_version()
        with self._public_lock:
            if self._public is None or self._public.version != version:
                live = [r for r in (self.items.live(r) for r in self.items.scan()) if r]
                self._public = self.offload(PublicSet, version, live, self._public)
            return self._public

    def public_get(self, item_id, now):
        record = self.public_set().get(item_id, now)
        if record is None:
            raise NotFound(f"no public record {item_id}")
        return record

    def public_list(self, filters, now, page=1, per_page=20):
        """Public records at `now`; with a `q` filter, ranked by the kiosk search."""
        filters = dict(filters)
        query = filters.pop("q", None)
        if query:
            found = self.public_search(query, now, org=filters.pop("org", None), kind=filters.pop("kind", None))
            return paginate([r for r in found["records"] if _matches(r, filters)], page, per_page)
        return paginate([r for r in self.public_set().visible(now) if _matches(r, filters)], page, per_page)

    def public_search(self, query, now, org=None, kind=None):
        """The kiosk search: public records matching `query`, best first, with what shows them.

        With `org` (a township's kiosk) only that township's records and the county's records
        shared with all townships, the township's first. `groups` counts every match per kind
        before `kind` narrows the list, so a kiosk can show its tabs.
        """
        with self._searching() as (index, public):
            return _search_result(index, public.visible_entries(now), query, org, kind)

    def public_search_page(self, query, now, org=None, kind=None, filters=None, page=1, per_page=20):
        """One page of public_search, each item with its highlight spans."""
        with self._searching() as (index, public):
            found = _search_result(index, public.visible_entries(now), query, org, kind)
            records = [r for r in found["records"] if _matches(r, filters)] if filters else found["records"]
            result = paginate(records, page, per_page)
            result["highlights"] = [index.highlights(r, found["hits"][r["id"]]) for r in result["items"]]
        return {**result, **{k: found[k] for k in ("groups", "corrected", "intent")}}

    def search_highlights(self, record, hits):
        """{field: [[start, end], ...]} of what `public_search` matched in a record."""
        return SearchIndex.highlights(record, hits)

    def public_suggest(self, query, now, org=None):
        """Up to five titles or words for what a resident is typing."""
        with self._searching() as (index, public):
            return index.suggest(query, public.visible_entries(now), org)

    @contextmanager
    def _searching(self):
        """(search index, public set) of the current content version, held while in use.

        The index is rebuilt off the event loop when the content version moved; a search
        never reads it while a rebuild changes it.
        """
        public = self.public_set()
        with self._public_lock:
            if self._index.version != public.version:
                self.offload(self._index.rebuild, public)
            yield self._index, public

    def warm(self, now):
        """Build the public set and the search index now, not on the first resident's query."""
        with self._searching():
            pass
        self.public_set().visible(now)


def _run_here(function, *args):
    return function(*args)


def _search_result(index, visible, query, org, kind):
    found = index.find(query, visible, org)
    by_id = index.visible_records(visible)
    kinds = [by_id[i]["kind"] for i, _ in found.ranked]
    groups = dict(Counter(kinds))  # per kind, in the order the kinds first appear
    chosen = [pair for pair, k in zip(found.ranked, kinds) if k == kind] if kind else found.ranked
    return {"records": [by_id[i] for i, _ in chosen], "hits": dict(chosen), "groups": groups,
            "corrected": found.corrected, "intent": {"kind": found.kind, "section": found.section}}


def _matches(record, filters):
    for key, wanted in filters.items():
        if wanted in (None, ""):
            continue
        if key == "org":
            if record["org"] != wanted and not record.get("all_townships"):
                return False
        elif key == "tag":
            if wanted not in record.get("tags", []):
                return False
        elif record.get(key) != wanted:
            return False
    return True


def paginate(records, page, per_page):
    if not (isinstance(page, int) and page >= 1) or not (isinstance(per_page, int) and 1 <= per_page <= PAGE_MAX):
        raise Invalid("bad paging", {"page": "an integer ≥ 1", "per_page": f"an integer from 1 to {PAGE_MAX}"})
    start = (page - 1) * per_page
    return {"items": records[start:start + per_page], "total": len(records), "page": page,
            "per_page": per_page}


def _take_schedule(action, body):
    """An approval may carry `publish_at`: the moment the approved version goes public."""
    if action != "approve" or not isinstance(body, dict) or "publish_at" not in body:
        return body, None
    body = dict(body)
    return body, body.pop("publish_at")


def _check_rev(current, expected):
    if expected is None:
        raise PreconditionRequired("send the rev you edited (or reviewed) in an If-Match header",
                                   {"If-Match": "required"})
    if expected != current["rev"]:
        raise Conflict(f"the record changed since rev {expected}: it is now rev {current['rev']}",
                       {"rev": current["rev"]})


def _body_rev(data):
    rev = data.get("rev") if isinstance(data, dict) else None
    return rev if isinstance(rev, int) and not isinstance(rev, bool) else None
