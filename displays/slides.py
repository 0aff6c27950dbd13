"""One public record as a wall-screen slide: its facts by kind and its body as safe blocks.

The body goes to the player as structured blocks (headings, paragraphs, lists, tables,
images) of plain text, never as HTML: the player builds its DOM with textContent, and can
page a long record between paragraphs, list items and table rows from measured sizes.
Slides are built from the public (masked) view of a record only.
"""
import math

from markdown_it import MarkdownIt

from content import catalogue
from content.dates import last_day
from content.qrcodes import record_link
from content.rendering import plain_text

TEXT_LIMIT = 600
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
_ALIGN = {"text-align:right": "right", "text-align:center": "center"}


def slide(record, base_url, qr):
    """One record as a slide: title, facts for its kind, body blocks, window and QR code."""
    link = record_link(record, base_url)
    notice_window = is_publicity_list(record)
    if record["kind"] == "media":
        return media_slide(record, link)
    return {"id": record["id"], "kind": record["kind"], "kind_label": catalogue.KINDS[record["kind"]],
            "title": record["title"], "summary": record.get("summary", ""), "facts": facts(record),
            "text": plain_text(record.get("body", ""), TEXT_LIMIT), "blocks": blocks_of(record),
            "publish_at": record.get("publish_at"), "expire_at": record.get("expire_at"),
            "countdown": notice_window, "link": link, "qr": qr(link)}


def media_slide(record, link):
    """A poster or video, played full screen: its file by content-hash name, type and length.
    No QR code: nothing but the file is on screen, and a QR path is most of a slide's bytes."""
    media = record["media"]
    return {"id": record["id"], "kind": "media", "kind_label": catalogue.KINDS["media"], "title": record["title"],
            "summary": record.get("summary", ""), "facts": [], "blocks": [],
            "publish_at": record.get("publish_at"), "expire_at": record.get("expire_at"), "countdown": False,
            "link": link, "qr": None,
            "media": {"type": media["type"], "src": f"/media/{media['name']}", "mime": media["mime"],
                      "width": media["width"], "height": media["height"], "bytes": media["bytes"],
                      "seconds": media.get("seconds") or 0}}


def own_seconds(record):
    """How long a record's slide plays when the display sets no override: a video its own
    length (rounded up), a poster its `seconds`; None for the display's default."""
    if record["kind"] != "media":
        return None
    if record["media"]["type"] == "video":
        return max(1, math.ceil(record["media"].get("seconds") or 0)) if record["media"].get("seconds") else None
    return record.get("seconds")


def is_publicity_list(record):
    """A 公示: a disclosure with a publicity window (公示期) ending at expire_at."""
    return record["kind"] == "disclosure" and bool(record.get("expire_at"))


def facts(record):
    """The few facts a passer-by needs, as [label, value] pairs."""
    if record["kind"] == "guide":
        pairs = guide_facts(record)
    elif record["kind"] == "disclosure":
        pairs = [("索引号", record.get("index_no")), ("公开主体", record.get("department")),
                 ("公开领域", record.get("area")), ("文号", record.get("doc_no")),
                 ("成文日期", (record.get("formed_at") or "")[:10]), ("发布日期", _published(record))]
        if is_publicity_list(record):
            pairs.append(("公示期", f"{_published(record)} 至 {last_day(record['expire_at']).isoformat()}"))
    else:
        pairs = [("发布单位", record.get("department")), ("发布日期", _published(record))]
    return [[label, value] for label, value in pairs if value]


def guide_facts(record):
    limit = record.get("time_limit") or {}
    if limit.get("type") == "committed":
        parts = [f"法定{limit['statutory_days']}个工作日" if limit.get("statutory_days") else "",
                 f"承诺{limit['committed_days']}个工作日" if limit.get("committed_days") else ""]
        time_limit = "，".join(p for p in parts if p) or catalogue.TIME_LIMIT_TYPES["committed"]
    else:
        time_limit = "即办（当场办结）"
    visits = record.get("visits")
    visits_text = None if visits is None else ("0次（可网上办理）" if visits == 0 else f"{visits}次")
    return [("办理地点", record.get("location")), ("办理时间", record.get("hours")), ("办理时限", time_limit),
            ("收费标准", record.get("fee")), ("到现场次数", visits_text), ("咨询电话", record.get("phone"))]


def _published(record):
    return (record.get("publish_at") or record.get("published_at") or "")[:10]


