"""Dialogs behind one small service, so tests can answer them without blocking on a modal box."""

from __future__ import annotations

import os

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWidget

from disclosure_desk.i18n import tr

# The dialog classes are named through their modules (QtWidgets.QMessageBox …) where a dialog
# opens: PySide builds a class's Python type and enums when it is first named, and naming them
# at import cost every start-up ≈ 3 ms for dialogs it does not show.

LAST_DIR_KEY = "files/last_dir"


def start_folder() -> str:
    """Where file dialogs open: the folder used last, else the user's Documents."""
    last = QSettings().value(LAST_DIR_KEY)
    if last and os.path.isdir(str(last)):
        return str(last)
    docs = QtCore.QStandardPaths.writableLocation(
        QtCore.QStandardPaths.StandardLocation.DocumentsLocation
    )
    return docs if docs and os.path.isdir(docs) else os.path.expanduser("~")


def remember_folder(path: str) -> None:
    if path:
        QSettings().setValue(LAST_DIR_KEY, os.path.dirname(os.path.abspath(path)))


def _in_start_folder(default: str) -> str:
    if default and os.path.isabs(default):
        return default
    return os.path.join(start_folder(), default) if default else start_folder()


class Dialogs:
    """Real dialogs; tests replace ``dialogs.current`` with a scripted stand-in."""

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QtWidgets.QMessageBox.information(parent, title, text)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QtWidgets.QMessageBox.critical(parent, title, text)

    def warning(self, parent: QWidget | None, title: str, text: str) -> None:
        QtWidgets.QMessageBox.warning(parent, title, text)

    def crash(self, parent: QWidget | None, title: str, summary: str, details: str) -> None:
        from disclosure_desk.ui.common.crash import crash_box

        crash_box(parent, title, summary, details)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QtWidgets.QMessageBox.question(
            parent,
            title,
            text,
            QtWidgets.QMessageBox.StandardButton.Yes | QtWidgets.QMessageBox.StandardButton.No,
            QtWidgets.QMessageBox.StandardButton.No,
        )
        return answer == QtWidgets.QMessageBox.StandardButton.Yes

    def ask_text(
        self, parent: QWidget | None, title: str, label: str, default: str = ""
    ) -> str | None:
        text, ok = QtWidgets.QInputDialog.getText(parent, title, label, text=default)
        return text if ok else None

    def open_file(self, parent: QWidget | None, title: str, filters: str) -> str | None:
        path, _ = QtWidgets.QFileDialog.getOpenFileName(parent, title, start_folder(), filters)
        remember_folder(path)
        return path or None

    def save_file(
        self, parent: QWidget | None, title: str, filters: str, default: str = ""
    ) -> str | None:
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            parent, title, _in_start_folder(default), filters
        )
        remember_folder(path)
        return path or None

    def saved(self, parent: QWidget | None, title: str, text: str, path: str) -> None:
        """Tell where a file went and offer 打开 / 打开所在文件夹."""
        box = QtWidgets.QMessageBox(
            QtWidgets.QMessageBox.Icon.Information,
            title,
            text,
            QtWidgets.QMessageBox.StandardButton.Ok,
            parent,
        )
        open_button = box.addButton(tr("打开"), QtWidgets.QMessageBox.ButtonRole.ActionRole)
        folder_button = box.addButton(
            tr("打开所在文件夹"), QtWidgets.QMessageBox.ButtonRole.ActionRole
        )
        is_pdf = path.lower().endswith(".pdf")
        print_button = (
            box.addButton(tr("打印…"), QtWidgets.QMessageBox.ButtonRole.ActionRole)
            if is_pdf
            else None
        )
        preview_button = (
            box.addButton(tr("打印预览…"), QtWidgets.QMessageBox.ButtonRole.ActionRole)
            if is_pdf
            else None
        )
        box.exec()
        clicked = box.clickedButton()
        if clicked is open_button:
            open_path(path)
        elif clicked is folder_button:
            open_path(os.path.dirname(os.path.abspath(path)))
        elif clicked is not None and clicked in (print_button, preview_button):
            from disclosure_desk.ui.common import printing

            try:
                with open(path, "rb") as fh:
                    pdf = fh.read()
                name = os.path.basename(path)
                if clicked is print_button:
                    printing.print_pdf(parent, pdf, name)
                else:
                    printing.preview_pdf(parent, pdf, name)
            except Exception as exc:  # noqa: BLE001 — a printing failure is shown, not raised
                show_error(parent, exc)


class ScriptedDialogs(Dialogs):
    """Test stand-in: records every call and answers from queues."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str]] = []
        self.confirm_answers: list[bool] = []
        self.text_answers: list[str | None] = []
        self.file_answers: list[str | None] = []
        self.saved_paths: list[str] = []

    def info(self, parent, title, text):
        self.calls.append(("info", title, text))

    def error(self, parent, title, text):
        self.calls.append(("error", title, text))

    def warning(self, parent, title, text):
        self.calls.append(("warning", title, text))

    def crash(self, parent, title, summary, details):
        self.calls.append(("crash", title, summary))
        self.crash_details = details

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

    def saved(self, parent, title, text, path):
        self.calls.append(("info", title, text))
        self.saved_paths.append(path)


current: Dialogs = Dialogs()


def use(d: Dialogs) -> Dialogs:
    global current
    current = d
    return d


def open_path(path: str) -> bool:
    """Open a file or folder with the desktop's program for it."""
    return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(os.path.abspath(path)))


def show_error(parent: QWidget | None, exc: Exception, title: str | None = None) -> None:
    """Show the app's own error in plain words; one the exception hook already reported is skipped."""
    if getattr(exc, "already_reported", False):
        return
    if isinstance(exc, OSError):
        where = f" {exc.filename}" if exc.filename else ""
        text = tr("无法读写文件{where}：{problem}").format(where=where, problem=exc.strerror or exc)
    else:
        from disclosure_desk.services.common.setup import explain_error

        # A locked or full database, a full disk: plain words instead of the driver's English.
        text = explain_error(exc) or str(exc)
    current.error(parent, title or tr("操作未完成"), text)
