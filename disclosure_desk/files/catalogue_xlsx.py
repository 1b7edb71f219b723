"""The catalogue (政府信息公开目录) as an .xlsx workbook for officers who edit further."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from disclosure_desk.domain.catalogue import HEADERS, Catalogue
from disclosure_desk.files.spreadsheet import safe_cell

WIDTHS = (26, 48, 22, 22, 12, 12, 18, 12, 60, 30)


def write_catalogue_xlsx(catalogue: Catalogue, path: Path) -> None:
    """Write ``catalogue`` to ``path``: title, date line, header row, one row per item."""
    wb = Workbook(write_only=False)
    ws = wb.active
    ws.title = "公开目录"
    ws.append([safe_cell(catalogue.title)])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"生成日期：{catalogue.generated_on.isoformat()}　共 {len(catalogue.rows)} 条"])
    ws.append(list(HEADERS))
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in catalogue.rows:
        # Titles and 文号 come from officers and imported files: never let one run as a formula.
        ws.append([safe_cell(v) for v in row.cells()])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A4"
    wb.save(path)
