"""Shared reportlab styles and A4 page templates for every renderer.

Body text and tables are set in the 宋体-style face, titles and headings in the 黑体-style one
(GB/T 9704-2012 conventions); paragraphs go through :class:`CJKParagraph` so Chinese
line-breaking rules hold. Reports number pages "第 N 页 共 M 页"; letters use the GB/T 9704
layout (:func:`build_letter_pdf`) with "— N —".
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, TableStyle

from disclosure_desk.reports.cjk import CJKParagraph, numbered_canvas
from disclosure_desk.reports.fonts import HEI, KAI, SONG, register_fonts

MARGIN = 18 * mm
PORTRAIT = A4
LANDSCAPE = landscape(A4)


class Styles:
    """Paragraph styles using the embedded CJK font with CJK word wrapping."""

    def __init__(self) -> None:
        register_fonts()
        font = SONG
        self.font = font
        self.hei = HEI
        self.kai = KAI
        self.title = ParagraphStyle(
            "title",
            fontName=HEI,
            fontSize=16,
            leading=24,
            alignment=TA_CENTER,
            wordWrap="CJK",
            spaceAfter=6 * mm,
        )
        self.heading = ParagraphStyle(
            "heading",
            fontName=HEI,
            fontSize=12.5,
            leading=20,
            wordWrap="CJK",
            spaceBefore=4 * mm,
            spaceAfter=2 * mm,
        )
        self.body = ParagraphStyle(
            "body",
            fontName=font,
            fontSize=10.5,
            leading=18,
            wordWrap="CJK",
            firstLineIndent=21,
            spaceAfter=2 * mm,
            alignment=TA_JUSTIFY,
        )
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10.5, wordWrap="CJK")
        self.cell_center = ParagraphStyle("cell_center", parent=self.cell, alignment=TA_CENTER)
        self.small = ParagraphStyle(
            "small", fontName=font, fontSize=7.5, leading=9.5, wordWrap="CJK"
        )
        self.small_center = ParagraphStyle("small_center", parent=self.small, alignment=TA_CENTER)


def grid_style(
    font: str, font_size: float = 8, extra: Sequence[tuple[Any, ...]] = ()
) -> TableStyle:
    """A full-grid table style in the CJK font, centred vertically."""
    return TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), font, font_size),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            *extra,
        ]
    )


def para(text: str, style: ParagraphStyle, **kw: Any) -> CJKParagraph:
    """A plain-text paragraph with Chinese line-breaking rules (no markup to escape)."""
    return CJKParagraph(text, style, **kw)


def report_page_label(page: int, total: int) -> str:
    return f"第 {page} 页 共 {total} 页"


def _report_place(page: int, width: float, text_width: float) -> tuple[float, float, str]:
    return (width - text_width) / 2, 10 * mm, "center"


ReportCanvas = numbered_canvas(report_page_label, lambda: SONG, 9, _report_place)

# GB/T 9704-2012 §5.2.1: A4, top margin 37 mm, left 28 mm, version area 156 × 225 mm.
LETTER_TOP = 37 * mm
LETTER_LEFT = 28 * mm
LETTER_AREA = (156 * mm, 225 * mm)
LETTER_BOTTOM = PORTRAIT[1] - LETTER_TOP - LETTER_AREA[1]
LETTER_PAGE_SIZE = 14  # 4号


def letter_page_label(page: int, total: int) -> str:
    """GB/T 9704 §7.5: "— 1 —" in 4号 Arabic numerals with an em dash on each side."""
    return f"— {page} —"


def _letter_place(page: int, width: float, text_width: float) -> tuple[float, float, str]:
    # 7 mm below the version area; odd pages right and even pages left, one character in.
    y = LETTER_BOTTOM - 7 * mm - LETTER_PAGE_SIZE * 0.8
    if page % 2:
        return LETTER_LEFT + LETTER_AREA[0] - LETTER_PAGE_SIZE - text_width, y, "right"
    return LETTER_LEFT + LETTER_PAGE_SIZE, y, "left"


LetterCanvas = numbered_canvas(letter_page_label, lambda: SONG, LETTER_PAGE_SIZE, _letter_place)


def build_letter_pdf(story: list[Flowable], title: str, author: str = "") -> bytes:
    """Lay out a letter on the GB/T 9704 version area with "— N —" page numbers."""
    register_fonts()
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=PORTRAIT, title=title, author=author)
    frame = Frame(
        LETTER_LEFT,
        LETTER_BOTTOM,
        LETTER_AREA[0],
        LETTER_AREA[1],
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="letter",
    )
    doc.addPageTemplates([PageTemplate("letter", [frame], pagesize=PORTRAIT)])
    doc.build(story, canvasmaker=LetterCanvas)
    return buf.getvalue()


def _frame(pagesize: tuple[float, float], name: str) -> Frame:
    w, h = pagesize
    return Frame(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN, id=name)


def build_pdf(
    story: list[Flowable], title: str, author: str = "", landscape_pages: bool = False
) -> bytes:
    """Lay out ``story`` on A4 pages numbered "第 N 页 共 M 页"; templates "portrait", "landscape".

    A story may switch with ``NextPageTemplate("landscape")`` + ``PageBreak()``.
    """
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=PORTRAIT,
        title=title,
        author=author,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
    )
    portrait_t = PageTemplate("portrait", [_frame(PORTRAIT, "p")], pagesize=PORTRAIT)
    landscape_t = PageTemplate("landscape", [_frame(LANDSCAPE, "l")], pagesize=LANDSCAPE)
    templates = [landscape_t, portrait_t] if landscape_pages else [portrait_t, landscape_t]
    doc.addPageTemplates(templates)
    doc.build(story, canvasmaker=ReportCanvas)
    return buf.getvalue()


def frame_width(pagesize: tuple[float, float] = PORTRAIT) -> float:
    """Usable width inside the margins."""
    return pagesize[0] - 2 * MARGIN
