"""Settings tab for administrators: add, edit, deactivate users, reset passwords, unlock."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import ROLES, Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.admin import users
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.common.table_model import Column, RowTableModel
from disclosure_desk.ui.common.view_base import make_table
from disclosure_desk.ui.settings.common import (
    broadcast,
    button_row,
    fit_columns,
    message_and_buttons,
    run,
    selected,
)

ROLE_TEXT = dict(ROLES)


def _state(u: users.UserDetail) -> str:
    if not u.active:
        return tr("已停用")
    if u.locked:
        return tr("已锁定")
    return tr("须改密码") if u.must_change_password else tr("正常")


class UserDialog(QDialog):
    def __init__(
        self,
        actor: Actor,
        units: list[users.UnitDetail],
        user: users.UserDetail | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.actor, self.user, self.changes = actor, user, None
        self.setWindowTitle(tr("编辑用户") if user else tr("新增用户"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.login = QLineEdit(user.login if user else "")
        self.login.setReadOnly(user is not None)
        self.name = QLineEdit(user.name if user else "")
        self.unit = QComboBox()
        for u in units:
            self.unit.addItem(u.name, u.id)
        if user:
            self.unit.setCurrentIndex(max(0, self.unit.findData(user.unit_id)))
        roles_row = QHBoxLayout()
        self.role_boxes: dict[str, QCheckBox] = {}
        for key, label in ROLES:
            box = QCheckBox(tr(label))
            box.setChecked(key in (user.roles if user else ("officer",)))
            self.role_boxes[key] = box
            roles_row.addWidget(box)
        form.addRow(tr("登录名"), self.login)
        form.addRow(tr("姓名"), self.name)
        form.addRow(tr("单位"), self.unit)
        form.addRow(tr("角色"), roles_row)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if user is None:
            self.password.setPlaceholderText(tr("初始密码：至少 8 位，含字母、数字或符号中的两类"))
            form.addRow(tr("初始密码"), self.password)
        layout.addLayout(form)
        if user is None:
            layout.addWidget(QLabel(tr("新用户首次登录时必须修改初始密码。")))
        self.message = message_and_buttons(self, layout, self.save, tr("保存"), tr("取消"))

    def roles(self) -> list[str]:
        return [k for k, box in self.role_boxes.items() if box.isChecked()]

    def save(self) -> None:
        try:
            if self.user is None:
                _uid, self.changes = users.create_user(
                    self.actor,
                    self.login.text(),
                    self.name.text(),
                    self.unit.currentData(),
                    self.roles(),
                    self.password.text(),
                )
            else:
                self.changes = users.update_user(
                    self.actor,
                    self.user.id,
                    name=self.name.text(),
                    unit_id=self.unit.currentData(),
                    roles=self.roles(),
                )
        except DeskError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return
        self.accept()


class UsersTab(QWidget):
    def __init__(self, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        layout = QVBoxLayout(self)
        self.model = RowTableModel(
            [
                Column(tr("登录名"), lambda r: r.login),
                Column(tr("姓名"), lambda r: r.name),
                Column(tr("单位"), lambda r: r.unit_name),
                Column(
                    tr("角色"), lambda r: tr("、").join(tr(ROLE_TEXT.get(x, x)) for x in r.roles)
                ),
                Column(tr("状态"), _state),
                Column(tr("最近登录"), lambda r: r.last_login_at),
            ]
        )
        self.table = make_table(self.model, stretch_column=2)
        fit_columns(self.table, 0, 1, 3, 4, 5)
        self.table.doubleClicked.connect(lambda _i: self.edit())
        layout.addWidget(self.table, 1)
        row, _ = button_row(
            (tr("新增用户…"), self.add),
            (tr("编辑所选…"), self.edit),
            (tr("停用/启用"), self.toggle_active),
            (tr("重置密码…"), self.reset_password),
            (tr("解除锁定"), self.unlock),
        )
        layout.addLayout(row)

    def refresh(self) -> None:
        self.model.set_rows(users.list_users(self.actor))

    def _done(self, changes) -> None:
        self.refresh()
        broadcast(self, changes)

    def _pick(self, title: str) -> users.UserDetail | None:
        user = selected(self.table)
        if user is None:
            dialogs.current.info(self, title, tr("请先在表格中选中一个用户。"))
        return user

    def _open(self, user: users.UserDetail | None) -> None:
        dialog = UserDialog(self.actor, users.list_units(self.actor), user, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._done(dialog.changes)

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        user = self._pick(tr("编辑用户"))
        if user:
            self._open(user)

    def toggle_active(self) -> None:
        user = self._pick(tr("停用/启用"))
        if user is None:
            return
        title = tr("停用用户") if user.active else tr("启用用户")
        question = (
            tr("确定停用用户 {login}（{name}）吗？")
            if user.active
            else tr("确定启用用户 {login}（{name}）吗？")
        )
        if not dialogs.current.confirm(
            self, title, question.format(login=user.login, name=user.name)
        ):
            return
        changes = run(self, lambda: users.set_active(self.actor, user.id, not user.active))
        if changes is not None:
            self._done(changes)

    def reset_password(self) -> None:
        user = self._pick(tr("重置密码"))
        if user is None:
            return
        password = dialogs.current.ask_text(
            self,
            tr("重置密码"),
            tr("为 {login} 设置临时密码（下次登录时必须修改）：").format(login=user.login),
        )
        if not password:
            return
        changes = run(self, lambda: users.reset_password(self.actor, user.id, password))
        if changes is not None:
            dialogs.current.info(
                self,
                tr("重置密码"),
                tr("已为 {login} 设置临时密码，并解除了锁定。").format(login=user.login),
            )
            self._done(changes)

    def unlock(self) -> None:
        user = self._pick(tr("解除锁定"))
        if user is None:
            return
        changes = run(self, lambda: users.unlock(self.actor, user.id))
        if changes is not None:
            self._done(changes)
