"""Drawing a NoticeDocument on A4 with fpdf2 (real text, an embedded CJK subset), and PNGs of it.

fpdf2 is pure Python and embeds TrueType/OpenType subsets (Noto Sans CJK's CFF included);
PNGs are rasterised from the very PDF with PDFium, so paper and picture never disagree.
"""
import io

import pypdfium2
import qrcode
from fpdf import FPDF
from fpdf.enums import TableCellFillMode, WrapMode, XPos, YPos
from fpdf.fonts import FontFace
from qrcode.constants import ERROR_CORRECT_M

from .fonts import cjk_font
from .layout import column_groups, fit_columns, numeric_columns
from .linebreak import split_row, wrap

MARGIN, TOP, BOTTOM = 18, 16, 34  # mm; the footer holds the verification QR code
QR_MM = 24
KEEP_WITH_NEXT = 30  # mm a heading needs below it for the text that follows
GREY = (90, 90, 90)
SIZES = {"title": 20, "heading": {1: 16, 2: 14.5}, "text": 12, "facts": 10.5, "table": 10.5, "footer": 9}
PNG_DPI = 150
PAD = 1  # mm inside table cells, each side
LINE = 6  # mm, a line of a table
SLACK = 0.3  # mm kept free at a line's end, against rounding in fpdf2's own measure


class NoticePDF(FPDF):
    def __init__(self, document):
        super().__init__(orientation="L" if document.landscape else "P", unit="mm", format="A4")
        self.document = document
        self.set_margins(MARGIN, TOP, MARGIN)
        self.set_auto_page_break(True, margin=BOTTOM)
        self.set_title(document.title)
        self.set_creator("township kiosk")
        path, index = cjk_font()
        # One face only: every embedded face costs a subsetting pass over the whole CJK font
        # (most of a render's time), so headings are set larger rather than bold.
        self.add_font("cjk", "", path, collection_font_number=index)
        self.qr_png = qr_image(document.link) if document.link else None
        self._widths = {}  # font size → {character: width in mm}

    def footer(self):
        doc = self.document
        top = self.h - BOTTOM + 6
        self.set_draw_color(*GREY)
        self.line(MARGIN, top - 2, self.w - MARGIN, top - 2)
        self.set_font("cjk", "", SIZES["footer"])
        self.set_text_color(*GREY)
        width = self.w - 2 * MARGIN - QR_MM - 4
        lines = [f"{doc.org_name}　{doc.kind_label}　第 {self.page_no()} 页 共 {{nb}} 页"]
        if self.qr_png:
            self.image(io.BytesIO(self.qr_png), x=self.w - MARGIN - QR_MM, y=top, w=QR_MM, h=QR_MM)
            lines += [f"验证码：{doc.code}",
                      "用手机扫描右侧二维码，或访问下面的网址，可核验本页是否为现行有效版本：", doc.link]
        self.set_xy(MARGIN, top)
        for line in lines:
            self.multi_cell(width, 4.6, self.fit(line, width), new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                            wrapmode=WrapMode.CHAR)
        self.set_text_color(0, 0, 0)

    def fit(self, text, width, padding=None):
        """`text` broken into lines for a cell `width` mm wide (less its padding, by default
        fpdf2's cell margin) in the current font, the Chinese way (linebreak.py); fpdf2's
        character wrapping stays on behind it, as a safety net."""
        inner = width - 2 * (self.c_margin if padding is None else padding) - SLACK
        return wrap(text, inner, self.measure)

    def measure(self, text):
        """get_string_width, from a table of each character's width at the current size (no
        kerning or shaping here, so widths add up): measuring every piece of a long notice
        through fpdf2 cost a quarter of the render."""
        widths = self._widths.setdefault(self.font_size_pt, {})
        total = 0.0
        for char in text:
            width = widths.get(char)
            if width is None:
                width = widths[char] = self.get_string_width(char)
            total += width
        return total


def qr_image(url):
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=2, box_size=8)
    code.add_data(url)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()


