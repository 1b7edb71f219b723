"""Sign-in dialog: user name and password, with the reason shown when sign-in fails."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import auth


class LoginDialog(QDialog):
    def __init__(self, agency: str = "", login: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{tr('登录')} — {tr('政务公开台账')}")
        self.actor: Actor | None = None
        layout = QVBoxLayout(self)
        if agency:
            title = QLabel(agency)
            title.setProperty("role", "title")
            layout.addWidget(title)
        self.setMinimumWidth(400)
        hint = QLabel(tr("请输入用户名和密码。忘记密码或账户被锁定时，请联系系统管理员重置。"))
        hint.setProperty("role", "hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        form = QFormLayout()
        self.login = QLineEdit(login)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(tr("用户名"), self.login)
        form.addRow(tr("密码"), self.password)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setProperty("role", "warning")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("登录"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("取消"))
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        (self.password if login else self.login).setFocus()

    def try_sign_in(self) -> None:
        try:
            self.actor = auth.sign_in(self.login.text(), self.password.text())
        except DeskError as exc:
            self.message.setText(str(exc))
            self.message.show()
            self.password.clear()
            return
        self.accept()
