"""The GUI side of the one exception hook: an unexpected error is logged (services/common/errorlog.py) and
shown in one dialog with a "复制详细信息" button; errors from other threads are carried to the GUI
thread first. At most one such dialog is open at a time (a burst of errors shows the first)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from disclosure_desk.i18n import tr
from disclosure_desk.services.common import errorlog
from disclosure_desk.ui.common import dialogs


class _Relay(QObject):
    """Lives on the GUI thread; emitting from any thread queues the dialog there."""

    report = Signal(str, str)


_relay: _Relay | None = None
_showing = False


def show_crash(summary: str, details: str) -> None:
    global _showing
    if _showing:
        return
    _showing = True
    try:
        dialogs.current.crash(QApplication.activeWindow(), tr("程序错误"), summary, details)
    finally:
        _showing = False


def crash_box(parent: QWidget | None, title: str, summary: str, details: str) -> None:
    """The real dialog: the plain sentence, the details folded away, and a copy button."""
    box = QMessageBox(QMessageBox.Icon.Critical, title, summary, parent=parent)
    box.setDetailedText(details)
    copy = box.addButton(tr("复制详细信息"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    copy.clicked.disconnect()  # keep the box open after copying
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.exec()


def install() -> None:
    """Install the hook for this GUI session (call once the QApplication exists)."""
    global _relay
    if _relay is None:
        _relay = _Relay()
        _relay.report.connect(show_crash, Qt.ConnectionType.QueuedConnection)
    errorlog.install(_relay.report.emit)
