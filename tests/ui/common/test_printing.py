"""打印 / 打印预览: every PDF the app makes goes through Qt's print support (offscreen here)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from disclosure_desk.services.reporting import annual as reports
from disclosure_desk.services.reporting import quarterly as reports_quarterly
from disclosure_desk.ui.common import dialogs, printing
from disclosure_desk.ui.reporting.view import ReportsView


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_print_preview_shows_every_page_of_the_annual_report(db, qtbot) -> None:
    pdf = reports.annual_pdf(db.admin, 2025, None)
    expected = _pages(pdf)
    assert expected >= 2
    dialog = printing.preview_dialog(None, pdf, "2025年度报告")
    qtbot.addWidget(dialog)
    dialog.show()
    assert printing.preview_page_count(dialog) == expected


def test_printing_paints_each_page_onto_the_printer(db, tmp_path, qapp) -> None:
    pdf = reports_quarterly.quarterly_pdf(db.admin, 2025, 2, None)
    pages = printing.PdfPages(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages.setup(printer)
    assert pages.paint(printer, dpi=72) == _pages(pdf)
    assert _pages(out.read_bytes()) == _pages(pdf)
    width, height = pages.sizes[0]
    assert (round(width), round(height)) == (842, 595)  # the quarterly sheet: A4 landscape
    box = PdfReader(io.BytesIO(out.read_bytes())).pages[0].mediabox
    assert float(box.width) > float(box.height)  # printed on landscape paper too


def test_reports_view_previews_the_quarterly_summary(db, qtbot, monkeypatch) -> None:
    dialogs.use(dialogs.ScriptedDialogs())
    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(printing, "preview_pdf", lambda _p, pdf, title: shown.append((pdf, title)))
    view = ReportsView(db.admin)
    qtbot.addWidget(view)
    view.refresh()
    period = view.quarter_panel.period
    period.setCurrentIndex(period.count() - 1)  # the oldest quarter offered
    year, quarter = view.quarter_panel.selected()
    view.print_quarterly(preview=True)
    qtbot.waitUntil(lambda: bool(shown), timeout=10000)
    pdf, title = shown[0]
    assert title == f"{year}年第{quarter}季度汇总"
    assert pdf.startswith(b"%PDF") and _pages(pdf) >= 1


def test_a_broken_pdf_is_refused_in_words() -> None:
    from disclosure_desk.domain.errors import InputError

    with pytest.raises(InputError, match="PDF 文件无效"):
        printing.PdfPages(b"not a pdf")


def test_ctrl_p_in_the_review_view_previews_the_approval_form(db, qtbot, monkeypatch) -> None:
    from disclosure_desk.services.reviews import decisions as review_service
    from disclosure_desk.store.models import Item, Unit
    from disclosure_desk.ui.shell.main_window import MainWindow

    dialogs.use(dialogs.ScriptedDialogs())
    officer = db.user("officer1", "officer")
    item = Item.create(
        index_no="000014349/2025-80001",
        title="关于低保标准的通知",
        unit=Unit.get(Unit.code == "ROOT"),
        created_by=officer.user_id,
        body="正文。",
    )
    review_service.submit(officer, item.id)
    shown: list[tuple[bytes, str]] = []
    monkeypatch.setattr(printing, "preview_pdf", lambda _p, pdf, title: shown.append((pdf, title)))
    window = MainWindow(db.admin)
    qtbot.addWidget(window)
    window.show_view("reviews")
    window.views["reviews"].refresh()
    window.print_action.trigger()
    assert len(shown) == 1 and shown[0][1].startswith("呈批单 ")
    assert _pages(shown[0][0]) >= 1
