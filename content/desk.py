"""A staff member's desk: what waits for them, counted in one pass over the records they see."""
import heapq

from .workflow import authors

RECENT = 5


def is_rejected(record):
    review = record.get("review") or {}
    return record["status"] == "draft" and review.get("decision") == "rejected"


def awaits_review_by(record, name):
    """In review and not written by `name` (谁公开谁审查: nobody reviews their own work)."""
    return record["status"] == "in_review" and name not in authors(record)


def bucket_of(record, name):
    """The desk buckets a record falls in for the person called `name`."""
    mine = name in authors(record)
    found = []
    if mine and record["status"] == "draft":
        found.append("rejected" if is_rejected(record) else "drafts")
    if awaits_review_by(record, name):
        found.append("review")
    if record["status"] == "published":
        found.append("published")
    return found


def desk(records, name, may_review, limit=RECENT):
    """{bucket: {"total": n, "items": newest few}} for drafts, rejected, review and published."""
    buckets = {key: [] for key in ("drafts", "rejected", "review", "published")}
    for record in records:
        for key in bucket_of(record, name):
            if key != "review" or may_review:
                buckets[key].append(record)
    result = {}
    for key, chosen in buckets.items():
        order = "published_at" if key == "published" else "updated_at"
        newest = heapq.nlargest(limit, chosen, key=lambda r: (r.get(order) or "", r["id"]))  # not a 10k sort
        result[key] = {"total": len(chosen), "items": [dict(r) for r in newest]}
    return result


def select(records, bucket, name):
    """The records of one desk bucket (for the list behind a dashboard number)."""
    return [r for r in records if bucket in bucket_of(r, name)]
