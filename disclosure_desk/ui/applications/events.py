"""Dialog for one dated step of a case (补正, 征求意见, 延期, 收费, 答复, 归档, 备注).

The fields shown depend on the step; the reply step has the outcome picker with each outcome's
plain-language explanation. ``perform()`` calls the service and returns its Changes.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain import app_workflow
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.outcomes import OUTCOMES
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr, tr_article, tr_value
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.common.context import Changes
from disclosure_desk.ui.common import dialogs


def to_qdate(d: dt.date) -> QDate:
    return QDate(d.year, d.month, d.day)


def from_qdate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class OutcomePicker(QWidget):
    """Combo of the 21 outcomes; below it, the chosen outcome's explanation and legal ground."""

    def __init__(self, parent: QWidget | None = None, only: frozenset[str] | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.combo = QComboBox()
        self.combo.addItem(tr("（请选择办理结果）"), "")
        for o in OUTCOMES:
            if only is None or o.code in only:
                self.combo.addItem(f"{o.code} {tr_value('outcome', o.code)}", o.code)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setProperty("role", "hint")
        layout.addWidget(self.combo)
        layout.addWidget(self.explanation)
        self.combo.currentIndexChanged.connect(self._show)
        self._show()

    def code(self) -> str:
        return self.combo.currentData() or ""

    def set_code(self, code: str) -> None:
        i = self.combo.findData(code)
        if i >= 0:
            self.combo.setCurrentIndex(i)

    def _show(self) -> None:
        code = self.code()
        o = next((o for o in OUTCOMES if o.code == code), None)
        self.explanation.setText(
            tr(o.explanation)
            + "\n"
            + tr("依据：条例{ground}").format(ground=tr_article(o.legal_ground))
            if o
            else tr("选择后这里会说明适用情形。")
        )
        # The guidance can be three lines long: the dialog grows to show all of it.
        width = max(self.explanation.width(), 360)
        self.explanation.setMinimumHeight(self.explanation.heightForWidth(width))
        dialog = self.window()
        if dialog is not self:
            dialog.resize(dialog.width(), max(dialog.height(), dialog.sizeHint().height()))


class EventDialog(QDialog):
    """Collects the fields of one step and performs it through the service."""

    def __init__(
        self,
        actor: Actor,
        app_id: int,
        kind: str,
        status: str,
        default_day: dt.date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor, self.app_id, self.kind = actor, app_id, kind
        self.setWindowTitle(tr_value("event", kind))
        self.setMinimumWidth(480)
        form = QFormLayout()
        self.day = QDateEdit(to_qdate(default_day))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        form.addRow(tr("日期"), self.day)
        self.text = QPlainTextEdit()
        self.text.setFixedHeight(70)
        self.extra = QLineEdit()
        self.party = QComboBox()
        self.method = QComboBox()
        self.pages = QSpinBox()
        self.pages.setRange(0, 1_000_000)
        self.deadline = QDateEdit(to_qdate(default_day + dt.timedelta(days=21)))
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setCalendarPopup(True)
        self.outcome: OutcomePicker | None = None
        if kind == "correction_requested":
            form.addRow(tr("需补正的事项"), self.text)
            form.addRow(tr("补正期限"), self.deadline)
        elif kind == "consultation_start":
            for code, label in svc.PAUSE_PARTIES.items():
                self.party.addItem(tr(label), code)
            form.addRow(tr("征求对象"), self.party)
            form.addRow(tr("名称"), self.extra)
            form.addRow(tr("说明"), self.text)
        elif kind == "extension":
            # The approver is the signed-in leader account itself, never a typed name.
            self.extra.setText(actor.name or actor.login)
            self.extra.setReadOnly(True)
            if not actor.can("application.extend_approve"):
                self.extra.setText(tr("须由主管领导本人登录后批准延期"))
            form.addRow(tr("批准人"), self.extra)
            form.addRow(tr("延期理由"), self.text)
        elif kind == "fee_notice":
            for code, label in svc.FEE_METHODS.items():
                self.method.addItem(tr(label), code)
            form.addRow(tr("收费方式"), self.method)
            form.addRow(tr("页数（按量）"), self.pages)
        elif kind == "fee_paid":
            self.extra.setPlaceholderText(tr("实收金额（元），留空为通知金额"))
            form.addRow(tr("实收金额"), self.extra)
        elif kind == "reply":
            self.outcome = OutcomePicker(only=app_workflow.REPLY_OUTCOMES_BY_STATUS.get(status))
            form.addRow(tr("办理结果"), self.outcome)
            self.extra.setPlaceholderText(tr("留空则按所选结果引用条例条款"))
            form.addRow(tr("法律依据"), self.extra)
            form.addRow(tr("答复说明"), self.text)
        elif kind in ("note", "correction_received", "consultation_end", "archive"):
            form.addRow(tr("说明"), self.text)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.changes = Changes()

    def perform(self) -> Changes:
        """Run the step with the values entered (raises the service's errors)."""
        a, i, on = self.actor, self.app_id, from_qdate(self.day.date())
        text = self.text.toPlainText().strip()
        k = self.kind
        if k == "correction_requested":
            _, ch = svc.request_correction(a, i, on, text, from_qdate(self.deadline.date()))
        elif k == "correction_received":
            _, ch = svc.receive_correction(a, i, on, text)
        elif k == "consultation_start":
            _, ch = svc.start_consultation(
                a, i, on, self.party.currentData(), self.extra.text(), text
            )
        elif k == "consultation_end":
            _, ch = svc.end_consultation(a, i, on, text)
        elif k == "extension":
            _, ch = svc.approve_extension(a, i, on, text)
        elif k == "fee_notice":
            method = self.method.currentData()
            pages = self.pages.value() if method == "per_page" else None
            _, ch = svc.issue_fee_notice(a, i, on, method, pages)
        elif k == "fee_paid":
            amount = self.extra.text().strip() or None
            _, ch = svc.record_fee_paid(a, i, on, amount and _decimal(amount))
        elif k == "reply":
            assert self.outcome is not None
            _, ch = svc.record_reply(a, i, on, self.outcome.code(), self.extra.text(), text)
        elif k == "archive":
            _, ch = svc.archive(a, i, on, text)
        else:
            _, ch = svc.add_note(a, i, on, text)
        return ch

    def _accept(self) -> None:
        try:
            self.changes = self.perform()
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self.accept()


def _decimal(text: str):
    from decimal import Decimal, InvalidOperation

    from disclosure_desk.domain.errors import InputError

    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise InputError(tr("金额“{text}”无效。").format(text=text)) from None
