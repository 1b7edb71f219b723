"""Shared reportlab styles and the A4 page template ("第 N 页" footer) for every renderer."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, TableStyle

from disclosure_desk.reports.fonts import register_fonts

MARGIN = 18 * mm
PORTRAIT = A4
LANDSCAPE = landscape(A4)


class Styles:
    """Paragraph styles using the embedded CJK font with CJK word wrapping."""

    def __init__(self) -> None:
        font = register_fonts()
        self.font = font
        self.title = ParagraphStyle(
            "title",
            fontName=font,
            fontSize=16,
            leading=24,
            alignment=TA_CENTER,
            wordWrap="CJK",
            spaceAfter=6 * mm,
        )
        self.heading = ParagraphStyle(
            "heading",
            fontName=font,
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


def _page_number(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont(register_fonts(), 9)
    width = canvas._pagesize[0]
    canvas.drawCentredString(width / 2, 10 * mm, f"第 {doc.page} 页")
    canvas.restoreState()


def _frame(pagesize: tuple[float, float], name: str) -> Frame:
    w, h = pagesize
    return Frame(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN, id=name)


def build_pdf(
    story: list[Flowable], title: str, author: str = "", landscape_pages: bool = False
) -> bytes:
    """Lay out ``story`` on A4 pages with page numbers; templates "portrait" and "landscape".

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
    portrait_t = PageTemplate(
        "portrait", [_frame(PORTRAIT, "p")], onPage=_page_number, pagesize=PORTRAIT
    )
    landscape_t = PageTemplate(
        "landscape", [_frame(LANDSCAPE, "l")], onPage=_page_number, pagesize=LANDSCAPE
    )
    templates = [landscape_t, portrait_t] if landscape_pages else [portrait_t, landscape_t]
    doc.addPageTemplates(templates)
    doc.build(story)
    return buf.getvalue()


def frame_width(pagesize: tuple[float, float] = PORTRAIT) -> float:
    """Usable width inside the margins."""
    return pagesize[0] - 2 * MARGIN
