"""The catalogue as a spreadsheet: the columns townships already keep in Excel, both ways.

One row per record, Chinese column headers, Chinese values for catalogue fields (领域,
五公开阶段, 公开属性, 发布渠道...). Lists that a guide has several of (申请材料, 办理流程,
常见问题, 受理条件) are one line per entry inside their cell, the parts of an entry
separated by " | ". Reading and writing use the same table of columns, so an export
imported again gives the same records, and exporting those gives the same sheet.
"""
import csv
import datetime as dt
import io
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import catalogue
from .errors import Invalid

SEP = " | "
MAX_ROWS = 5000  # a township's whole catalogue is a few hundred rows
MAX_BYTES = 10 * 1024 * 1024
SHEET = "目录"
ENCODINGS = ("utf-8-sig", "gb18030")  # Excel in China saves CSV as GBK unless told otherwise
LIST_SEP = "、"
YES, NO = "是", "否"


def _label(table):
    return (lambda code: table.get(code, code) if code else "",
            lambda text: catalogue.as_code(text, table) if text else None)


def _lines(to_parts, from_parts):
    def write(values):
        return "\n".join(SEP.join(to_parts(v)) for v in values or [])

    def read(text):
        return [from_parts([p.strip() for p in line.split("|")]) for line in text.splitlines() if line.strip()]
    return write, read


def _material_out(m):
    return [m["name"], str(m["copies"]), catalogue.MATERIAL_FORMS.get(m["form"], m["form"]), m["source"],
            "必需" if m["required"] else "按需", m.get("condition", "")]


def _material_in(parts):
    name, copies, form, source, required, condition = (parts + [""] * 6)[:6]
    return {"name": name, "copies": int(copies) if copies.isdigit() else copies,
            "form": catalogue.as_code(form, catalogue.MATERIAL_FORMS), "source": source,
            "required": required != "按需", "condition": condition}


def _time_limit_out(limit):
    if not limit:
        return ""
    if limit["type"] == "immediate":
        return "即办"
    text = f"承诺{limit['committed_days']}个工作日"
    return text + (f"（法定{limit['statutory_days']}个工作日）" if limit.get("statutory_days") is not None else "")


def _time_limit_in(text):
    import re
    if not text:
        return None
    if text == "即办":
        return {"type": "immediate"}
    match = re.fullmatch(r"承诺(\d+)个工作日(?:（法定(\d+)个工作日）)?", text)
    if not match:
        return text  # refused by validation with the field's message
    limit = {"type": "committed", "committed_days": int(match[1])}
    if match[2]:
        limit["statutory_days"] = int(match[2])
    return limit


def _int_in(text):
    return int(text) if text and text.lstrip("-").isdigit() else (None if not text else text)


def _bool_in(text):
    return {YES: True, NO: False, "": False}.get(text, text)


def list_cell(text):
    return [part.strip() for part in text.replace(",", LIST_SEP).replace("，", LIST_SEP).split(LIST_SEP) if part.strip()]


_kind = _label(catalogue.KINDS)
# Posters and videos are files, uploaded on their own page: a sheet holds the text records.
SHEET_KINDS = {code: label for code, label in catalogue.KINDS.items() if code != "media"}
_stage = _label(catalogue.STAGES)
_audience = _label(catalogue.AUDIENCES)
_attribute = _label(catalogue.ATTRIBUTES)
_theme = _label(catalogue.THEMES)
_service_object = _label(catalogue.SERVICE_OBJECTS)
_materials = _lines(_material_out, _material_in)
_steps = _lines(lambda s: [s["name"], s["actor"], s["duration"]],
                lambda p: dict(zip(("name", "actor", "duration"), (p + [""] * 3)[:3])))
_faqs = _lines(lambda f: [f["q"], f["a"]], lambda p: dict(zip(("q", "a"), (p + [""] * 2)[:2])))
_text = (lambda v: "" if v is None else str(v), lambda t: t)
_optional = (lambda v: v or "", lambda t: t or None)
_number = (lambda v: "" if v is None else str(v), _int_in)
_yes_no = (lambda v: YES if v else NO, _bool_in)
_listed = (lambda v: LIST_SEP.join(v or []), list_cell)
_channels = (lambda v: LIST_SEP.join(catalogue.CHANNELS.get(c, c) for c in v or []),
             lambda t: [catalogue.as_code(c, catalogue.CHANNELS) for c in list_cell(t)])
_conditions = (lambda v: "\n".join(v or []), lambda t: [line.strip() for line in t.splitlines() if line.strip()])