def blocks_of(record):
    """The slide's body: for a guide, its materials and conditions first, then its text."""
    blocks = []
    if record["kind"] == "guide":
        blocks += materials_blocks(record.get("materials") or [])
        conditions = [c for c in record.get("conditions") or [] if isinstance(c, str) and c]
        if conditions:
            blocks += [{"type": "heading", "level": 2, "text": "受理条件"},
                       {"type": "list", "ordered": False, "start": 1, "items": conditions}]
    return blocks + markdown_blocks(record.get("body") or "")


def materials_blocks(materials):
    """申请材料 as a table: name, copies, original/copy, and when it is needed."""
    if not materials:
        return []
    rows = []
    for item in materials:
        needed = "必须提供" if item.get("required", True) else (item.get("condition") or "视情况提供")
        rows.append([item.get("name", ""), f"{item['copies']}份" if item.get("copies") else "",
                     catalogue.MATERIAL_FORMS.get(item.get("form"), item.get("form") or ""), needed])
    return [{"type": "heading", "level": 2, "text": "申请材料"},
            {"type": "table", "head": ["材料名称", "份数", "原件/复印件", "说明"], "align": ["", "center", "center", ""],
             "rows": rows}]


def markdown_blocks(text):
    """A Markdown body as blocks of plain text (inline markup dropped, raw HTML ignored)."""
    tokens = _MARKDOWN.parse(text)
    blocks, i = [], 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            blocks.append({"type": "heading", "level": int(token.tag[1]), "text": _inline(tokens[i + 1])})
            blocks += _images(tokens[i + 1])
        elif token.type == "paragraph_open" and token.level == 0:
            words = _inline(tokens[i + 1])
            if words:
                blocks.append({"type": "paragraph", "text": words})
            blocks += _images(tokens[i + 1])
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            i, block = _list(tokens, i)
            blocks.append(block)
            continue
        elif token.type == "table_open":
            i, block = _table(tokens, i)
            blocks.append(block)
            continue
        elif token.type == "blockquote_open":
            i, words = _text_until(tokens, i, "blockquote_close")
            blocks.append({"type": "paragraph", "text": words, "quote": True})
            continue
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append({"type": "paragraph", "text": token.content.rstrip("\n")})
        i += 1
    return blocks


def _inline(token):
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
    return "".join(parts).strip()


def _images(token):
    return [{"type": "image", "src": child.attrs.get("src", ""), "alt": _inline(child) or child.content or ""}
            for child in token.children or [] if child.type == "image" and _safe_src(child.attrs.get("src", ""))]


def _safe_src(src):
    return isinstance(src, str) and (src.startswith(("https://", "http://")) or
                                     (src.startswith("/") and not src.startswith("//")))


def _text_until(tokens, i, closing):
    """Index after the matching `closing` token, and the text of the inlines in between."""
    depth, parts = 0, []
    opening = closing.replace("_close", "_open")
    while i < len(tokens):
        token = tokens[i]
        depth += (token.type == opening) - (token.type == closing)
        if token.type == "inline":
            parts.append(_inline(token))
        i += 1
        if depth == 0:
            break
    return i, "\n".join(p for p in parts if p)


def _list(tokens, i):
    opening = tokens[i]
    closing = opening.type.replace("_open", "_close")
    start = opening.attrs.get("start", 1) if opening.type == "ordered_list_open" else 1
    items, depth, i = [], 0, i + 1
    while i < len(tokens) and not (tokens[i].type == closing and depth == 0):
        if tokens[i].type == "list_item_open" and depth == 0:
            i, words = _text_until(tokens, i, "list_item_close")
            items.append(words)
            continue
        depth += tokens[i].type.endswith("_open") - tokens[i].type.endswith("_close")
        i += 1
    return i + 1, {"type": "list", "ordered": opening.type == "ordered_list_open", "start": int(start),
                   "items": items}


def _table(tokens, i):
    head, rows, align, row = [], [], [], None
    i += 1
    while i < len(tokens) and tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            row.append(_inline(tokens[i + 1]))
            if token.type == "th_open":
                align.append(_ALIGN.get(token.attrs.get("style", ""), ""))
        elif token.type == "tr_close" and not head:
            head = row
        elif token.type == "tr_close":
            rows.append(row)
        i += 1
    width = len(head)
    rows = [(r + [""] * width)[:width] for r in rows]
    return i + 1, {"type": "table", "head": head, "align": align, "rows": rows}
