"""Everyday comforts: window icon, About with the version, Ctrl+F/N/P/Q, change own password and
switch user from the menu, and labels that stay readable under a dark desktop theme."""

from __future__ import annotations

from PySide6.QtGui import QColor, QKeySequence, QPalette

from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.shell.main_window import MainWindow
from disclosure_desk.ui.shell.qt_setup import app_icon, app_version, apply_light_theme


def _actions(window) -> dict[str, object]:
    found = {}
    for menu_action in window.menuBar().actions():
        for action in menu_action.menu().actions():
            if action.text():
                found[action.text()] = action
    return found


def test_icon_and_about_with_version(db, qtbot) -> None:
    icon = app_icon()
    assert not icon.isNull() and icon.actualSize(icon.availableSizes()[-1]).width() >= 128
    script = dialogs.use(dialogs.ScriptedDialogs())
    window = MainWindow(db.admin)
    qtbot.addWidget(window)
    window.show_about()
    kind, title, text = script.calls[-1]
    assert title == "关于" and f"版本 {app_version()}" in text
    assert app_version().count(".") >= 1


def test_shortcuts(db, qtbot, monkeypatch) -> None:
    dialogs.use(dialogs.ScriptedDialogs())
    window = MainWindow(db.admin)
    qtbot.addWidget(window)
    actions = _actions(window)
    keys = {name: a.shortcut().toString() for name, a in actions.items()}
    assert keys["查找"] == "Ctrl+F" and keys["新建"] == "Ctrl+N"
    assert keys["打印…"] == "Ctrl+P"
    assert QKeySequence("Ctrl+Q") in actions["退出"].shortcuts()
    window.show()
    window.show_view("items")
    window.focus_search()
    assert window.focusWidget() is window.views["items"].search
    opened = []
    monkeypatch.setattr(window.views["items"], "new_item", lambda: opened.append("item"))
    window.new_record()
    apps = window.views["applications"]
    monkeypatch.setattr(apps, "register_new", lambda: opened.append("application"))
    window.show_view("applications")
    window.new_record()
    assert opened == ["item", "application"]


def test_switch_user_and_change_password_from_the_menu(db, qtbot, monkeypatch) -> None:
    from disclosure_desk.ui.shell import login as login_module
    from disclosure_desk.ui.shell import password_dialog

    other = db.user("li", "officer")
    window = MainWindow(db.admin)
    qtbot.addWidget(window)
    assert {"修改我的密码…", "切换用户…"} <= set(_actions(window))

    class FakeLogin:
        DialogCode = login_module.LoginDialog.DialogCode

        def __init__(self, *_a) -> None:
            self.actor = other

        def exec(self):
            return self.DialogCode.Accepted

    monkeypatch.setattr(login_module, "LoginDialog", FakeLogin)
    with qtbot.waitSignal(window.switch_requested) as signal:
        window.switch_user()
    assert signal.args[0].login == "li"
    shown = []
    monkeypatch.setattr(
        password_dialog.PasswordDialog, "exec", lambda self: shown.append(self.actor)
    )
    window.change_password()
    assert shown == [db.admin]


def test_dark_desktop_theme_keeps_labels_readable(qapp) -> None:
    dark = QPalette()
    for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.Button):
        dark.setColor(role, QColor("#202020"))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        dark.setColor(role, QColor("#f0f0f0"))
    qapp.setPalette(dark)
    apply_light_theme(qapp)
    palette = qapp.palette()
    text, window = (
        palette.color(QPalette.ColorRole.WindowText),
        palette.color(QPalette.ColorRole.Window),
    )
    assert text.lightness() < 80 and window.lightness() > 180  # dark text on a light window