def render_pdf(document):
    """The PDF bytes of a NoticeDocument."""
    pdf = NoticePDF(document)
    pdf.add_page()
    draw_heading_area(pdf, document)
    for block in document.blocks:
        DRAW[block[0]](pdf, *block[1:])
    return bytes(pdf.output())


def draw_heading_area(pdf, document):
    pdf.set_font("cjk", "", SIZES["facts"])
    pdf.set_text_color(*GREY)
    pdf.cell(0, 6, document.org_name, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="C")
    pdf.set_text_color(0, 0, 0)
    pdf.set_font("cjk", "", SIZES["title"])
    pdf.multi_cell(0, 10, pdf.fit(document.title, pdf.epw), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT,
                   wrapmode=WrapMode.CHAR)
    pdf.ln(2)
    if document.facts:
        pdf.set_font("cjk", "", SIZES["facts"])
        limit = row_line_limit(pdf, 0)
        with pdf.table(col_widths=(1, 4), first_row_as_headings=False, line_height=LINE, wrapmode=WrapMode.CHAR,
                       v_align="TOP",
                       borders_layout="HORIZONTAL_LINES", padding=PAD) as table:
            for name, value in document.facts:
                for part in split_row([name, pdf.fit(str(value), pdf.epw * 4 / 5, PAD)], limit):
                    row = table.row()
                    row.cell(part[0], style=FontFace(color=GREY))
                    row.cell(part[1])
        pdf.ln(4)


def draw_heading(pdf, level, text):
    if pdf.get_y() > pdf.page_break_trigger - KEEP_WITH_NEXT:
        pdf.add_page()  # never a heading alone at the foot of a page
    pdf.ln(2)
    pdf.set_font("cjk", "", SIZES["heading"].get(level, SIZES["text"]))
    pdf.multi_cell(0, 8, pdf.fit(text, pdf.epw), new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR)
    pdf.ln(1)


def draw_paragraph(pdf, text):
    pdf.set_font("cjk", "", SIZES["text"])
    pdf.multi_cell(0, 7, pdf.fit(text, pdf.epw), new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR)
    pdf.ln(2)


def draw_list(pdf, ordered, items):
    pdf.set_font("cjk", "", SIZES["text"])
    for number, item in enumerate(items, 1):
        depth = len(item) - len(item.lstrip("　"))
        bullet = f"{number}." if ordered and not depth else "•"
        pdf.set_x(MARGIN + 4 + 6 * depth)
        pdf.cell(7, 7, bullet)
        pdf.multi_cell(0, 7, pdf.fit(item.lstrip("　"), pdf.w - pdf.r_margin - pdf.get_x()),
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT, wrapmode=WrapMode.CHAR)
    pdf.ln(2)


