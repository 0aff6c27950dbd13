"""Printed notices of public records: render once per version, verify codes, print the board."""
import dataclasses
import hashlib
from pathlib import Path

from ..errors import Invalid, NotFound
from .board import BoardLog, board_entries, cover_document
from .cache import RenderCache, cache_key
from .layout import build_document, prefers_landscape
from .pdf import merge_pdfs, page_count, render_pdf, render_png, tile_pages
from .verdict import verify_code
from .verification import CodeIndex, format_code, issue_code, verification_key


def call(fn):
    return fn()


class Notices:
    """`render` turns a NoticeDocument into PDF bytes, and `run` calls other CPU work, both
    somewhere that cannot stall the server (a worker process, a worker thread)."""

    def __init__(self, content, secret, run=call, render=render_pdf):
        self.library = content.library
        self.orgs = content.orgs
        self.key = verification_key(secret)
        self.index = CodeIndex(self.library.items, self.key)
        self.cache = RenderCache(Path(content.store.root) / "cache" / "notices")
        self.board_log = BoardLog(content.store)
        self.run = run
        self.render = render

    def verify_link(self, base_url, item_id, rev):
        code = issue_code(self.key, item_id, rev)
        return f"{base_url.rstrip('/')}/v/{code}", code

    def pdf(self, item_id, base_url, now, landscape=False):
        """The A4 notice of a record's public version (NotFound unless it is public now);
        `landscape` None turns it when a table is too wide for portrait."""
        entry = self.public_entry(item_id, now)
        if landscape is None:
            landscape = prefers_landscape(entry.record)
        return self._pdf(entry.record, entry.rev, base_url, landscape)

    def public_entry(self, item_id, now):
        entry = self.library.public_set().entry(item_id, now)
        if entry is None:
            raise NotFound(f"no public record {item_id}")
        return entry

    def _pdf(self, record, rev, base_url, landscape):
        key = cache_key(record, rev, base_url, landscape)
        cached = self.cache.get(key, "pdf")
        if cached is not None:
            return cached
        link, code = self.verify_link(base_url, record["id"], rev)
        document = build_document(record, self.org_name(record["org"]), link, format_code(code), landscape)
        return self.cache.put(key, "pdf", self.render(document))

    def _cached_render(self, document):
        key = cache_key(dataclasses.asdict(document))
        return self.cache.get(key, "pdf") or self.cache.put(key, "pdf", self.render(document))

    def png(self, item_id, base_url, now, page=1, landscape=False):
        """One page of the notice as a 150 dpi PNG, and the number of pages."""
        pdf = self.pdf(item_id, base_url, now, landscape)
        key = cache_key(hashlib.sha256(pdf).hexdigest(), page)
        pages = self.run(lambda: page_count(pdf))
        if not 1 <= page <= pages:
            raise Invalid(f"the notice has {pages} pages", {"page": f"from 1 to {pages}"})
        cached = self.cache.get(key, "png")
        return (cached or self.cache.put(key, "png", self.run(lambda: render_png(pdf, page)))), pages

    def verify(self, code, now):
        return self.run(lambda: verify_code(code, self.index, self.library.items, now))

    def org_name(self, code):
        org = self.orgs.get(code)
        if org is None:
            return code
        parent = self.orgs.get(org.parent) if org.parent else None
        return f"{parent.name}{org.name}" if parent and not org.name.startswith(parent.name) else org.name

    def board(self, org, base_url, now, actor_name, tiled=False):
        """The board set of an org: a cover listing changes since the last print, then each notice,
        turned to landscape where a table is too wide for portrait; `tiled`, the notices' pages
        two to a sheet (the cover, the clerk's checklist, stays a page of its own)."""
        entries = board_entries(self.library.public_set(), org, now)
        changes = self.board_log.changes(org, entries)
        cover = self._cached_render(cover_document(self.org_name(org), changes, now))
        parts = [self._pdf(e.record, e.rev, base_url, prefers_landscape(e.record)) for e in entries]
        if tiled and parts:
            merged = self.run(lambda: merge_pdfs([cover, tile_pages(merge_pdfs(parts))]))
        else:
            merged = self.run(lambda: merge_pdfs([cover, *parts]))
        self.board_log.record(org, entries, now, actor_name)
        self.library.audit.record(actor_name, "notices.board_print", f"org:{org}", org, now,
                                  items=[[e.id, e.rev] for e in entries])
        return merged

    def board_changes(self, org, now):
        return self.board_log.changes(org, board_entries(self.library.public_set(), org, now))
