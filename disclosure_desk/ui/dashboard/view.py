"""Home view: headline figures and my to-dos grouped by kind, counted in working days.

Double-clicking a to-do switches the main window to the view that holds the record and, when
that view offers ``open_record(kind, id)`` (or ``open_item(id)``), opens it there.

The data is loaded on a worker thread (ui/dashboard/loader.py) so the window opens at once. A
refresh asked for while the view is hidden (at start-up before the window is shown, or when
another view is current) starts when the view is next shown, once it has been painted, so the
first paint does not compete with the queries (nor with the import of the services behind them). ``refresh(sync=True)`` and
``wait_loaded()`` give callers (tests, the screenshot) loaded data.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QCursor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from disclosure_desk.domain import vocabulary
from disclosure_desk.i18n import N_, tr
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.common.view_base import View
from disclosure_desk.ui.dashboard.loader import DashboardData, Loader, load

if TYPE_CHECKING:  # imported by the loader on its thread, so not at start-up
    from disclosure_desk.services.dashboard import todos as reports_todo
    from disclosure_desk.services.dashboard.todos import Todo

OVERDUE = QColor("#b3261e")
NEAR = QColor("#9a6700")
COLUMNS = (N_("事项"), N_("编号"), N_("单位"), N_("期限"), N_("状态"))
# Qt.ItemDataRole.UserRole (256) + 1 and + 2, as numbers: naming PySide's ``Qt`` namespace builds
# its ≈ 100 enum classes (≈ 12 ms), which start-up otherwise avoids (see ui/shell/main_window.py).
TODO_ROLE = 257
MORE_ROLE = 258
LOADING = N_("正在加载…")
# Rows shown per group; the rest behind 查看全部 (the group's filtered list).
GROUP_CAP = 5
# Where each group's 查看全部 goes: (view key, filters for the view's show_filtered).
GROUP_LISTS: dict[str, tuple[str, dict]] = {
    "application_due": ("applications", {"status": "open", "due": 5}),
    "clock_running": ("applications", {"status": "waiting"}),
    "review_waiting": ("reviews", {}),
    "proactive_due": ("items", {"overdue": True}),
    "validity_review": ("items", {"stale": True}),
    "calendar_missing": ("settings", {"tab": "holidays"}),
    "duties": ("duties", {}),
}
# Where each headline card goes.
CARD_LISTS: dict[str, tuple[str, dict]] = {
    "items": ("items", {}),
    "items_published": ("items", {"status": vocabulary.PUBLISHED}),
    "reviews_waiting": ("reviews", {}),
    "applications_open": ("applications", {"status": "open"}),
    "applications_year": ("applications", {"year": "this"}),
    "units": ("settings", {"tab": "units"}),
}


class _Card(QFrame):
    """A headline figure; a click opens the list behind it."""

    clicked = Signal(str)

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key
        self._hand = False

    def enterEvent(self, event) -> None:
        # The pointing hand is set when the mouse first comes over the card, not when the card
        # is built: its enum lives in PySide's ``Qt`` namespace (see TODO_ROLE).
        if not self._hand:
            from PySide6.QtCore import Qt

            self._hand = True
            self.setCursor(QCursor(Qt.CursorShape.PointingHandCursor))
        super().enterEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        from PySide6.QtCore import Qt

        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.key)
        super().mouseReleaseEvent(event)


class DashboardView(View):
    key = "dashboard"
    title = N_("首页")
    hint = N_("今天需要处理的事项（按工作日计算）。双击一行打开对应记录。")
    watches = frozenset(
        {"item", "item_review", "application", "application_event", "holiday", "setting"}
    )
    # Emitted on the GUI thread each time a load has finished: its data is in the widgets (or
    # its failure has been reported).
    loaded = Signal()

    def build(self) -> None:
        self.agency = QLabel()
        self.agency.setProperty("role", "hint")
        self.body.addWidget(self.agency)
        grid = QGridLayout()
        self.cards: dict[str, QLabel] = {}
        for i, (key, label) in enumerate(
            (
                ("items", N_("登记信息总数")),
                ("items_published", N_("已发布")),
                ("reviews_waiting", N_("待审查")),
                ("applications_open", N_("办理中的申请")),
                ("applications_year", N_("今年收到申请")),
                ("units", N_("单位数")),
            )
        ):
            card = _Card(key)
            card.setProperty("role", "card")
            card.setToolTip(tr("点击查看列表"))
            card.clicked.connect(self.open_card)
            box = QVBoxLayout(card)
            number = QLabel("…")
            number.setProperty("role", "card-number")
            box.addWidget(number)
            box.addWidget(QLabel(tr(label)))
            grid.addWidget(card, i // 3, i % 3)
            self.cards[key] = number
        self.body.addLayout(grid)
        self.todo_title = QLabel(tr("我的待办"))
        self.body.addWidget(self.todo_title)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels([tr(c) for c in COLUMNS])
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for col, width in ((1, 190), (2, 170), (3, 100), (4, 240)):
            self.tree.setColumnWidth(col, width)
        self.tree.itemDoubleClicked.connect(self._open)
        self.tree.itemActivated.connect(self._open)
        self.body.addWidget(self.tree, 1)
        self.todo_list: reports_todo.TodoList | None = None
        self._loader = Loader(self.actor, self._loaded, self)
        self._pending = False  # a refresh is waiting for the view to be shown

    def refresh(self, sync: bool = False) -> None:
        """Reload on the worker thread (``sync=True``: here and now, raising any error)."""
        if sync:
            self._pending = False
            self._loader.stop()
            self._apply(load(self.actor))
            return
        if self.todo_list is None and not self._loader.busy:
            # First load: say so rather than show an empty list; later reloads keep the old rows
            # on screen until the new ones arrive.
            self.tree.clear()
            self.tree.addTopLevelItem(QTreeWidgetItem([tr(LOADING), "", "", "", ""]))
            self.todo_title.setText(f"{tr('我的待办')}（{tr(LOADING)}）")
        if self.isVisible():
            self._pending = False
            self._loader.start()
        else:
            self._pending = True

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._pending:  # shown and painted: load now (the paint did not wait for it)
            QTimer.singleShot(0, self, self._start_pending)

    def _start_pending(self) -> None:
        if self._pending:
            self._pending = False
            self._loader.start()

    @property
    def loading(self) -> bool:
        """A load is running or waiting for the view to be shown."""
        return self._pending or self._loader.busy

    def wait_loaded(self) -> None:
        """Load now if a load is waiting, and block until its data is shown."""
        self._start_pending()
        self._loader.wait()

    def stop_loading(self) -> None:
        """Wait for a running load and discard it (before the window or database closes)."""
        self._pending = False
        self._loader.stop()

    def closeEvent(self, event) -> None:
        self.stop_loading()
        super().closeEvent(event)

    def _loaded(self, result: object) -> None:
        if isinstance(result, Exception):
            self.todo_title.setText(tr("我的待办：加载失败"))
            if self.todo_list is None:
                self.tree.clear()
            dialogs.show_error(self, result)
            self.loaded.emit()
            return
        assert isinstance(result, DashboardData)
        self._apply(result)

    def _apply(self, data: DashboardData) -> None:
        s = data.summary
        self.agency.setText(
            s.agency
            + " · "
            + tr("当前用户：{name}").format(name=self.actor.name or self.actor.login)
        )
        for key, label in self.cards.items():
            label.setText(f"{getattr(s, key):,}")
        self.todo_list = data.todos
        self._fill(self.todo_list)
        self._fill_duties(data.duties)
        self.loaded.emit()

    def _fill(self, todos: reports_todo.TodoList) -> None:
        from disclosure_desk.services.dashboard.todos import KINDS

        self.tree.clear()
        total = 0
        for kind, label in KINDS:
            rows = todos.of(kind)
            count = todos.counts.get(kind, 0)
            if not count:
                continue
            total += count
            group = QTreeWidgetItem(
                [f"{tr(label)}　{tr('{n} 项').format(n=count)}", "", "", "", ""]
            )
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFirstColumnSpanned(True)
            self.tree.addTopLevelItem(group)
            for todo in rows[:GROUP_CAP]:
                group.addChild(self._row(todo))
            if count > GROUP_CAP:
                more = QTreeWidgetItem([tr("查看全部 {n} 项 →").format(n=count), "", "", "", ""])
                more.setData(0, MORE_ROLE, kind)
                more.setForeground(0, QBrush(QColor("#2f6fa3")))
                more.setFirstColumnSpanned(True)
                group.addChild(more)
            group.setExpanded(True)
        self.todo_title.setText(
            tr("我的待办（共 {n} 项）").format(n=total) if total else tr("我的待办：暂无")
        )

    def _fill_duties(self, sheet) -> None:
        """One group: this month's 公开职责 per unit, the same counts as the monitoring sheet."""
        self.duty_lines: dict[str, tuple[int, int, int, int, int]] = {}
        if sheet is None or not sheet.lines:
            return
        t = sheet.totals()
        head = tr("本月公开职责（{m}月，截至{d}）：应完成 {due}，未完成 {missing}").format(
            m=sheet.month, d=f"{sheet.as_of:%m-%d}", due=t.due, missing=t.missing
        )
        group = QTreeWidgetItem([head, "", "", "", ""])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFirstColumnSpanned(True)
        self.tree.addTopLevelItem(group)
        for line in sheet.lines:
            c = line.tally
            self.duty_lines[line.unit_name] = (c.due, c.met, c.late, c.missing, c.pending)
            state = tr("按时 {a} · 逾期完成 {b} · 未完成 {c} · 未到期 {d}").format(
                a=c.met, b=c.late, c=c.missing, d=c.pending
            )
            row = QTreeWidgetItem(
                [tr("应完成 {n} 项").format(n=c.due), "", line.unit_name, "", state]
            )
            row.setData(0, MORE_ROLE, "duties")
            if c.missing:
                row.setForeground(4, QBrush(OVERDUE))
            elif c.late:
                row.setForeground(4, QBrush(NEAR))
            group.addChild(row)
        group.setExpanded(True)

    def _row(self, todo: Todo) -> QTreeWidgetItem:
        due = todo.due.isoformat() if todo.due else ""
        item = QTreeWidgetItem([todo.title, todo.ref, todo.unit_name, due, todo.label])
        item.setData(0, TODO_ROLE, todo)
        item.setToolTip(0, todo.title)
        if todo.urgency < 0:
            item.setForeground(4, QBrush(OVERDUE))
        elif todo.urgency <= 2 and todo.due is not None:
            item.setForeground(4, QBrush(NEAR))
        return item

    def todo_at(self, item: QTreeWidgetItem) -> Todo | None:
        return item.data(0, TODO_ROLE)

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        kind = item.data(0, MORE_ROLE)
        if kind:
            self.open_list(*GROUP_LISTS[kind])
            return
        todo = self.todo_at(item)
        if todo is None:
            return
        self.open_todo(todo)

    def open_card(self, key: str) -> None:
        self.open_list(*CARD_LISTS[key])

    def open_list(self, view_key: str, filters: dict) -> None:
        """Switch to a view showing the filtered list behind a group or card."""
        open_list = getattr(self.window(), "open_list", None)
        if open_list is None:
            return
        filters = dict(filters)
        if filters.get("year") == "this":
            filters["year"] = dt.date.today().year
        open_list(view_key, filters)

    def open_todo(self, todo: Todo) -> None:
        """Switch the main window to the record's view and open the record when possible."""
        window = self.window()
        show = getattr(window, "show_view", None)
        if show is None:
            return
        show(todo.view)
        view = getattr(window, "views", {}).get(todo.view)
        if view is None or todo.record_kind == "calendar":
            return
        if hasattr(view, "open_record"):
            view.open_record(todo.record_kind, todo.record_id)
        elif todo.record_kind == "item" and hasattr(view, "open_item"):
            view.open_item(todo.record_id)
