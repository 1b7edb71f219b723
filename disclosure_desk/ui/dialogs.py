"""Dialogs behind one small service, so tests can answer them without blocking on a modal box."""
from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from disclosure_desk.i18n import tr


class Dialogs:
    """Real dialogs; tests replace ``dialogs.current`` with a scripted stand-in."""

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.critical(parent, title, text)

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, parent: QWidget | None, title: str, label: str, default: str = "") -> str | None:
        text, ok = QInputDialog.getText(parent, title, label, text=default)
        return text if ok else None

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, title, "", filters)
        return path or None

    def save_file(self, parent: QWidget | None, title: str, filters: str, default: str = "") -> str | None:
        path, _ = QFileDialog.getSaveFileName(parent, title, default, filters)
        return path or None


class ScriptedDialogs(Dialogs):
    """Test stand-in: records every call and answers from queues."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.confirm_answers: list[bool] = []
        self.text_answers: list[str | None] = []
        self.file_answers: list[str | None] = []

    def info(self, parent, title, text):
        self.calls.append(("info", title, text))

    def error(self, parent, title, text):
        self.calls.append(("error", title, text))

    def warning(self, parent, title, text):
        self.calls.append(("warning", title, text))

    def confirm(self, parent, title, text):
        self.calls.append(("confirm", title, text))
        return self.confirm_answers.pop(0) if self.confirm_answers else False

    def ask_text(self, parent, title, label, default=""):
        self.calls.append(("ask_text", title, label))
        return self.text_answers.pop(0) if self.text_answers else None

    def open_file(self, parent, title, filters):
        self.calls.append(("open_file", title, filters))
        return self.file_answers.pop(0) if self.file_answers else None

    def save_file(self, parent, title, filters, default=""):
        self.calls.append(("save_file", title, filters))
        return self.file_answers.pop(0) if self.file_answers else None


current: Dialogs = Dialogs()


def use(d: Dialogs) -> Dialogs:
    global current
    current = d
    return d


def show_error(parent: QWidget | None, exc: Exception) -> None:
    from disclosure_desk.services.setup import explain_error

    # A locked or full database, a full disk: plain words instead of the driver's English.
    current.error(parent, tr("操作未完成"), explain_error(exc) or str(exc))
