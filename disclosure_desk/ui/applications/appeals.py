"""The 复议/诉讼 panel of the case view: the appeals about this case's reply, a form to register
one (行政复议, 未经复议直接起诉, 复议后起诉) and a form to record its result (维持/纠正/其他).

These feed section 四 of the annual report; the service checks the dates and the workflow.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr, tr_value
from disclosure_desk.services.applications import query
from disclosure_desk.services.applications.appeals import (
    APPEAL_KINDS,
    APPEAL_RESULTS,
    add_appeal,
    conclude_appeal,
)
from disclosure_desk.ui.applications.events import from_qdate, to_qdate
from disclosure_desk.ui.common import dialogs

HEADERS = (N_("类型"), N_("提起日期"), N_("结果"), N_("审结日期"), N_("备注"))


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(to_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


class AppealsBox(QGroupBox):
    """Emits ``changed`` with the service's Changes after each successful step."""

    changed = Signal(object)

    def __init__(
        self, actor: Actor, app_id: int, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(tr("行政复议和行政诉讼"), parent)
        self.actor, self.app_id = actor, app_id
        self.rows: list[query.AppealRow] = []
        self.replied = False
        self._select_id: int | None = None  # the appeal just registered, selected on reload
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([tr(h) for h in HEADERS])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 130)
        self.table.setMaximumHeight(110)
        layout.addWidget(self.table)

        add_row = QHBoxLayout()
        self.kind = QComboBox()
        for code in APPEAL_KINDS:
            self.kind.addItem(tr_value("appeal_kind", code), code)
        self.filed = _date_edit(today)
        self.note = QLineEdit()
        self.note.setPlaceholderText(tr("备注，如复议机关、案号"))
        self.add_button = QPushButton(tr("登记复议/诉讼"))
        for w in (QLabel(tr("类型")), self.kind, QLabel(tr("提起日期")), self.filed):
            add_row.addWidget(w)
        add_row.addWidget(self.note, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)

        result_row = QHBoxLayout()
        self.result = QComboBox()
        for code in APPEAL_RESULTS:
            self.result.addItem(tr_value("appeal_result", code), code)
        self.concluded = _date_edit(today)
        self.conclude_button = QPushButton(tr("记录结果"))
        self.hint = QLabel()
        self.hint.setProperty("role", "hint")
        for w in (
            QLabel(tr("所选记录的结果")),
            self.result,
            QLabel(tr("审结日期")),
            self.concluded,
        ):
            result_row.addWidget(w)
        result_row.addWidget(self.conclude_button)
        result_row.addWidget(self.hint, 1)
        layout.addLayout(result_row)

        self.add_button.clicked.connect(self.register)
        self.conclude_button.clicked.connect(self.record_result)
        self.table.itemSelectionChanged.connect(self._update_buttons)

    def load(self, detail: query.CaseDetail) -> None:
        keep = self._selected()
        wanted = self._select_id if self._select_id is not None else (keep.id if keep else None)
        self._select_id = None
        self.rows = list(detail.appeals)
        self.replied = detail.replied_on is not None
        self.table.setRowCount(len(self.rows))
        for r, a in enumerate(self.rows):
            values = (
                tr_value("appeal_kind", a.kind),
                a.filed_on.isoformat(),
                tr_value("appeal_result", a.result)
                if a.result in APPEAL_RESULTS
                else tr("尚未审结"),
                a.concluded_on.isoformat() if a.concluded_on else "",
                a.note,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(r, c, item)
        ids = [a.id for a in self.rows]
        if wanted in ids:
            self.table.selectRow(ids.index(wanted))
        else:
            # The first open one is the one a result will most likely be recorded for.
            open_rows = [i for i, a in enumerate(self.rows) if not a.result]
            if open_rows:
                self.table.selectRow(open_rows[0])
        self._update_buttons()

    def _selected(self) -> query.AppealRow | None:
        r = self.table.currentRow()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _update_buttons(self) -> None:
        can_edit = self.actor.can("application.edit")
        chosen = self._selected()
        self.add_button.setEnabled(can_edit and self.replied)
        open_one = chosen is not None and not chosen.result
        self.conclude_button.setEnabled(can_edit and open_one)
        for w in (self.kind, self.filed, self.note):
            w.setEnabled(can_edit and self.replied)
        for w in (self.result, self.concluded):
            w.setEnabled(can_edit and open_one)
        if not self.replied:
            self.hint.setText(tr("申请答复后才能登记复议或诉讼。"))
        elif chosen is None:
            self.hint.setText(
                tr("选择一条记录后登记其结果。") if self.rows else tr("尚无复议或诉讼记录。")
            )
        elif chosen.result:
            self.hint.setText(tr("所选记录已登记结果。"))
        else:
            self.hint.setText("")

    def register(self) -> None:
        kind = self.kind.currentData()
        try:
            new_id, changes = add_appeal(
                self.actor,
                self.app_id,
                kind,
                from_qdate(self.filed.date()),
                self.note.text().strip(),
            )
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self.note.clear()
        self._select_id = new_id
        self.changed.emit(changes)

    def record_result(self) -> None:
        chosen = self._selected()
        if chosen is None:
            return
        result = self.result.currentData()
        label = APPEAL_RESULTS[result]
        day = from_qdate(self.concluded.date())
        if not dialogs.current.confirm(
            self,
            tr("记录结果"),
            tr(
                "{kind}（{filed}提起）的结果登记为“{label}”，审结日期 {day}？登记后不能修改。"
            ).format(
                kind=APPEAL_KINDS.get(chosen.kind, chosen.kind),
                filed=chosen.filed_on,
                label=label,
                day=day,
            ),
        ):
            return
        try:
            changes = conclude_appeal(self.actor, chosen.id, result, day)
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self.changed.emit(changes)
