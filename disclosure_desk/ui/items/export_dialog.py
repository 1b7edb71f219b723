"""Export dialog: writes the filtered register in a worker thread with progress and cancel, so a
200,000-item export never freezes the window.

The worker only calls the service (peewee gives each thread its own connection, closed when the
worker ends); widgets are touched only in slots on the main thread.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.services.items.register import ItemFilter
from disclosure_desk.ui.common import dialogs, workers


class ExportDialog(QDialog):
    """Starts at once; closes itself when done and reports through ``dialogs.current``."""

    exported = Signal(object)  # the row count, or the Exception (Cancelled included)

    def __init__(
        self, actor: Actor, path: str, filters: ItemFilter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.result_value: object = None
        self.setWindowTitle(tr("导出信息"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        self.status = QLabel(tr("正在导出到 {path} …").format(path=path))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy until the first report gives the total
        layout.addWidget(self.bar)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(tr("取消"))
        self.cancel_button.clicked.connect(self.cancel)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._cursor = True
        self.task = workers.start(
            self,
            lambda report: items_io.export_items(actor, path, filters, progress=report),
            self._finished,
            self._progress,
        )

    def running(self) -> bool:
        return self.task.running()

    def _progress(self, done: int, total: int, _label: str = "") -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        self.status.setText(
            tr("正在导出到 {path} …　{done} / {total} 条").format(
                path=self.path, done=f"{done:,}", total=f"{total:,}"
            )
        )

    def cancel(self) -> None:
        if self.running():
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.status.setText(tr("正在取消…"))

    def _restore_cursor(self) -> None:
        if self._cursor:
            QApplication.restoreOverrideCursor()
            self._cursor = False

    def _finished(self, result: object) -> None:
        self.result_value = result
        self._restore_cursor()
        self.accept()
        if isinstance(result, items_io.Cancelled):
            dialogs.current.info(self.parentWidget(), tr("导出信息"), tr("已取消导出。"))
        elif isinstance(result, Exception):
            dialogs.show_error(self.parentWidget(), result, tr("导出未完成"))
        else:
            dialogs.current.saved(
                self.parentWidget(),
                tr("导出完成"),
                tr("已导出 {n} 条信息到 {path}。").format(n=f"{result:,}", path=self.path),
                self.path,
            )
        self.exported.emit(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the window means cancel; the worker is never abandoned mid-file.
        if self.running():
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:  # Esc
        if self.running():
            self.cancel()
            return
        super().reject()
