"""Base class of the main window's views: a title, a hint line, and refresh on changes."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common.context import Changes


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


def allow(widget: QWidget, reason: str = "", tip: str = "") -> None:
    """Enable ``widget`` when ``reason`` is empty; otherwise disable it and say why on hover
    (the service would refuse the action for that reason)."""
    widget.setEnabled(not reason)
    widget.setToolTip(reason or tip)


def not_allowed(actor: Actor, action: str) -> str:
    """Why ``actor`` may not do ``action`` (empty when allowed): the roles that may."""
    from disclosure_desk.domain.permissions import ACTION_LABELS, MATRIX, ROLE_LABELS

    if actor.can(action):
        return ""
    roles = tr("、").join(tr(ROLE_LABELS.get(r, r)) for r in sorted(MATRIX.get(action, ())))
    label = ACTION_LABELS.get(action, action)
    return tr("只有{roles}可以{what}。").format(roles=roles or "—", what=label)


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
