"""Thin Qt table models over lists of plain row objects; large lists load page by page."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    title: str
    get: Callable[[Any], Any]
    align_right: bool = False
    tip: Callable[[Any], Any] | None = None  # tooltip when it says more than the cell


class RowTableModel(QAbstractTableModel):
    """Rows are plain objects; ``fetch`` (offset, limit) → rows supplies further pages lazily."""

    def __init__(self, columns: Sequence[Column], parent=None, page_size: int = 200) -> None:
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.fetch: Callable[[int, int], list[Any]] | None = None
        self.page_size = page_size
        self._exhausted = True

    def set_rows(
        self, rows: Sequence[Any], fetch: Callable[[int, int], list[Any]] | None = None
    ) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.fetch = fetch
        self._exhausted = fetch is None or len(self.rows) < self.page_size
        self.endResetModel()

    def set_source(self, fetch: Callable[[int, int], list[Any]]) -> None:
        self.set_rows(fetch(0, self.page_size), fetch)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.fetch is None or self._exhausted:
            return
        more = self.fetch(len(self.rows), self.page_size)
        if len(more) < self.page_size:
            self._exhausted = True
        if more:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(more) - 1)
            self.rows.extend(more)
            self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and col.tip is not None:
            value = col.tip(row)
            return "" if value is None else str(value)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = col.get(row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ROW_ROLE:
            return row
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None

    def row_at(self, r: int) -> Any:
        return self.rows[r]
