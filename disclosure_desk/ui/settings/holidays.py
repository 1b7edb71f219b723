"""Settings tab for the holiday table: view a year, import a file, add, correct or remove days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.workcal import DayOverride
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.common import calendar
from disclosure_desk.ui.common import dialogs, events
from disclosure_desk.ui.common.table_model import Column, RowTableModel
from disclosure_desk.ui.common.view_base import make_table
from disclosure_desk.ui.settings.common import fit_columns

WEEKDAYS = (N_("周一"), N_("周二"), N_("周三"), N_("周四"), N_("周五"), N_("周六"), N_("周日"))


class HolidaysTab(QWidget):
    """Only administrators may change the table; everyone can see which years are missing."""

    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        self.warning = QLabel()
        self.warning.setProperty("role", "warning")
        self.warning.setWordWrap(True)
        layout.addWidget(self.warning)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("年份")))
        self.year = QSpinBox()
        self.year.setRange(2004, 2100)
        self.year.setValue(dt.date.today().year)
        self.year.valueChanged.connect(self.refresh)
        top.addWidget(self.year)
        top.addStretch(1)
        self.import_button = QPushButton(tr("导入放假安排文件…"))
        self.import_button.setToolTip(tr("CSV 或 Excel 文件，三列：日期、类型（休/班）、名称"))
        self.import_button.clicked.connect(self.import_file)
        top.addWidget(self.import_button)
        layout.addLayout(top)
        self.model = RowTableModel(
            [
                Column(tr("日期"), lambda r: r.day.isoformat()),
                Column(tr("星期"), lambda r: tr(WEEKDAYS[r.day.weekday()])),
                Column(tr("类型"), lambda r: tr("调休上班") if r.is_workday else tr("放假")),
                Column(tr("名称"), lambda r: tr(r.name)),
                Column(tr("来源"), lambda r: tr(r.source)),
            ]
        )
        self.table = make_table(self.model, stretch_column=3)
        fit_columns(self.table, 0, 1, 2, 4)  # "Make-up working day", "State Council notice"
        layout.addWidget(self.table, 1)
        edit = QHBoxLayout()
        self.day = QDateEdit(QDate.currentDate())
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.kind = QComboBox()
        self.kind.addItems([tr("休（放假）"), tr("班（调休上班）")])
        self.name = QLineEdit()
        self.name.setPlaceholderText(tr("名称，如 春节"))
        self.save_button = QPushButton(tr("保存这一天"))
        self.save_button.clicked.connect(self.save_day)
        self.delete_button = QPushButton(tr("删除所选（仅数据库中的日期）"))
        self.delete_button.clicked.connect(self.delete_selected)
        for w in (
            QLabel(tr("日期")),
            self.day,
            self.kind,
            self.name,
            self.save_button,
            self.delete_button,
        ):
            edit.addWidget(w)
        layout.addLayout(edit)
        allowed = actor.can("calendar.edit")
        for w in (
            self.import_button,
            self.save_button,
            self.delete_button,
            self.day,
            self.kind,
            self.name,
        ):
            w.setEnabled(allowed)
        if not allowed:
            layout.addWidget(QLabel(tr("只有系统管理员可以维护节假日表。")))

    def refresh(self) -> None:
        today = dt.date.today()
        missing = calendar.missing_years(range(today.year - 1, today.year + 2))
        self.warning.setText(
            tr("无法计算的年份：{years}。请在国务院发布放假通知后导入。").format(
                years="、".join(map(str, missing))
            )
            if missing
            else tr("近三年的节假日数据齐全。")
        )
        try:
            self.model.set_rows(calendar.year_table(self.year.value()))
        except DeskError as exc:
            self.model.set_rows([])
            self.warning.setText(str(exc))

    def _emit(self, changes) -> None:
        events.announce(self, changes)
        self.refresh()

    def import_file(self) -> None:
        path = dialogs.current.open_file(self, tr("导入放假安排"), tr("表格 (*.csv *.xlsx)"))
        if not path:
            return
        try:
            count, changes = calendar.import_file(self.actor, Path(path))
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        dialogs.current.info(self, tr("导入完成"), tr("已导入 {n} 天。").format(n=count))
        self._emit(changes)

    def save_day(self) -> None:
        q = self.day.date()
        day = dt.date(q.year(), q.month(), q.day())
        override = DayOverride(day, self.kind.currentIndex() == 1, self.name.text().strip())
        try:
            _, changes = calendar.set_days(self.actor, [override], action="calendar.edit")
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self.year.setValue(day.year)
        self._emit(changes)

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        row = self.model.row_at(rows[0].row())
        if row.source != calendar.SOURCE_DATABASE:
            dialogs.current.warning(
                self,
                tr("不能删除"),
                tr("内置的国务院通知日期不能删除；如需更正，请保存一条覆盖记录。"),
            )
            return
        if not dialogs.current.confirm(
            self,
            tr("删除日期"),
            tr("确定从节假日表中删除 {day}（{name}）？").format(
                day=row.day.isoformat(), name=row.name
            ),
        ):
            return
        try:
            changes = calendar.delete_day(self.actor, row.day)
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self._emit(changes)