# header, field, (to cell, from cell), kinds that have it (None: every kind)
COLUMNS = [
    ("类型", "kind", _kind, None),
    ("标题", "title", _text, None),
    ("内容概述", "summary", _text, None),
    ("正文", "body", _text, None),
    ("公开主体", "department", _text, None),
    ("发布时间", "publish_at", _optional, None),
    ("截止时间", "expire_at", _optional, None),
    ("原文链接", "record_url", _optional, None),
    ("标签", "tags", _listed, None),
    ("全县共享", "all_townships", _yes_no, None),
    ("领域", "area", _optional, ("disclosure",)),
    ("五公开阶段", "stage", _stage, ("disclosure",)),
    ("依据", "basis", _text, ("disclosure", "guide")),
    ("文号", "doc_no", _text, ("disclosure",)),
    ("公开对象", "audience", _audience, ("disclosure",)),
    ("公开属性", "attribute", _attribute, ("disclosure",)),
    ("不予公开理由", "withheld_reason", _text, ("disclosure",)),
    ("形成日期", "formed_at", _optional, ("disclosure",)),
    ("公开时限（工作日）", "time_limit_days", _number, ("disclosure",)),
    ("发布渠道", "channels", _channels, ("disclosure",)),
    ("事项编码", "code", _text, ("guide",)),
    ("主题", "theme", _theme, ("guide",)),
    ("服务对象", "service_object", _service_object, ("guide",)),
    ("受理条件", "conditions", _conditions, ("guide",)),
    ("申请材料", "materials", _materials, ("guide",)),
    ("办理流程", "steps", _steps, ("guide",)),
    ("办理时限", "time_limit", (_time_limit_out, _time_limit_in), ("guide",)),
    ("收费标准", "fee", _text, ("guide",)),
    ("办理地点", "location", _text, ("guide",)),
    ("办理时间", "hours", _text, ("guide",)),
    ("咨询电话", "phone", _text, ("guide",)),
    ("监督投诉电话", "complaint_phone", _text, ("guide",)),
    ("到现场次数", "visits", _number, ("guide",)),
    ("网上办理链接", "online_url", _optional, ("guide",)),
    ("常见问题", "faqs", _faqs, ("guide",)),
]
HEADERS = [c[0] for c in COLUMNS]
FIELD_OF = {c[0]: c[1] for c in COLUMNS}


def record_to_row(record):
    """One record as the sheet's cells (text), in HEADERS order."""
    row = []
    for _, field, (to_cell, _), kinds in COLUMNS:
        row.append(to_cell(record.get(field)) if kinds is None or record["kind"] in kinds else "")
    return row


def row_to_fields(cells):
    """The record fields of one row ({header: text}); cells of other kinds' columns must be empty.

    Returns (fields, problems) where problems maps a header to what is wrong with it.
    """
    kind = _kind[1](cells.get("类型", "").strip())
    if kind not in SHEET_KINDS:
        return None, {"类型": f"应为 {'、'.join(SHEET_KINDS.values())} 之一"}
    fields, problems = {"kind": kind}, {}
    for header, field, (_, from_cell), kinds in COLUMNS[1:]:
        text = (cells.get(header) or "").strip()
        if kinds is not None and kind not in kinds:
            if text:
                problems[header] = f"{catalogue.KINDS[kind]}没有这一栏，请留空"
            continue
        value = from_cell(text)
        if value not in (None, "", []) or field in ("title", "fee", "department"):
            fields[field] = value
    return fields, problems


# Excel runs a CSV cell that begins with = + - @ (or a tab or a carriage return) as a formula.
# Such text is written behind an apostrophe and read back without it (OWASP's advice for CSV
# injection); text that itself begins with an apostrophe gets one more, so the round trip is exact.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def csv_cell(text):
    """Text as a CSV cell no spreadsheet runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_in(text):
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def write_csv(records):
    """The records as CSV text (UTF-8 with BOM added by the caller for Excel)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    for record in records:
        writer.writerow([csv_cell(cell) for cell in record_to_row(record)])
    return out.getvalue()


