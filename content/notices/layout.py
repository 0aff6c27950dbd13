"""A public record as a printable document: header facts, then body blocks. No drawing here.

Blocks are tuples: ("heading", level, text), ("paragraph", text), ("list", ordered, [items]),
("table", header, rows), ("rule",). The body's Markdown is read with the same parser as the
kiosk pages, so a table on screen is a table on paper.
"""
import math
import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt

from .. import dates
from ..dates import parse_datetime
from .labels import KIND_LABELS, label

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


@dataclass
class NoticeDocument:
    org_name: str
    kind_label: str
    title: str
    facts: list  # [(label, value)]
    blocks: list
    link: str  # what the verification QR code carries
    code: str  # the verification code, formatted for print
    landscape: bool = False
    footer: list = field(default_factory=list)


# Printed when a record names no 监督电话 of its own: the national government service hotline,
# which every county answers and which takes complaints about public services.
HOTLINE = "12345（政务服务便民热线）"


def day(value):
    """2026年11月23日 from an ISO date or date-time ('' for none)."""
    if not value:
        return ""
    moment = parse_datetime(value)
    return f"{moment.year}年{moment.month}月{moment.day}日"


def last_day(value):
    """2026年12月10日: the last day a window ending at `value` covers (dates.last_day)."""
    return day(dates.last_day(value)) if value else ""


def column_widths(header, rows):
    """Columns as wide as their longest text in half-width units (within limits), so a 户主
    column stays narrow and a 地址 column does not take the page."""
    sample = [header, *rows[:200]]
    return tuple(min(max(max(_width(r[i]) for r in sample), 2), 24) for i in range(len(header)))


def _width(text):
    return sum(2 if ord(c) > 0x2E80 else 1 for c in text)


def fit_columns(natural, available):
    """Column widths filling `available`: every column gets the width its longest text needs
    (`natural`) when they all fit, with the spare shared out; otherwise the narrow ones keep
    theirs and only the widest share what is left (and wrap), so a 序号 column never wraps
    because an 地址 column is long."""
    if sum(natural) <= available:
        spare = available - sum(natural)
        return [n + spare * n / sum(natural) for n in natural]
    widths, left = list(natural), available
    order = sorted(range(len(natural)), key=natural.__getitem__)
    for done, i in enumerate(order):
        share = left / (len(order) - done)
        if natural[i] > share:
            for j in order[done:]:
                widths[j] = share
            break
        left -= natural[i]
    return widths


def column_groups(count, most):
    """The columns of a table of `count` columns in as few parts of at most `most` as will
    do, as even as can be, each part repeating the first column (what names a row):
    column_groups(6, 3) == [[0, 1, 2], [0, 3, 4], [0, 5]]."""
    if count <= most:
        return [list(range(count))]
    parts = math.ceil((count - 1) / max(most - 1, 1))
    size = math.ceil((count - 1) / parts)
    return [[0, *range(start, min(start + size, count))] for start in range(1, count, size)]


_NUMBER = re.compile(r"^[-+]?[\d,，]*\d(\.\d+)?[%％元]?$")


def numeric_columns(rows):
    """Columns whose every filled cell is a number: set flush right, so digits line up."""
    width = max((len(r) for r in rows), default=0)
    return {i for i in range(width)
            if any(len(r) > i and r[i] for r in rows)
            and all(_NUMBER.match(r[i].strip()) for r in rows if len(r) > i and r[i].strip())}


# Millimetres a table can take across portrait A4 (210 mm less two 18 mm margins).
PORTRAIT_MM = 174


def table_mm(header, rows):
    """The width a table wants at the table size (10.5 pt: a CJK character is 3.7 mm, a
    half-width unit half that) with 2 mm padding per column."""
    width = max([len(header), *(len(r) for r in rows)] or [1])
    header = (list(header) + [""] * width)[:width]
    rows = [(list(row) + [""] * width)[:width] for row in rows]
    return sum(column_widths(header, rows)) * 1.85 + 2 * width


def prefers_landscape(record):
    """True when a table of the body would have to wrap most of its cells in portrait."""
    return any(block[0] == "table" and table_mm(block[1], block[2]) > PORTRAIT_MM
               for block in markdown_blocks(record.get("body") or ""))


def build_document(record, org_name, link, code, landscape=False):
    """The NoticeDocument of a public record (already de-identified)."""
    kind = record.get("kind")
    facts = disclosure_facts(record) if kind == "disclosure" else guide_facts(record) if kind == "guide" else []
    if kind != "disclosure" and record.get("department"):
        facts.insert(0, ("发布单位", record["department"]))
    facts += common_facts(record)
    blocks = []
    if record.get("summary"):
        blocks.append(("paragraph", record["summary"]))
    body = markdown_blocks(record.get("body") or "")
    if kind == "guide":
        blocks.extend(guide_blocks(record))
        if blocks and body and body[0][0] != "heading":
            blocks.append(("heading", 2, "说明"))
    blocks.extend(body)
    return NoticeDocument(org_name, KIND_LABELS.get(kind, ""), record.get("title", ""), facts, blocks,
                          link, code, landscape)


