"""好差评: anonymous "was this useful" ratings of public records, rate-limited per kiosk.

Each rating is one line of the append-only journal `feedback.jsonl` (no person, no
address: the kiosk it came from at most); the summary is kept in memory, rebuilt from the
journal at start. A flood from one kiosk fills that kiosk's bucket only. Staff read the
ratings on the timeliness board; each reader's last reading is kept (`feedback_read`), so that
the dashboard can say how many came in since. Several server processes share the journal:
each reads what the others appended before it answers.
"""
import bisect
import threading

from .dates import format_moment, parse_datetime
from .errors import Invalid, TooMany

REASONS = ("unclear", "outdated", "incomplete", "wrong")
BURST = 20           # ratings a kiosk may send at once...
REFILL_SECONDS = 6   # ...then one more every 6 s (600 an hour: a busy hall, not a script)


class Feedback:
    def __init__(self, store):
        self.journal = store.journal("feedback")
        self._lock = threading.Lock()
        self._buckets = {}  # bucket → (tokens, last refill moment)
        self._totals = {}   # item id → {"org", "count", "useful", "ratings", "reasons"}
        self._moments = {}  # org → when its ratings came (seconds since the epoch), in order
        self.readers = store.table("feedback_read")  # {"reader": name, "at": seconds}: read up to then
        self._offset = 0  # bytes of the journal already counted
        self._catch_up()

    def _catch_up(self):
        """Count what was appended to the journal since the last look (by any process)."""
        entries, offset = self.journal.read_from(self._offset)
        if offset < self._offset:  # the journal was replaced: count it again from the start
            self._totals, self._moments = {}, {}
        self._offset = offset
        for entry in entries:
            self._add(entry)

    def rate(self, record, data, bucket, origin, now):
        """Record one anonymous rating of a public record; `bucket` names whose rate limit it
        counts against (a kiosk), `origin` what is kept of where it came from ("kiosk:3")."""
        entry = validate_feedback(data)
        with self._lock:
            self._take_token(bucket, now)
            entry = {"item": record["id"], "org": record["org"], **entry, "origin": origin,
                     "at": format_moment(now)}
            self.journal.append(entry)
            self._catch_up()
        return entry

    def summary(self, visible_org, item_id=None):
        """Per record: count, useful count, average rating, reasons; only orgs `visible_org` accepts."""
        with self._lock:
            self._catch_up()
            rows = [{"item": item, **dict(t, reasons=dict(t["reasons"]), ratings=None),
                     "average": round(sum(t["ratings"]) / len(t["ratings"]), 2) if t["ratings"] else None}
                    for item, t in self._totals.items() if visible_org(t["org"])]
        rows = [r for r in rows if item_id is None or str(r["item"]) == str(item_id)]
        for row in rows:
            del row["ratings"]
        return sorted(rows, key=lambda r: -r["count"])

    def worst_first(self, visible_org):
        """The summary with the records residents liked least first: lowest average rating,
        then most ratings (a record rated only "useful or not" after the rated ones)."""
        return sorted(self.summary(visible_org), key=lambda r: (r["average"] is None, r["average"] or 0,
                                                                -r["count"], str(r["item"])))

    def unread(self, visible_org, reader):
        """Ratings of the visible orgs that came in since `reader` last read them."""
        since = self._read_up_to(reader)
        with self._lock:
            self._catch_up()
            return sum(len(moments) - bisect.bisect_right(moments, since)
                       for org, moments in self._moments.items() if visible_org(org))

    def mark_read(self, reader, now):
        """`reader` has read every rating given until `now`."""
        doc = {"reader": reader, "at": now.timestamp()}
        found = self.readers.find(reader=reader)
        if found:
            self.readers.put(found[0][0], doc)
        else:
            self.readers.add(doc)

    def _read_up_to(self, reader):
        found = self.readers.find(reader=reader)
        return found[0][1]["at"] if found else float("-inf")

    def _take_token(self, bucket, now):
        moment = now.timestamp()
        if len(self._buckets) > 10000:  # full buckets carry no information: forget them
            self._buckets = {k: v for k, v in self._buckets.items()
                             if v[0] + (moment - v[1]) / REFILL_SECONDS < BURST}
        tokens, last = self._buckets.get(bucket, (BURST, moment))
        tokens = min(BURST, tokens + (moment - last) / REFILL_SECONDS)
        if tokens < 1:
            raise TooMany("too many ratings from this kiosk; try again in a minute")
        self._buckets[bucket] = (tokens - 1, moment)

    def _add(self, entry):
        totals = self._totals.setdefault(entry["item"], {"org": entry["org"], "count": 0, "useful": 0,
                                                         "ratings": [], "reasons": {}})
        totals["count"] += 1
        totals["useful"] += 1 if entry.get("useful") else 0
        if entry.get("rating"):
            totals["ratings"].append(entry["rating"])
        if entry.get("reason"):
            totals["reasons"][entry["reason"]] = totals["reasons"].get(entry["reason"], 0) + 1
        if entry.get("at"):
            bisect.insort(self._moments.setdefault(entry["org"], []), parse_datetime(entry["at"]).timestamp())


def validate_feedback(data):
    """{useful: bool, rating: 1–5 or None, reason: one of REASONS or None}; else Invalid."""
    if not isinstance(data, dict):
        raise Invalid("send useful, rating and reason")
    errors = {}
    useful, rating, reason = data.get("useful"), data.get("rating"), data.get("reason") or None
    if useful is not None and not isinstance(useful, bool):
        errors["useful"] = "true or false"
    if rating is not None and (isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5):
        errors["rating"] = "a whole number from 1 to 5"
    if reason is not None and reason not in REASONS:
        errors["reason"] = f"one of {', '.join(REASONS)}"
    if useful is None and rating is None:
        errors["rating"] = "give a rating or say whether it was useful"
    if errors:
        raise Invalid("the rating is not valid", errors)
    return {"useful": useful, "rating": rating, "reason": reason}
