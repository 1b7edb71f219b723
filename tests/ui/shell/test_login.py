"""Login dialog: a wrong password shows the reason and stays open; the right one signs in."""

from __future__ import annotations

from conftest import ADMIN_PASSWORD

from disclosure_desk.ui.shell.login import LoginDialog


def test_wrong_then_right_password(db, qtbot):
    dialog = LoginDialog("青山区人民政府", "admin")
    qtbot.addWidget(dialog)
    dialog.password.setText("wrong-password")
    dialog.try_sign_in()
    assert dialog.actor is None
    assert "用户名或密码错误" in dialog.message.text()
    assert dialog.password.text() == ""
    dialog.password.setText(ADMIN_PASSWORD)
    dialog.try_sign_in()
    assert dialog.actor is not None and dialog.actor.login == "admin"
    assert dialog.result() == LoginDialog.DialogCode.Accepted