def publicity_period(record):
    """公示期 from its first to its last day: from publish_at, else the day it was published."""
    end = record.get("expire_at")
    if not end:
        return ""
    return f"{day(record.get('publish_at') or record.get('published_at'))}至{last_day(end)}"


def went_public(record):
    """When the version became public: its approval, or its publish_at when that came later."""
    moments = [m for m in (record.get("published_at"), record.get("publish_at")) if m]
    return max(moments, key=parse_datetime) if moments else ""


def common_facts(record):
    """What every printed notice states: when it was published, its 公示期 (when it has one),
    and where to complain (a guide's own 监督投诉电话 when it has one)."""
    rows = [("发布日期", day(went_public(record))),
            ("公示期", publicity_period(record)),
            ("监督电话", "" if record.get("complaint_phone") else HOTLINE)]
    return [(name, value) for name, value in rows if value]


def disclosure_facts(record):
    rows = [("索引号", record.get("index_no")), ("公开主体", record.get("department")),
            ("领域", record.get("area")), ("公开阶段", label("STAGES", record.get("stage"))),
            ("文号", record.get("doc_no")), ("依据", record.get("basis")),
            ("成文日期", day(record.get("formed_at")))]
    return [(name, value) for name, value in rows if value]


def guide_facts(record):
    limit = record.get("time_limit") or {}
    days = "即办" if limit.get("type") == "immediate" else \
        "、".join(f"{name}{limit[key]}个工作日" for key, name in (("statutory_days", "法定"), ("committed_days", "承诺"))
                 if limit.get(key) is not None)
    visits = record.get("visits")
    rows = [("事项编码", record.get("code")), ("服务对象", label("SERVICE_OBJECTS", record.get("service_object"))),
            ("设定依据", record.get("basis")), ("办理时限", days), ("收费标准", record.get("fee")),
            ("办理地点", record.get("location")), ("办理时间", record.get("hours")),
            ("到现场次数", f"{visits}次" if visits is not None else ""), ("咨询电话", record.get("phone")),
            ("监督投诉电话", record.get("complaint_phone")), ("网上办理", record.get("online_url"))]
    return [(name, value) for name, value in rows if value]


def guide_blocks(record):
    blocks = []
    if record.get("conditions"):
        blocks += [("heading", 2, "受理条件"), ("list", True, list(record["conditions"]))]
    if record.get("materials"):
        rows = [[m["name"] + (f"（{m['condition']}）" if m.get("condition") else ""), str(m["copies"]),
                 label("MATERIAL_FORMS", m["form"]), m["source"], "是" if m["required"] else "否"]
                for m in record["materials"]]
        blocks += [("heading", 2, "申请材料"), ("table", ["材料名称", "份数", "形式", "来源", "必需"], rows)]
    if record.get("steps"):
        rows = [[str(i), s["name"], s["actor"], s["duration"]] for i, s in enumerate(record["steps"], 1)]
        blocks += [("heading", 2, "办理流程"), ("table", ["序号", "环节", "办理人", "时限"], rows)]
    if record.get("faqs"):
        blocks.append(("heading", 2, "常见问题"))
        for faq in record["faqs"]:
            blocks += [("paragraph", "问：" + faq["q"]), ("paragraph", "答：" + faq["a"])]
    return blocks


def markdown_blocks(text):
    """Blocks of a Markdown body: headings, paragraphs, lists (nested flattened), tables."""
    tokens = _MARKDOWN.parse(text)
    blocks, i = [], 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            blocks.append(("heading", int(token.tag[1]), _inline(tokens[i + 1])))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            i, items = _list(tokens, i)
            blocks.append(("list", token.type == "ordered_list_open", items))
        elif token.type == "table_open":
            i, header, rows = _table(tokens, i)
            blocks.append(("table", header, rows))
        elif token.type == "inline":
            blocks.append(("paragraph", _inline(token)))
            i += 1
        elif token.type in ("fence", "code_block"):
            blocks.append(("paragraph", token.content.rstrip("\n")))
            i += 1
        elif token.type == "hr":
            blocks.append(("rule",))
            i += 1
        else:
            i += 1
    return blocks


def _inline(token):
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(f"［图片：{child.content or child.attrs.get('src', '')}］")
    return "".join(parts)


def _list(tokens, start):
    """Items of the list opening at `start` (nested items indented); index after its close."""
    items, depth, i = [], 0, start
    while i < len(tokens):
        token = tokens[i]
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            if depth == 0:
                return i + 1, items
        elif token.type == "inline":
            items.append("　" * (depth - 1) + _inline(token))
        i += 1
    return i, items


def _table(tokens, start):
    header, rows, row, i = [], [], None, start
    while i < len(tokens) and tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append(_inline(token))
        elif token.type == "tr_close":
            if header:
                rows.append(row)
            else:
                header = row
        i += 1
    return i + 1, header, rows
