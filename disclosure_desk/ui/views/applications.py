"""Application log view (依申请公开): every case with its live clock, filters and search."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
)

from disclosure_desk.domain import app_workflow
from disclosure_desk.domain.outcomes import APPLICANT_TYPES, GROUPS, OUTCOMES
from disclosure_desk.services import applications_query as query
from disclosure_desk.services import overview
from disclosure_desk.ui import dialogs
from disclosure_desk.ui.table_model import ROW_ROLE, Column, RowTableModel
from disclosure_desk.ui.views.base import View, make_table


class ApplicationsView(View):
    key = "applications"
    title = "依申请公开"
    hint = "政府信息公开申请的登记、办理与答复；期限按工作日计算（双击打开案卷）。"
    watches = frozenset({"application", "application_event", "letter", "appeal", "holiday"})

    def build(self) -> None:
        self.today: dt.date | None = None  # tests fix "today"; None = the real date
        bar = QHBoxLayout()
        self.unit = QComboBox()
        self.status = QComboBox()
        self.status.addItem("全部状态", "")
        self.status.addItem("办理中（全部未答复）", "open")
        for code, label in app_workflow.STATUS_LABELS.items():
            self.status.addItem(label, code)
        self.due = QComboBox()
        self.due.addItem("不限期限", None)
        for n in (0, 3, 5, 10):
            self.due.addItem("今日到期及超期" if n == 0 else f"{n} 个工作日内到期", n)
        self.outcome = QComboBox()
        self.outcome.addItem("全部结果", "")
        for g in GROUPS[:-1]:
            self.outcome.addItem(g.label, g.code)
        for o in OUTCOMES:
            self.outcome.addItem(f"{o.code} {o.label[:16]}", o.code)
        self.atype = QComboBox()
        self.atype.addItem("全部申请人", "")
        for code, label in APPLICANT_TYPES:
            self.atype.addItem(label, code)
        self.year = QComboBox()
        self.year.addItem("全部年度", None)
        this_year = dt.date.today().year
        for y in range(this_year, this_year - 6, -1):
            self.year.addItem(f"{y} 年", y)
        self.search = QLineEdit()
        self.search.setPlaceholderText("搜索编号、申请人、内容、证件号码")
        self.search.setClearButtonEnabled(True)
        for w in (self.unit, self.status, self.due, self.outcome, self.atype, self.year):
            w.setMaximumWidth(200)
            bar.addWidget(w)
            w.currentIndexChanged.connect(self.refresh)
        bar.addWidget(self.search, 1)
        self.search.returnPressed.connect(self.refresh)
        self.register_button = QPushButton("登记申请")
        self.register_button.clicked.connect(self.register_new)
        self.open_button = QPushButton("打开案卷")
        self.open_button.clicked.connect(self.open_selected)
        bar.addWidget(self.register_button)
        bar.addWidget(self.open_button)
        self.body.addLayout(bar)
        self.model = RowTableModel(
            [
                Column("申请编号", lambda r: r.reg_no),
                Column("单位", lambda r: r.unit_name),
                Column("收到日期", lambda r: r.received_on),
                Column("申请人", lambda r: r.applicant_name),
                Column("申请人类型", lambda r: r.applicant_type_label),
                Column("方式", lambda r: r.channel),
                Column("状态", lambda r: r.status_label),
                Column("期限", lambda r: r.clock_label),
                Column("到期日", lambda r: r.due),
                Column("办理结果", lambda r: r.outcome_code or ""),
                Column("答复日期", lambda r: r.replied_on),
                Column("申请内容", lambda r: r.content),
            ]
        )
        self.table = make_table(self.model, stretch_column=11)
        for col, width in (
            (0, 170),
            (1, 130),
            (2, 92),
            (3, 110),
            (4, 90),
            (5, 70),
            (6, 80),
            (7, 150),
            (8, 92),
            (9, 70),
            (10, 92),
        ):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.body.addWidget(self.table, 1)
        self.count = QLabel()
        self.count.setProperty("role", "hint")
        self.body.addWidget(self.count)
        self.register_button.setEnabled(self.actor.can("application.edit"))
        self._units_loaded = False

    def _load_units(self) -> None:
        if self._units_loaded:
            return
        self._units_loaded = True
        self.unit.blockSignals(True)
        self.unit.addItem("全部单位", None)
        for u in overview.units(self.actor):
            self.unit.addItem(u.name, u.id)
        self.unit.blockSignals(False)

    def current_filter(self) -> query.ApplicationFilter:
        return query.ApplicationFilter(
            unit_id=self.unit.currentData(),
            status=self.status.currentData() or "",
            due_within=self.due.currentData(),
            outcome=self.outcome.currentData() or "",
            applicant_type=self.atype.currentData() or "",
            year=self.year.currentData(),
            search=self.search.text(),
        )

    def refresh(self) -> None:
        self._load_units()
        f = self.current_filter()
        today = self.today

        def fetch(offset: int, limit: int):
            return query.list_applications(self.actor, f, offset, limit, today)

        self.model.set_source(fetch)
        total = query.count_applications(self.actor, f)
        self.count.setText(f"共 {total} 件")

    def selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        return self.model.data(rows[0], ROW_ROLE).id

    def open_selected(self) -> None:
        app_id = self.selected_id()
        if app_id is None:
            dialogs.current.info(self, "打开案卷", "请先在列表中选择一件申请。")
            return
        self.open_case(app_id)

    def open_case(self, app_id: int):
        from disclosure_desk.ui.application_case import CaseDialog

        dlg = CaseDialog(self.actor, app_id, self, self.today)
        dlg.exec()
        self._emit(dlg.changes)
        return dlg

    def register_new(self) -> None:
        from disclosure_desk.ui.application_register import RegisterDialog

        dlg = RegisterDialog(self.actor, self, self.today)
        if dlg.exec() and dlg.app_id is not None:
            self._emit(dlg.changes)
            self.open_case(dlg.app_id)

    def _emit(self, changes) -> None:
        if not changes:
            return
        window = self.window()
        if hasattr(window, "changed"):
            window.changed.emit(changes)
        else:
            self.refresh()
