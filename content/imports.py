"""Importing a township's catalogue sheet: a dry run that reports row by row, then all or nothing.

Every imported record is created as a draft through the library (same validation, index
numbers and audit as a record typed in the pages) and still goes through review; on
request the ready ones are submitted for review at once.
"""
from . import catalogue
from .errors import ContentError, Invalid
from .records import missing_for_review, validate_fields
from .sheets import COLUMNS, LIST_SEP, list_cell, read_table, row_to_fields

HEADER_OF = {field: header for header, field, _, _ in COLUMNS}
# Cells chosen from a list: a wrong one is answered with the list, in the sheet's words.
CHOICES = {"area": catalogue.AREAS, "stage": catalogue.STAGES, "audience": catalogue.AUDIENCES,
           "attribute": catalogue.ATTRIBUTES, "channels": catalogue.CHANNELS, "theme": catalogue.THEMES,
           "service_object": catalogue.SERVICE_OBJECTS}
LISTED_CHOICES = 12  # longer lists are named in the template, not in each problem
DATES = ("publish_at", "expire_at", "formed_at")
# the parts of one line of 申请材料, 办理流程 or 常见问题 (see sheets._material_in)
PARTS = {"name": "的名称", "copies": "的份数", "form": "的形式", "source": "的来源", "condition": "的条件",
         "actor": "的办理人", "duration": "的时限", "q": "的问题", "a": "的回答"}


def check_sheet(data, filename):
    """(rows of clean fields, problems) for an upload: problems are [{row, column, message}]."""
    _, rows = read_table(data, filename)
    ready, problems = [], []
    for number, cells in rows:
        fields, row_problems = row_to_fields(cells)
        if fields is not None:
            try:
                fields = validate_fields(fields)
            except Invalid as refused:
                for name, text in refused.fields.items():
                    row_problems.setdefault(_column(name), _message(name, text, cells))
        problems.extend({"row": number, "column": column, "message": text} for column, text in row_problems.items())
        if not row_problems:
            ready.append((number, fields))
    return ready, problems


def _column(field_path):
    head = field_path.split(".")[0]
    return HEADER_OF.get(head, field_path)


def _message(field_path, text, cells):
    """What is wrong with a cell, in the words of the sheet rather than of the stored record."""
    head, *rest = field_path.split(".")
    given = (cells.get(HEADER_OF.get(head, "")) or "").strip()
    if head in CHOICES and given:
        labels = list(CHOICES[head].values()) if isinstance(CHOICES[head], dict) else list(CHOICES[head])
        wrong = [v for v in list_cell(given) if v not in labels and v not in CHOICES[head]] \
            if head == "channels" else [given]
        allowed = f"应为 {LIST_SEP.join(labels)} 之一" if len(labels) <= LISTED_CHOICES \
            else "可选的值见导入模板的“填写说明”页"  # 32 areas on every wrong row would bury the report
        return f"“{LIST_SEP.join(wrong or [given])}”不是可选的值，{allowed}"
    if head == "all_townships" and given:
        return f"“{given}”应填 是 或 否"
    if head in DATES and given and "later" not in text:
        return f"“{given}”不是正确的日期，应写成 2026-11-23 或 2026-11-23T08:00:00+08:00"
    if rest and rest[0].isdigit():  # materials.1.copies: the 份数 of the cell's second line
        part = PARTS.get(rest[1], "") if len(rest) > 1 else ""
        return f"格内第 {int(rest[0]) + 1} 行{part}：{text}"
    return text


def dry_run(data, filename):
    """What importing would do: rows read, rows ready, and every problem found."""
    ready, problems = check_sheet(data, filename)
    rows = len(ready) + len({p["row"] for p in problems})
    return {"rows": rows, "ready": len(ready), "problems": problems, "would_import": not problems and bool(ready)}


def import_sheet(library, actor, data, filename, now, submit=False):
    """Create every row as a draft, or nothing when any row has a problem (Invalid with the report)."""
    actor.require("editor")
    ready, problems = check_sheet(data, filename)
    if problems:
        raise SheetRefused(problems)
    if not ready:
        raise Invalid("表里没有可导入的行", {"file": "no rows"})
    created = []
    with library.store.batch():  # every row or none, written together (one file write per table)
        for _, fields in ready:
            created.append(library.create(actor, fields, now))
    submitted = []
    if submit:
        for record in created:
            if not missing_for_review(record):
                submitted.append(library.transition(actor, record["id"], "submit", None, record["rev"], now))
    library.audit.record(actor.name, "items.import", f"org:{actor.org}", actor.org, now,
                         rows=len(created), file=(filename or "")[:100])
    return {"created": [r["id"] for r in created], "submitted": [r["id"] for r in submitted]}


class SheetRefused(ContentError):
    """Some rows are wrong: nothing was imported; `problems` says which rows and why."""

    status = 422
    code = "invalid"

    def __init__(self, problems):
        super().__init__(f"{len({p['row'] for p in problems})} 行有问题，没有导入任何内容",
                         {f"row {p['row']} {p['column']}": p["message"] for p in problems[:200]})
        self.problems = problems
