"""The annual report as an editable Word document (.docx) for Word and WPS.

Same grids as the PDF (:mod:`annual_grid`): the three tables are real Word tables whose merged
cells follow the 2021 national format, so an officer can finish the narrative in Word and the
table still looks like the official one. Body 仿宋, headings 黑体; page numbers
"第 N 页 共 M 页" as fields Word updates.
"""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.shared import Mm, Pt

from disclosure_desk.domain.annual import AnnualReport
from disclosure_desk.reports import docx_common as dx
from disclosure_desk.reports.annual_grid import (
    Grid,
    applications_grid,
    closing_lines,
    headings,
    intro_sentence,
    narrative_lines,
    proactive_grid,
    report_title,
    reviews_grid,
    signature_lines,
)
from disclosure_desk.reports.annual_pdf import ensure_consistent

TEXT_WIDTH_MM = 156
BODY_PT = 14  # 4号: reports are longer than letters
LINE_PT = 26


def _table(doc, grid: Grid, size: float) -> None:
    n_rows, n_cols = len(grid.cells), len(grid.cells[0])
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Mm(TEXT_WIDTH_MM * w) for w in grid.widths]
    for row in table.rows:
        for c, cell in enumerate(row.cells):
            cell.width = widths[c]
    covered = grid.covered()
    for r, row in enumerate(grid.cells):
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            cell = table.cell(r, c)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            align = "left" if (r, c) in grid.left else "center"
            dx.add_text(cell, text, size=size, align=align, paragraph=cell.paragraphs[0])
    for r0, c0, r1, c1 in grid.spans:
        table.cell(r0, c0).merge(table.cell(r1, c1))
    for r in range(grid.header_rows):
        tr_pr = table.rows[r]._tr.get_or_add_trPr()
        header = dx.OxmlElement("w:tblHeader")
        header.set(dx.qn("w:val"), "true")
        tr_pr.append(header)


def render_annual_docx(report: AnnualReport, template: str | None = None) -> bytes:
    ensure_consistent(report, "Word 文件")
    doc = dx.new_document(template)
    dx.page_setup(doc, top=37, bottom=35, left=27, right=27)
    h = headings()
    dx.add_text(
        doc,
        report_title(report),
        font=dx.TITLE_FONT,
        size=20,
        align="center",
        line_pt=32,
        space_after=12,
    )

    def body(lines: list[str]) -> None:
        for line in lines:
            dx.add_text(doc, line, size=BODY_PT, indent_chars=2, line_pt=LINE_PT)

    def heading(text: str) -> None:
        p = dx.add_text(
            doc,
            text,
            font=dx.HEADING_FONT,
            size=BODY_PT,
            align="left",
            line_pt=LINE_PT,
            space_after=4,
        )
        p.paragraph_format.space_before = Pt(8)
        p.paragraph_format.keep_with_next = True

    body([intro_sentence(report)])
    heading(h["overview"])
    body(narrative_lines(report, "overview"))
    heading(h["proactive"])
    _table(doc, proactive_grid(report), 10.5)
    heading(h["applications"])
    _table(doc, applications_grid(report), 8)
    heading(h["reviews"])
    _table(doc, reviews_grid(report), 8)
    heading(h["problems"])
    body(narrative_lines(report, "problems"))
    heading(h["other"])
    body(closing_lines(report))
    agency, date_text = signature_lines(report)
    blank = dx.add_text(doc, "", size=BODY_PT, line_pt=LINE_PT)
    blank.paragraph_format.keep_with_next = True
    rows = (
        ("填报单位（盖章）：", "＿＿＿＿＿＿", "负责人：", "＿＿＿＿＿＿"),
        ("填报人：", "＿＿＿＿＿＿", "日期：", date_text),
    )
    sig = doc.add_table(rows=2, cols=4)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            dx.add_text(
                sig.cell(r, c), text, size=12, align="left", paragraph=sig.cell(r, c).paragraphs[0]
            )
    del agency
    # Keep section 六 with the signature lines in Word too.
    for p in doc.paragraphs[-(len(closing_lines(report)) + 2) :]:
        p.paragraph_format.keep_with_next = True
    dx.page_number_footer(doc, "第 {page} 页 共 {total} 页", 10.5)
    return dx.to_bytes(doc)
