"""Small helpers shared by the settings tabs: selection, change broadcast, error display."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.services.common.context import Changes
from disclosure_desk.ui.common import dialogs, events


def selected(table: QTableView) -> Any | None:
    """The row object under the table's current selection, or None."""
    index = table.currentIndex()
    if not index.isValid():
        return None
    return table.model().row_at(index.row())


def broadcast(widget: QWidget, changes: Changes) -> None:
    """Tell the main window (when there is one) so every open view refreshes."""
    events.announce(widget, changes)


def run(widget: QWidget, call: Callable[[], Any]) -> Any | None:
    """Call a service; a DeskError becomes a message box and None."""
    try:
        return call()
    except DeskError as exc:
        dialogs.show_error(widget, exc)
        return None


def fit_columns(table: QTableView, *columns: int) -> None:
    """Size short columns to their contents so codes and patterns are never clipped."""
    from PySide6.QtWidgets import QHeaderView

    for c in columns:
        table.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)


def button_row(*buttons: tuple[str, Callable[[], None]]) -> tuple[QHBoxLayout, list[QPushButton]]:
    row = QHBoxLayout()
    made = []
    for text, slot in buttons:
        b = QPushButton(text)
        b.clicked.connect(slot)
        row.addWidget(b)
        made.append(b)
    row.addStretch(1)
    return row, made


def message_and_buttons(
    dialog: QDialog,
    layout: QVBoxLayout,
    on_accept: Callable[[], None],
    accept_text: str,
    cancel_text: str,
) -> QLabel:
    """Add a hidden warning line and an accept/cancel button row to a form dialog.

    Returns the warning label, where the dialog shows why the input was refused."""
    message = QLabel()
    message.setProperty("role", "warning")
    message.setWordWrap(True)
    message.hide()
    layout.addWidget(message)
    ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
    buttons = QDialogButtonBox(ok | cancel)
    buttons.button(ok).setText(accept_text)
    buttons.button(cancel).setText(cancel_text)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return message
