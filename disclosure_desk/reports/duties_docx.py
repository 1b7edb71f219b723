"""The monthly monitoring sheet as an editable Word document (same cells as the PDF)."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from disclosure_desk.domain.duties import MonitorSheet
from disclosure_desk.reports.duties_pdf import HEADERS, period_note, problem_rows, table_rows

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"


def _font(run, name: str, size: float) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _table(doc, headers, rows) -> None:
    table = doc.add_table(rows=1 + len(rows), cols=len(headers))
    table.style = "Table Grid"
    for r, values in enumerate([list(headers), *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = ""
            _font(cell.paragraphs[0].add_run(value), BODY_FONT, 10.5)


def render_monitor_docx(sheet: MonitorSheet) -> bytes:
    doc = Document()
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(sheet.title), TITLE_FONT, 18)
    _font(doc.add_paragraph().add_run(period_note(sheet)), BODY_FONT, 12)
    _table(doc, HEADERS, table_rows(sheet))
    problems = problem_rows(sheet)
    heading = doc.add_paragraph()
    _font(
        heading.add_run("逾期和未完成的职责" if problems else "本月到期的公开职责均已按时完成。"),
        BODY_FONT,
        12,
    )
    if problems:
        _table(doc, ("单位", "职责", "事项", "索引号/期间", "到期日", "完成日", "情况"), problems)
    for note in sheet.notes:
        _font(doc.add_paragraph().add_run(note), BODY_FONT, 12)
    basis = "职责依据：" + "；".join(f"{r.name}——{r.source}" for r in sheet.rules.values())
    _font(doc.add_paragraph().add_run(basis), BODY_FONT, 9)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