def draw_table(pdf, header, rows):
    """A real table: columns as wide as their text needs (the widest wrap when the page is too
    narrow), numbers flush right, the header repeated on every page the table runs onto. A
    table with more columns than the page has room for, at a character each, is printed in
    parts, each repeating the first column (fpdf2 never ends a line narrower than a character)."""
    width = max([len(header), *(len(r) for r in rows)] or [1])
    header = (header + [""] * width)[:width]
    rows = [(row + [""] * width)[:width] for row in rows]
    pdf.set_font("cjk", "", SIZES["table"])
    groups = column_groups(width, int(pdf.epw // narrowest_column(pdf)))
    for number, columns in enumerate(groups, 1):
        if number > 1:
            draw_paragraph(pdf, f"续表（{number}/{len(groups)}）")
            pdf.set_font("cjk", "", SIZES["table"])
        _draw_table(pdf, [header[i] for i in columns], [[row[i] for i in columns] for row in rows])


def narrowest_column(pdf):
    return pdf.measure("国") + 2 * PAD + 2 * SLACK


def _draw_table(pdf, header, rows):
    widths = fit_columns(natural_widths(pdf, [header, *rows[:200]]), pdf.epw)
    right = numeric_columns(rows)
    heading = FontFace(emphasis="", fill_color=(225, 225, 225))
    def fitted(cells):
        return [pdf.fit(text, widths[i], PAD) for i, text in enumerate(cells)]
    header = fitted(header)
    limit = row_line_limit(pdf, max(text.count("\n") + 1 for text in header))
    with pdf.table(col_widths=widths, line_height=LINE, wrapmode=WrapMode.CHAR, headings_style=heading,
                   cell_fill_color=(246, 246, 246), cell_fill_mode=TableCellFillMode.ROWS, padding=PAD,
                   repeat_headings=1, v_align="TOP") as table:
        for cells in [[header], *(split_row(fitted(cells), limit) for cells in rows)]:
            for part in cells:
                row = table.row()
                for i, text in enumerate(part):
                    row.cell(text, align="R" if i in right else "L")
    pdf.ln(3)


def row_line_limit(pdf, header_lines):
    """How many lines a table row may hold and still fit on a page under the table's header:
    fpdf2 cannot draw a row taller than a page (a 5,000-character 设定依据 would be one)."""
    usable = pdf.h - TOP - BOTTOM - 4  # mm, less a little for the rules between rows
    header = header_lines * LINE + 2 * PAD if header_lines else 0
    return max(1, int((usable - header - 2 * PAD) // LINE))


def natural_widths(pdf, rows):
    """The mm each column needs to set its longest line unbroken (at least one character)."""
    return [max(narrowest_column(pdf), *(pdf.measure(line) + 2 * PAD + 2 * SLACK
                                         for row in rows for line in row[i].split("\n")))
            for i in range(len(rows[0]))]


def draw_rule(pdf):
    pdf.ln(2)
    pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
    pdf.ln(3)


DRAW = {"heading": draw_heading, "paragraph": draw_paragraph, "list": draw_list, "table": draw_table,
        "rule": lambda pdf: draw_rule(pdf)}


def page_count(pdf_bytes):
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        return len(document)
    finally:
        document.close()


def render_png(pdf_bytes, page=1, dpi=PNG_DPI):
    """One page of a PDF as PNG bytes at `dpi`."""
    document = pypdfium2.PdfDocument(pdf_bytes)
    try:
        bitmap = document[page - 1].render(scale=dpi / 72)
        buffer = io.BytesIO()
        bitmap.to_pil().save(buffer, format="PNG", optimize=False)
        return buffer.getvalue()
    finally:
        document.close()


def merge_pdfs(parts):
    """One PDF of several, in order (the board set)."""
    merged = pypdfium2.PdfDocument.new()
    try:
        for part in parts:
            source = pypdfium2.PdfDocument(part)
            merged.import_pages(source)
            source.close()
        buffer = io.BytesIO()
        merged.save(buffer)
        return buffer.getvalue()
    finally:
        merged.close()


A4_LONG, A4_SHORT = 841.89, 595.28  # points


def tile_pages(pdf_bytes):
    """The pages of a PDF two to a sheet: portrait A4 pages side by side on landscape A4
    sheets, scaled to 71 % (A4 to A5), in order; a landscape page keeps a sheet to itself."""
    source = pypdfium2.PdfDocument(pdf_bytes)
    tiled = pypdfium2.PdfDocument.new()
    try:
        pending = []
        for index in range(len(source)):
            width, height = source[index].get_size()
            if width > height:
                _put_side_by_side(source, tiled, pending)
                tiled.import_pages(source, [index])
                pending = []
            else:
                pending.append(index)
                if len(pending) == 2:
                    _put_side_by_side(source, tiled, pending)
                    pending = []
        _put_side_by_side(source, tiled, pending)
        buffer = io.BytesIO()
        tiled.save(buffer)
        return buffer.getvalue()
    finally:
        tiled.close()
        source.close()


def _put_side_by_side(source, target, indices):
    if not indices:
        return
    scale = A4_SHORT / A4_LONG
    sheet = target.new_page(A4_LONG, A4_SHORT)
    for slot, index in enumerate(indices):
        width, _ = source[index].get_size()
        placed = source.page_as_xobject(index, target).as_pageobject()
        offset = slot * A4_LONG / 2 + (A4_LONG / 2 - width * scale) / 2
        placed.transform(pypdfium2.PdfMatrix().scale(scale, scale).translate(offset, 0))
        sheet.insert_obj(placed)
    sheet.gen_content()