def write_xlsx(records, example=False):
    """The records as an .xlsx workbook (bytes); with `example`, the empty template with notes."""
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for record in records:
        sheet.append(record_to_row(record))
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # text that begins with "=" is text: never run as a formula in Excel
                cell.data_type = "s"
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = 18
    if example:
        notes = book.create_sheet("填写说明")
        notes.append(["栏目", "可填的值"])
        for header, values in _allowed_values():
            notes.append([header, values])
        notes.column_dimensions["B"].width = 120
    book.properties.created = book.properties.modified = dt.datetime(2000, 1, 1)  # same data, same bytes
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _allowed_values():
    yield "类型", "、".join(SHEET_KINDS.values())
    yield "领域", "、".join(catalogue.AREAS)
    yield "五公开阶段", "、".join(catalogue.STAGES.values())
    yield "公开对象", "、".join(catalogue.AUDIENCES.values())
    yield "公开属性", "、".join(catalogue.ATTRIBUTES.values())
    yield "发布渠道", "、".join(catalogue.CHANNELS.values()) + "（多个用顿号分隔）"
    yield "主题", "、".join(catalogue.THEMES.values())
    yield "服务对象", "、".join(catalogue.SERVICE_OBJECTS.values())
    yield "申请材料", "每行一份：名称 | 份数 | 原件/复印件/电子版 | 来源 | 必需/按需 | 条件"
    yield "办理流程", "每行一步：环节 | 办理人 | 时限"
    yield "常见问题", "每行一问：问题 | 回答"
    yield "办理时限", "即办，或 承诺5个工作日（法定20个工作日）"
    yield "日期", "2026-11-23 或 2026-11-23T08:00:00+08:00"


def read_table(data, filename):
    """(headers, [(row number, {header: text})]) from an .xlsx or .csv upload; Invalid if unreadable."""
    if len(data) > MAX_BYTES:
        raise Invalid(f"文件太大：最多 {MAX_BYTES // 1024 // 1024} MB", {"file": "too large"})
    name = (filename or "").lower()
    if name.endswith(".csv"):
        return _read_csv(data)
    if name.endswith((".xlsx", ".xlsm")) or data[:2] == b"PK":
        return _read_xlsx(data)
    raise Invalid("请上传 .xlsx 或 .csv 文件", {"file": "not a spreadsheet"})


def _read_csv(data):
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise Invalid("无法识别文件编码：请在 Excel 中另存为“CSV UTF-8”", {"file": "encoding"})
    # a body may hold 200,000 characters: more than csv's default cell limit (131,072)
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))
    try:
        rows = [[_csv_in(cell) for cell in row] for row in csv.reader(io.StringIO(text))]
    except csv.Error as exc:
        raise Invalid(f"CSV 文件格式有误，无法读取（{exc}）：请在 Excel 中重新另存为“CSV UTF-8”", {"file": "csv"}) from None
    if len(rows) > MAX_ROWS + 1:
        raise Invalid(f"行数太多：一次最多导入 {MAX_ROWS} 行", {"file": "too many rows"})
    return _table(rows)


def _read_xlsx(data):
    try:
        book = load_workbook(io.BytesIO(data), read_only=True)
        # rows counted, not taken from the sheet's <dimension>: some programs leave it out or get it wrong
        for count, _ in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            if count > MAX_ROWS + 1:
                raise Invalid(f"行数太多：一次最多导入 {MAX_ROWS} 行", {"file": "too many rows"})
        book.close()
        book = load_workbook(io.BytesIO(data))
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        if isinstance(exc, Invalid):
            raise
        raise Invalid("文件已损坏或不是 Excel 工作簿", {"file": "unreadable"}) from None
    sheet = book.worksheets[0]
    if sheet.merged_cells.ranges:
        merged = "、".join(str(r) for r in list(sheet.merged_cells.ranges)[:5])
        raise Invalid(f"表中有合并单元格（{merged}）：请取消合并后再导入", {"file": "merged cells"})
    rows, formulas = [], []
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            if cell.data_type == "f":
                formulas.append(cell.coordinate)
            values.append(_cell_text(cell.value))
        rows.append(values)
    if formulas:
        raise Invalid(f"表中有公式（{'、'.join(formulas[:5])}）：请复制后“粘贴为数值”再导入", {"file": "formulas"})
    return _table(rows)


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):  # Excel's TRUE/FALSE in a 是/否 column
        return YES if value else NO
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _table(rows):
    numbered = [(n, r) for n, r in enumerate(rows, start=1) if any(str(c).strip() for c in r)]
    if not numbered:
        raise Invalid("表是空的：第一行应为栏目名称", {"file": "empty"})
    headers = [str(h).strip() for h in numbered[0][1]]
    unknown = [h for h in headers if h and h not in FIELD_OF]
    if unknown:
        raise Invalid(f"不认识的栏目：{'、'.join(unknown)}（请用模板中的栏目名称）", {"file": "unknown header"})
    twice = sorted({h for h in headers if h and headers.count(h) > 1}, key=headers.index)
    if twice:
        raise Invalid(f"栏目重复：{'、'.join(twice)}（每个栏目只能有一列）", {"file": "repeated header"})
    if "类型" not in headers or "标题" not in headers:
        raise Invalid("缺少“类型”或“标题”栏", {"file": "missing header"})
    return headers, [(n, {h: str(v) for h, v in zip(headers, row) if h}) for n, row in numbered[1:]]
