"""Settings tab: units (bodies and sub-units) with their 索引号 prefix and pattern."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.index_numbers import DEFAULT_PATTERN
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr, tr_text
from disclosure_desk.services.admin import users
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.common.table_model import Column, RowTableModel
from disclosure_desk.ui.common.view_base import make_table
from disclosure_desk.ui.settings.common import (
    broadcast,
    button_row,
    fit_columns,
    message_and_buttons,
    selected,
)


class UnitDialog(QDialog):
    """Add or edit one unit; saving goes through services/admin/users.py."""

    def __init__(
        self,
        actor: Actor,
        units: list[users.UnitDetail],
        unit: users.UnitDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor, self.unit = actor, unit
        self.result_warning: str | None = None
        self.changes = None
        self.setWindowTitle(tr("编辑单位") if unit else tr("新增单位"))
        self.setMinimumWidth(460)  # room for the full 索引号 pattern
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.code = QLineEdit(unit.code if unit else "")
        self.name = QLineEdit(unit.name if unit else "")
        self.short_name = QLineEdit(unit.short_name if unit else "")
        self.kind = QComboBox()
        for kind in users.UNIT_KINDS:  # shown translated; the stored value stays as written
            self.kind.addItem(tr(kind), kind)
        self.kind.setCurrentIndex(
            max(0, self.kind.findData(unit.kind if unit else users.UNIT_KINDS[1]))
        )
        self.parent_box = QComboBox()
        self.parent_box.addItem(tr("（无上级：机关）"), None)
        for u in units:
            if unit is None or u.id != unit.id:
                self.parent_box.addItem(u.name, u.id)
        wanted = unit.parent_id if unit else (units[0].id if units else None)
        self.parent_box.setCurrentIndex(max(0, self.parent_box.findData(wanted)))
        self.prefix = QLineEdit(unit.index_prefix if unit else "")
        self.prefix.setPlaceholderText(tr("9 位组织机构代码、18 位统一社会信用代码或本地代码"))
        self.pattern = QLineEdit(unit.index_pattern if unit else DEFAULT_PATTERN)
        self.pattern.setToolTip(tr("占位符：{prefix} {year} {month} {serial:05} {category}"))
        self.address = QLineEdit(unit.address if unit else "")
        self.phone = QLineEdit(unit.phone if unit else "")
        for label, w in (
            (N_("代码"), self.code),
            (N_("名称"), self.name),
            (N_("简称"), self.short_name),
            (N_("类型"), self.kind),
            (N_("上级单位"), self.parent_box),
            (N_("索引号前段码"), self.prefix),
            (N_("索引号规则"), self.pattern),
            (N_("地址"), self.address),
            (N_("电话"), self.phone),
        ):
            form.addRow(tr(label), w)
        layout.addLayout(form)
        self.message = message_and_buttons(self, layout, self.save, tr("保存"), tr("取消"))

    def save(self) -> None:
        values = dict(
            short_name=self.short_name.text(),
            kind=self.kind.currentData(),
            index_prefix=self.prefix.text(),
            index_pattern=self.pattern.text().strip(),
            address=self.address.text(),
            phone=self.phone.text(),
        )
        try:
            if self.unit is None:
                result, self.changes = users.create_unit(
                    self.actor,
                    self.code.text(),
                    self.name.text(),
                    parent_id=self.parent_box.currentData(),
                    **values,
                )
            else:
                result, self.changes = users.update_unit(
                    self.actor,
                    self.unit.id,
                    code=self.code.text(),
                    name=self.name.text(),
                    parent_id=self.parent_box.currentData(),
                    **values,
                )
        except DeskError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.result_warning = result.prefix_warning
        self.accept()


class UnitsTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        self.model = RowTableModel(
            [
                Column(tr("代码"), lambda r: r.code),
                Column(tr("名称"), lambda r: r.name),
                Column(tr("类型"), lambda r: tr(r.kind)),
                Column(tr("索引号前段码"), lambda r: r.index_prefix),
                Column(tr("索引号规则"), lambda r: r.index_pattern),
                Column(tr("状态"), lambda r: tr("启用") if r.active else tr("停用")),
            ]
        )
        self.table = make_table(self.model, stretch_column=1)
        fit_columns(self.table, 0, 2, 3, 4, 5)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        layout.addWidget(self.table, 1)
        row, self.buttons = button_row((tr("新增单位…"), self.add), (tr("编辑所选…"), self.edit))
        layout.addLayout(row)
        for b in self.buttons:
            b.setEnabled(actor.can("unit.manage"))

    def refresh(self) -> None:
        self.model.set_rows(users.list_units(self.actor))

    def _open(self, unit: users.UnitDetail | None) -> None:
        dialog = UnitDialog(self.actor, self.model.rows, unit, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            if dialog.result_warning:
                dialogs.current.warning(
                    self, tr("请核对索引号前段码"), tr_text(dialog.result_warning)
                )
            self.refresh()
            broadcast(self, dialog.changes)

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        unit = selected(self.table)
        if unit is None:
            dialogs.current.info(self, tr("编辑单位"), tr("请先在表格中选中一个单位。"))
            return
        self._open(unit)
