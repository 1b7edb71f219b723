"""Base class of the main window's views: a title, a hint line, and refresh on changes."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.context import Changes


class View(QWidget):
    """One page of the main window; subclasses fill ``self.body`` and implement ``refresh``."""

    key = ""
    title = ""
    hint = ""
    # Tables whose changes make this view reload.
    watches: frozenset[str] = frozenset()

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        heading = QLabel(tr(self.title))
        heading.setProperty("role", "title")
        layout.addWidget(heading)
        if self.hint:
            hint = QLabel(tr(self.hint))
            hint.setProperty("role", "hint")
            hint.setWordWrap(True)
            layout.addWidget(hint)
        self.body = layout
        self.build()

    def build(self) -> None:
        """Create the widgets (called once)."""

    def refresh(self) -> None:
        """Reload data from the services."""

    def on_changes(self, changes: Changes) -> None:
        if not self.watches or changes.tables & self.watches:
            self.refresh()


def make_table(model, stretch_column: int | None = None) -> QTableView:
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView

    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(stretch_column is None)
    if stretch_column is not None:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return table
