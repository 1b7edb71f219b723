"""Change-password dialog; forced at sign-in when an administrator set a temporary password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import auth
from disclosure_desk.ui.settings.common import message_and_buttons


class PasswordDialog(QDialog):
    def __init__(self, actor: Actor, forced: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(tr("修改密码"))
        layout = QVBoxLayout(self)
        if forced:
            note = QLabel(
                tr("您正在使用管理员设置的初始或临时密码，继续使用前必须设置自己的新密码。")
            )
            note.setWordWrap(True)
            layout.addWidget(note)
        form = QFormLayout()
        self.old = self._field()
        self.new = self._field()
        self.again = self._field()
        form.addRow(tr("当前密码"), self.old)
        form.addRow(tr("新密码"), self.new)
        form.addRow(tr("再次输入新密码"), self.again)
        layout.addLayout(form)
        hint = QLabel(tr("至少 8 位，包含字母、数字或符号中的至少两类。"))
        hint.setProperty("role", "hint")
        layout.addWidget(hint)
        self.message = message_and_buttons(
            self, layout, self.try_change, tr("修改密码"), tr("退出") if forced else tr("取消")
        )

    @staticmethod
    def _field() -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _show(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def try_change(self) -> None:
        if self.new.text() != self.again.text():
            self._show(tr("两次输入的新密码不一致。"))
            return
        try:
            auth.change_password(self.actor, self.old.text(), self.new.text())
        except DeskError as exc:
            self._show(str(exc))
            return
        self.accept()


def ensure_password_changed(actor: Actor, parent: QWidget | None = None) -> bool:
    """At sign-in: when a change is due, insist on it; False means the user gave up (quit)."""
    if not auth.must_change_password(actor):
        return True
    return PasswordDialog(actor, forced=True, parent=parent).exec() == QDialog.DialogCode.Accepted
