"""Registration dialog of a new application, showing the Art. 31 receipt-date rule of the channel."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.channels import CHANNELS
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.outcomes import APPLICANT_TYPES
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr, tr_value
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.common import overview
from disclosure_desk.ui.applications.events import from_qdate, to_qdate
from disclosure_desk.ui.common import dialogs


class RegisterDialog(QDialog):
    """登记申请: applicant, channel and receipt date, request, form and delivery."""

    def __init__(self, actor: Actor, parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.actor = actor
        self.app_id: int | None = None
        self.changes = None
        self.setWindowTitle(tr("登记政府信息公开申请"))
        self.setMinimumWidth(560)
        form = QFormLayout()
        self.unit = QComboBox()
        for u in overview.units(actor):
            self.unit.addItem(u.name, u.id)
        if actor.unit_id is not None:
            self.unit.setCurrentIndex(max(0, self.unit.findData(actor.unit_id)))
        form.addRow(tr("办理单位"), self.unit)
        self.channel = QComboBox()
        for c in CHANNELS:
            self.channel.addItem(tr_value("channel", c.code), c.code)
        form.addRow(tr("申请方式"), self.channel)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setProperty("role", "hint")
        form.addRow("", self.rule)
        self.received = QDateEdit(to_qdate(today or dt.date.today()))
        self.received.setCalendarPopup(True)
        self.received.setDisplayFormat("yyyy-MM-dd")
        form.addRow(tr("收到申请日期"), self.received)
        self.atype = QComboBox()
        for code, _label in APPLICANT_TYPES:
            shown = tr_value("applicant_type", code)
            self.atype.addItem(
                shown
                if code == "natural_person"
                else tr("法人或其他组织：{label}").format(label=shown),
                code,
            )
        form.addRow(tr("申请人类型"), self.atype)
        self.name = QLineEdit()
        form.addRow(tr("申请人姓名/名称"), self.name)
        self.ident = QLineEdit()
        form.addRow(tr("证件号码"), self.ident)
        self.phone = QLineEdit()
        form.addRow(tr("联系电话"), self.phone)
        self.address = QLineEdit()
        form.addRow(tr("联系地址"), self.address)
        self.email = QLineEdit()
        form.addRow(tr("电子邮箱"), self.email)
        self.content = QPlainTextEdit()
        self.content.setFixedHeight(80)
        form.addRow(tr("所需信息"), self.content)
        self.form_ = QComboBox()
        for value in (
            N_("纸质"),
            N_("电子邮件"),
            N_("光盘"),
            N_("当场阅读抄录"),
        ):  # stored as written
            self.form_.addItem(tr(value), value)
        form.addRow(tr("提供形式"), self.form_)
        self.delivery = QComboBox()
        for value in (N_("邮寄"), N_("电子邮件"), N_("自行领取"), N_("网上平台")):
            self.delivery.addItem(tr(value), value)
        form.addRow(tr("获取方式"), self.delivery)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("登记"))
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.channel.currentIndexChanged.connect(self._show_rule)
        self.atype.currentIndexChanged.connect(self._ident_hint)
        self._show_rule()
        self._ident_hint()

    def _show_rule(self) -> None:
        self.rule.setText(tr(CHANNELS[self.channel.currentIndex()].receipt_rule))

    def _ident_hint(self) -> None:
        person = self.atype.currentData() == "natural_person"
        self.ident.setPlaceholderText(
            tr("18 位居民身份证号码") if person else tr("18 位统一社会信用代码")
        )

    def data(self) -> svc.NewApplication:
        return svc.NewApplication(
            unit_id=self.unit.currentData(),
            received_on=from_qdate(self.received.date()),
            channel=self.channel.currentData(),
            applicant_type=self.atype.currentData(),
            applicant_name=self.name.text(),
            id_number=self.ident.text(),
            contact_phone=self.phone.text(),
            address=self.address.text(),
            email=self.email.text(),
            content=self.content.toPlainText(),
            requested_form=self.form_.currentData(),
            delivery=self.delivery.currentData(),
        )

    def perform(self) -> None:
        self.app_id, self.changes = svc.register(self.actor, self.data())

    def _accept(self) -> None:
        try:
            self.perform()
        except DeskError as exc:
            dialogs.show_error(self, exc)
            return
        self.accept()
