"""常办事项: how often each public record is opened, to put the most viewed guides first.

Counts live in memory and are saved to views.json in the data dir at most once a minute
(a page view must not cost a disk write); a crash loses a minute of counts, nothing else.
"""
import json
import os
import threading
from pathlib import Path

SAVE_EVERY_SECONDS = 60


class Popularity:
    def __init__(self, data_dir):
        self.path = Path(data_dir) / "views.json"
        self._lock = threading.Lock()
        self._saved_at = None
        try:
            self._counts = {int(k): int(v) for k, v in json.loads(self.path.read_text()).items()}
        except (FileNotFoundError, ValueError, AttributeError):
            self._counts = {}

    def viewed(self, item_id, now):
        """Count one view of a record."""
        with self._lock:
            self._counts[item_id] = self._counts.get(item_id, 0) + 1
            due = self._saved_at is None or (now - self._saved_at).total_seconds() >= SAVE_EVERY_SECONDS
            if due:
                self._saved_at = now
                snapshot = dict(self._counts)
        if due:
            self._save(snapshot)

    def most_viewed(self, records, limit):
        """The `limit` records viewed most often (ties: the order given)."""
        counts = self._counts
        ranked = sorted(enumerate(records), key=lambda pair: (-counts.get(pair[1]["id"], 0), pair[0]))
        return [record for _, record in ranked[:limit]]

    def _save(self, counts):
        temp = self.path.with_name(f".views.{os.getpid()}.tmp")
        try:
            temp.write_text(json.dumps(counts))
            os.replace(temp, self.path)
        except OSError:
            pass  # counts are a convenience: a full disk must not break a page view
