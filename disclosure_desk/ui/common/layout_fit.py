"""Fitting small screens (1280×720 office PCs): a wrapping row layout and screen-sized dialogs.

``FlowLayout`` lays its widgets left to right and wraps onto the next line when the row is
full, so a filter row never makes the window wider than the screen. ``fit_dialog`` sizes a
dialog to the wanted size or the screen's available area, whichever is smaller, and
``scroll_wrap`` puts a page's contents in a scroll area so a tall dialog scrolls inside.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QSizePolicy, QWidget

# The smallest screen the window promises to fit (PRODUCT: office PCs at 1280×720).
SMALL_SCREEN = QSize(1280, 720)


class FlowLayout(QLayout):
    """Left-to-right layout that wraps; an item added with stretch=1 takes a full line's rest."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list = []
        self._stretch: set[int] = set()
        self.setContentsMargins(0, 0, 0, 0)
        self.setSpacing(spacing)

    def addItem(self, item) -> None:
        self._items.append(item)

    def addWidget(self, widget: QWidget, stretch: int = 0) -> None:
        super().addWidget(widget)
        if stretch:
            self._stretch.add(id(self._items[-1]))

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self._stretch.discard(id(item))
            return item
        return None

    def expandingDirections(self):
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._do_layout(QRect(0, 0, width, 0), test_only=True)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._do_layout(rect, test_only=False)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _do_layout(self, rect: QRect, test_only: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line_height = area.x(), area.y(), 0
        space = self.spacing()
        lines: list[list[tuple[object, QSize]]] = [[]]
        for item in self._items:
            if item.widget() is not None and item.widget().isHidden():
                continue
            hint = item.sizeHint()
            if id(item) in self._stretch:
                hint = QSize(max(item.minimumSize().width(), 180), hint.height())
            next_x = x + hint.width() + space
            if next_x - space > area.right() + 1 and line_height > 0:
                x, y = area.x(), y + line_height + space
                next_x = x + hint.width() + space
                line_height = 0
                lines.append([])
            lines[-1].append((item, hint))
            x = next_x
            line_height = max(line_height, hint.height())
        if not test_only:
            y0 = area.y()
            for line in lines:
                if not line:
                    continue
                height = max(h.height() for _i, h in line)
                used = sum(h.width() for _i, h in line) + space * (len(line) - 1)
                spare = max(0, area.width() - used)
                stretchers = [i for i, _h in line if id(i) in self._stretch]
                extra = spare // len(stretchers) if stretchers else 0
                xx = area.x()
                for item, hint in line:
                    width = hint.width() + (extra if id(item) in self._stretch else 0)
                    top = y0 + (height - hint.height()) // 2
                    item.setGeometry(QRect(QPoint(xx, top), QSize(width, hint.height())))
                    xx += width + space
                y0 += height + space
        return y + line_height - rect.y() + m.bottom()


def flow_row(widgets, stretch_widget: QWidget | None = None) -> QWidget:
    """A widget holding ``widgets`` in a FlowLayout (a layout with heightForWidth must sit in
    its own widget for the parent layout to give it the wrapped height)."""
    holder = QWidget()
    flow = FlowLayout(holder)
    for w in widgets:
        flow.addWidget(w, 1 if w is stretch_widget else 0)
    policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    policy.setHeightForWidth(True)
    holder.setSizePolicy(policy)
    return holder


def available_size(widget: QWidget | None = None) -> QSize:
    """The screen's available area (the work area without the task bar), where the widget is."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    if screen is None:
        return SMALL_SCREEN
    return screen.availableGeometry().size()


def fit_dialog(dialog: QWidget, width: int, height: int) -> None:
    """Resize to width×height, or less where the screen is smaller (minus a frame margin)."""
    area = available_size(dialog.parentWidget() or dialog)
    dialog.resize(min(width, area.width() - 40), min(height, area.height() - 60))


def scroll_wrap(content: QWidget) -> QScrollArea:
    """A frameless scroll area around ``content``: scrolls vertically when the dialog is short."""
    area = QScrollArea()
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return area


__all__ = [
    "SMALL_SCREEN",
    "FlowLayout",
    "available_size",
    "fit_dialog",
    "flow_row",
    "scroll_wrap",
]
