"""打印 and 打印预览 for every PDF the app makes, through Qt's print support.

PySide6-Essentials has QtPrintSupport but not QtPdf, so the PDF pages are rasterised with
pypdfium2 (PDFium) at the printer's resolution (capped) and painted page by page onto the
QPrinter. On Chinese desktops the same print dialog reaches the OFD virtual printer, which is how
an OFD file is made.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QWidget

from disclosure_desk.domain.errors import InputError
from disclosure_desk.i18n import tr
from disclosure_desk.ui.common.layout_fit import fit_dialog

MAX_DPI = 300  # sharp on paper, and a page image stays under ~35 MB
PREVIEW_DPI = 110


class PdfPages:
    """An in-memory PDF that can be painted onto a printer, one page image at a time."""

    def __init__(self, pdf: bytes) -> None:
        import pypdfium2 as pdfium

        try:
            self._doc = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise InputError(tr("无法打印：PDF 文件无效（{error}）。").format(error=exc)) from None
        self.sizes = [self._doc[i].get_size() for i in range(len(self._doc))]  # points

    def __len__(self) -> int:
        return len(self.sizes)

    def image(self, index: int, dpi: float) -> QImage:
        page = self._doc[index]
        bitmap = page.render(scale=dpi / 72.0, rev_byteorder=True)
        width, height, stride = bitmap.width, bitmap.height, bitmap.stride
        data = bytes(bitmap.buffer)
        fmt = (
            QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
        )
        return QImage(data, width, height, stride, fmt).copy()  # copy: own the pixels

    def setup(self, printer: QPrinter) -> None:
        """Paper of the PDF's first page (A4 for everything the app makes), no extra margins."""
        if self.sizes:
            w, h = self.sizes[0]
            # The paper is named upright (A4 = 595×842) and turned by the orientation.
            upright = QSizeF(min(w, h), max(w, h))
            size = QPageSize(
                upright, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch
            )
            orientation = (
                QPageLayout.Orientation.Landscape if w > h else QPageLayout.Orientation.Portrait
            )
            printer.setPageLayout(
                QPageLayout(size, orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
            )
        printer.setFullPage(True)

    def paint(self, printer: QPrinter, dpi: float | None = None) -> int:
        """Paint every page onto ``printer``; returns the number of pages painted."""
        dpi = min(dpi or printer.resolution(), MAX_DPI)
        painter = QPainter()
        if not painter.begin(printer):
            raise InputError(tr("无法开始打印：打印机不可用。"))
        try:
            for i in range(len(self)):
                if i:
                    printer.newPage()
                img = self.image(i, dpi)
                target = QRectF(printer.pageRect(QPrinter.Unit.DevicePixel))
                target.moveTo(0, 0)
                scale = min(target.width() / img.width(), target.height() / img.height())
                w, h = img.width() * scale, img.height() * scale
                painter.drawImage(QRectF((target.width() - w) / 2, 0, w, h), img)
        finally:
            painter.end()
        return len(self)


def print_pdf(parent: QWidget | None, pdf: bytes, title: str) -> bool:
    """The system print dialog, then the pages; False when the officer cancels."""
    pages = PdfPages(pdf)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    pages.setup(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("打印") + " — " + title)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    pages.paint(printer)
    return True


def preview_dialog(parent: QWidget | None, pdf: bytes, title: str) -> QPrintPreviewDialog:
    """A print preview of the PDF (the caller execs it); its 打印 button prints."""
    pages = PdfPages(pdf)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setDocName(title)
    pages.setup(printer)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(tr("打印预览") + " — " + title)
    fit_dialog(dialog, 900, 1000)
    dialog.paintRequested.connect(lambda p: pages.paint(p, PREVIEW_DPI if p is printer else None))
    dialog.pages = pages  # keep the document alive with the dialog
    return dialog


def preview_pdf(parent: QWidget | None, pdf: bytes, title: str) -> None:
    preview_dialog(parent, pdf, title).exec()


def preview_page_count(dialog: QPrintPreviewDialog) -> int:
    """Pages the preview shows (after it has been laid out)."""
    widget = dialog.findChild(QPrintPreviewWidget)
    if widget is None:
        return 0
    widget.updatePreview()
    return widget.pageCount()
