"""PDF renderer for the statutory annual report in the 2021 national format (A4, embedded fonts).

Takes a plain ``AnnualReport`` and lays out the six sections; the three tables come from
:mod:`annual_grid` (the same grids the .docx and .html renderers use). Section 六, the body's
name and the date stay together on one page (the seal goes over them). Inconsistent figures are
refused rather than printed.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from disclosure_desk.domain.annual import AnnualReport, require_consistent
from disclosure_desk.domain.errors import Text
from disclosure_desk.reports.annual_grid import (  # noqa: F401 (re-exported)
    EMPTY_NARRATIVE,
    Grid,
    applications_grid,
    closing_lines,
    fee_sentence,
    format_wan,
    headings,
    intro_sentence,
    narrative_lines,
    proactive_grid,
    report_title,
    reviews_grid,
    signature_lines,
)
from disclosure_desk.reports.common import Styles, build_pdf, frame_width, para


def ensure_consistent(report: AnnualReport, what: str = "PDF") -> None:
    """The one invariant check of domain/annual.py, naming what is refused."""
    require_consistent(report, Text("，不能生成 {what}", what=what))


def grid_table(grid: Grid, st: Styles, size: float, leading: float) -> Table:
    """A reportlab Table for a grid: every cell a 禁则-wrapped paragraph, one unbroken grid."""
    center = ParagraphStyle(
        "gc", fontName=st.font, fontSize=size, leading=leading, alignment=TA_CENTER
    )
    left = ParagraphStyle("gl", parent=center, alignment=TA_LEFT)
    covered = grid.covered()
    rows = [
        [
            ""
            if (r, c) in covered or not text
            else para(text, left if (r, c) in grid.left else center)
            for c, text in enumerate(row)
        ]
        for r, row in enumerate(grid.cells)
    ]
    width = frame_width()
    style = TableStyle(
        [
            ("FONT", (0, 0), (-1, -1), st.font, size),
            # BOX + INNERGRID of one width: lines meet at every corner, also across merges.
            ("BOX", (0, 0), (-1, -1), 0.75, colors.black),
            ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (0, 0), (-1, -1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            *[("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in grid.spans],
        ]
    )
    return Table(
        rows,
        colWidths=[width * w for w in grid.widths],
        style=style,
        repeatRows=grid.header_rows,
    )


def _signature_block(report: AnnualReport, st: Styles) -> Table:
    """填报单位（盖章）/ 负责人 / 填报人 / 日期 — lines to sign, no grid."""
    _agency, date_text = signature_lines(report)
    cell = ParagraphStyle("sig", fontName=st.font, fontSize=10.5, leading=16)
    line = "＿＿＿＿＿＿＿＿"
    rows = [
        [
            para("填报单位（盖章）：", cell),
            para(line, cell),
            para("负责人：", cell),
            para(line, cell),
        ],
        [para("填报人：", cell), para(line, cell), para("日期：", cell), para(date_text, cell)],
    ]
    width = frame_width()
    return Table(
        rows,
        colWidths=[width * 0.22, width * 0.30, width * 0.14, width * 0.34],
        style=TableStyle(
            [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("TOPPADDING", (0, 0), (-1, -1), 8)]
        ),
    )


def render_annual_report(report: AnnualReport) -> bytes:
    """Render the annual report as PDF bytes; InputError naming the cells when figures disagree."""
    ensure_consistent(report)
    st = Styles()
    h = headings()
    title = report_title(report)

    def body(lines: list[str]) -> list[Flowable]:
        return [para(line, st.body) for line in lines]

    story: list[Flowable] = [
        para(title, st.title),
        para(intro_sentence(report), st.body),
        para(h["overview"], st.heading),
        *body(narrative_lines(report, "overview")),
        KeepTogether(
            [para(h["proactive"], st.heading), grid_table(proactive_grid(report), st, 9, 12)]
        ),
        KeepTogether(
            [
                para(h["applications"], st.heading),
                grid_table(applications_grid(report), st, 7.5, 9.5),
            ]
        ),
        KeepTogether([para(h["reviews"], st.heading), grid_table(reviews_grid(report), st, 7, 9)]),
        para(h["problems"], st.heading),
        *body(narrative_lines(report, "problems")),
    ]
    # Section 六, the body's name and the date stay on one page: the seal is pressed over them.
    story.append(
        KeepTogether(
            [
                para(h["other"], st.heading),
                *body(closing_lines(report)),
                Spacer(1, 10 * mm),
                _signature_block(report, st),
            ]
        )
    )
    return build_pdf(story, title=title, author=report.agency_name or report.unit_name)
