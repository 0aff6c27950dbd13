"""The paper board set of an org: what goes up, and what changed since the last print."""
from ..dates import format_moment
from .layout import NoticeDocument, day


def board_entries(public_set, org, now):
    """Public entries of `org` (and county records shared with it) in a 公示期 or marked `board`."""
    chosen = [e for e in public_set.visible_entries(now)
              if (e.record["org"] == org or e.record.get("all_townships"))
              and (e.record.get("expire_at") or e.record.get("board"))]
    return sorted(chosen, key=lambda e: (e.record.get("expire_at") or "9999", e.id))


class BoardLog:
    """Each org's last board print: when, by whom, which versions went up (db/board_prints.json).

    Only the last one is kept; every print is also in the audit trail.
    """

    def __init__(self, store):
        self.store = store
        self.table = store.table("board_prints")

    def last(self, org):
        return next((doc for _, doc in self.table.find(org=org)), None)

    def record(self, org, entries, now, actor_name):
        with self.store.writing():
            found = self.table.find(org=org)
            doc = {"org": org, "seq": found[0][1]["seq"] + 1 if found else 1, "at": format_moment(now),
                   "by": actor_name, "items": {str(e.id): [e.rev, e.record["title"]] for e in entries}}
            if found:
                self.table.put(found[0][0], doc)
            else:
                self.table.add(doc)

    def changes(self, org, entries):
        """{since, added, changed, removed, unchanged} against the last print of this org."""
        last = self.last(org)
        before = last["items"] if last else {}
        now_ids = {str(e.id): e for e in entries}
        def item(e):
            return {"id": e.id, "title": e.record["title"]}
        return {
            "since": last["at"] if last else None,
            "added": [item(e) for key, e in now_ids.items() if key not in before],
            "changed": [item(e) for key, e in now_ids.items() if key in before and before[key][0] != e.rev],
            "removed": [{"id": int(key), "title": title} for key, (_, title) in before.items() if key not in now_ids],
            "unchanged": [item(e) for key, e in now_ids.items() if key in before and before[key][0] == e.rev],
        }


def cover_document(org_name, changes, now):
    """The board set's first page: what to put up, replace and take down."""
    since = f"上次打印：{day(changes['since'])}" if changes["since"] else "这是第一次打印公示栏"
    blocks = [("paragraph", f"打印时间：{day(format_moment(now))}　{since}")]
    for key, heading, hint in (("added", "新张贴", "上次打印后新增，请张贴"),
                               ("changed", "更换", "内容已更新，请用新打印的一页替换旧页"),
                               ("removed", "撤下", "已撤回、已结束或已不在公示期，请从公示栏撤下"),
                               ("unchanged", "不变", "与上次打印相同")):
        rows = [[str(i["id"]), i["title"]] for i in changes[key]]
        blocks.append(("heading", 2, f"{heading}（{len(rows)}）"))
        blocks.append(("paragraph", hint) if not rows else ("table", ["编号", "标题"], rows))
    return NoticeDocument(org_name, "公示栏", "公示栏张贴清单", [], blocks, "", "")
