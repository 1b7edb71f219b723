"""Shared python-docx helpers: GB/T 9704 page set-up, East Asian fonts, page-number fields.

Word documents name fonts rather than embed them: 仿宋 (FangSong) for the body and 黑体 (SimHei)
for titles and headings ship with every Chinese Windows and with WPS, so a .docx opens the same
on an office PC. A body's own template (letterhead, styles) can be the starting document.
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from disclosure_desk.domain.errors import InputError

BODY_FONT = "仿宋"
TITLE_FONT = "黑体"
HEADING_FONT = "黑体"
KAI_FONT = "楷体"


def new_document(template: str | Path | None = None) -> DocxDocument:
    """An empty document, or the body's own Word template (its letterhead and styles kept)."""
    if template:
        path = Path(template)
        if not path.is_file():
            raise InputError(
                "设置中的 Word 模板文件 {path} 不存在，请在“设置 → 文书”中更正或清空。", path=path
            )
        try:
            return Document(str(path))
        except Exception as exc:  # noqa: BLE001 — python-docx raises several types for a damaged file
            raise InputError("Word 模板文件 {path} 无法打开：{exc}", path=path, exc=exc) from None
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), BODY_FONT)
    return doc


def page_setup(doc: DocxDocument, *, top: float, bottom: float, left: float, right: float) -> None:
    """Margins in millimetres on A4 for every section."""
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
        section.left_margin, section.right_margin = Mm(left), Mm(right)


def set_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def add_text(
    doc_or_cell,
    text: str,
    *,
    font: str = BODY_FONT,
    size: float = 16,
    align: str = "justify",
    indent_chars: float = 0,
    line_pt: float | None = None,
    space_after: float = 0,
    bold: bool = False,
    paragraph: Paragraph | None = None,
) -> Paragraph:
    p = paragraph if paragraph is not None else doc_or_cell.add_paragraph()
    p.alignment = {
        "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "center": WD_ALIGN_PARAGRAPH.CENTER,
        "right": WD_ALIGN_PARAGRAPH.RIGHT,
        "left": WD_ALIGN_PARAGRAPH.LEFT,
    }[align]
    fmt = p.paragraph_format
    if indent_chars:
        fmt.first_line_indent = Pt(size * indent_chars)
    if line_pt:
        fmt.line_spacing = Pt(line_pt)
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(0)
    set_font(p.add_run(text), font, size, bold)
    return p


def _field(paragraph: Paragraph, code: str, font: str, size: float) -> None:
    run = paragraph.add_run()
    set_font(run, font, size)
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    num = OxmlElement("w:t")
    num.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, num, end):
        run._element.append(el)


def page_number_footer(doc: DocxDocument, pattern: str, size: float, align: str = "center") -> None:
    """Footer with fields: ``pattern`` uses {page} and {total}, e.g. "第 {page} 页 共 {total} 页"."""
    for section in doc.sections:
        footer = section.footer
        p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        for r in list(p.runs):
            r._element.getparent().remove(r._element)
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if align == "right" else WD_ALIGN_PARAGRAPH.CENTER
        rest = pattern
        while rest:
            head, sep, rest = rest.partition("{")
            if head:
                set_font(p.add_run(head), BODY_FONT, size)
            if sep:
                name, _close, rest = rest.partition("}")
                _field(p, "PAGE" if name == "page" else "NUMPAGES", BODY_FONT, size)


def to_bytes(doc: DocxDocument) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
