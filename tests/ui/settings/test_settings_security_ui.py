"""Settings view tabs (units, users, security, audit, backups), the session lock and the forced
password change dialog — driven offscreen with scripted dialogs."""

from __future__ import annotations

import csv
import os

import pytest

from disclosure_desk.services.admin import demo
from disclosure_desk.services.common import auth
from disclosure_desk.store.models import AuditEntry, Unit, User
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.settings.units import UnitDialog
from disclosure_desk.ui.settings.users import UserDialog
from disclosure_desk.ui.settings.view import SettingsView
from disclosure_desk.ui.shell.main_window import MainWindow
from disclosure_desk.ui.shell.password_dialog import PasswordDialog, ensure_password_changed
from disclosure_desk.ui.shell.session_lock import SessionLock

SHOTS = os.environ.get("DISCLOSURE_DESK_SHOTS", "")


@pytest.fixture
def scripted():
    previous = dialogs.current
    d = dialogs.use(dialogs.ScriptedDialogs())
    yield d
    dialogs.use(previous)


@pytest.fixture
def window(db, qtbot, scripted):
    demo.generate(db.admin, items=30, applications=10, units=3, seed=5)
    w = MainWindow(db.admin, "test")
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    w.show_view("settings")
    return w


def _select(table, predicate) -> None:
    model = table.model()
    for r in range(model.rowCount()):
        if predicate(model.row_at(r)):
            table.selectRow(r)
            table.setCurrentIndex(model.index(r, 0))
            return
    raise AssertionError("row not found")


def _shot(window, name: str) -> None:
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, f"settings-{name}.png"))


def test_all_tabs_show_data(window, scripted):
    view: SettingsView = window.views["settings"]
    titles = [view.tabs.tabText(i) for i in range(view.tabs.count())]
    assert titles[:5] == ["单位", "用户", "安全", "审计日志", "备份"]
    assert "节假日" in titles  # the lead's HolidaysTab is included when importable
    for key, page in view.pages.items():
        view.tabs.setCurrentWidget(page)
        _shot(window, key)
    assert view.pages["units"].model.rowCount() == Unit.select().count()
    assert view.pages["users"].model.rowCount() == User.select().count()
    assert view.pages["audit"].model.rowCount() > 0
    assert view.pages["security"].boxes["max_failures"].value() == 5
    assert not [c for c in scripted.calls if c[0] == "error"]


def test_officer_sees_no_admin_tabs(db, qtbot, scripted):
    officer = db.user("off1", "officer")
    view = SettingsView(officer)
    qtbot.addWidget(view)
    view.refresh()
    assert "users" not in view.pages and "audit" not in view.pages and "backup" not in view.pages
    assert not view.pages["units"].buttons[0].isEnabled()
    assert not view.pages["security"].save_button.isEnabled()


def test_unit_dialog_saves_and_warns(window, scripted, qtbot):
    units_tab = window.views["settings"].pages["units"]
    dialog = UnitDialog(window.actor, units_tab.model.rows)
    qtbot.addWidget(dialog)
    dialog.code.setText("NEW1")
    dialog.name.setText("区审计局")
    dialog.prefix.setText("000014348")  # wrong check digit: saved with a warning
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.result_warning and "校验不通过" in dialog.result_warning
    assert Unit.get(Unit.code == "NEW1").index_prefix == "000014348"
    bad = UnitDialog(window.actor, units_tab.model.rows)
    qtbot.addWidget(bad)
    bad.code.setText("NEW2")
    bad.name.setText("某局")
    bad.pattern.setText("{prefix}/{year}")
    bad.save()
    assert "流水号" in bad.message.text() and not Unit.select().where(Unit.code == "NEW2").exists()


def test_users_tab_actions(window, scripted, qtbot):
    tab = window.views["settings"].pages["users"]
    from disclosure_desk.services.admin import users

    dialog = UserDialog(window.actor, users.list_units(window.actor), None)
    qtbot.addWidget(dialog)
    dialog.unit.setCurrentIndex(dialog.unit.findData(Unit.get(Unit.code == "U02").id))
    dialog.login.setText("new.officer")
    dialog.name.setText("新信息员")
    dialog.password.setText("Init@2026x")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert User.get(User.login == "new.officer").unit.code == "U02"
    tab.refresh()
    _select(tab.table, lambda r: r.login == "new.officer")
    # Reset the password (answer the prompt), then deactivate (confirm).
    scripted.text_answers.append("Temp@2027x")
    tab.reset_password()
    assert auth.sign_in("new.officer", "Temp@2027x").login == "new.officer"
    assert User.get(User.login == "new.officer").must_change_password
    _select(tab.table, lambda r: r.login == "new.officer")
    scripted.confirm_answers.append(True)
    tab.toggle_active()
    assert User.get(User.login == "new.officer").active is False
    # Deactivating oneself is refused with a message, not a crash.
    _select(tab.table, lambda r: r.login == "admin")
    scripted.confirm_answers.append(True)
    tab.toggle_active()
    assert scripted.calls[-1][0] == "error" and "自己" in scripted.calls[-1][2]


def test_audit_tab_filters_exports_and_verifies(window, scripted, tmp_path):
    tab = window.views["settings"].pages["audit"]
    tab.who.setText("admin")
    tab.what.setText("demo")
    tab.refresh()
    assert [r.action for r in tab.model.rows] == ["demo.generate"]
    out = tmp_path / "audit.csv"
    scripted.file_answers.append(str(out))
    tab.export()
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:4] == ["序号", "时间", "用户", "操作"] and rows[1][3] == "demo.generate"
    tab.verify()
    assert scripted.calls[-1][0] == "info" and "通过" in scripted.calls[-1][2]
    first = AuditEntry.select().order_by(AuditEntry.id).first()
    AuditEntry.update(action="tampered").where(AuditEntry.id == first.id).execute()
    tab.verify()
    assert scripted.calls[-1][0] == "error" and f"第 {first.id} 条" in scripted.calls[-1][2]
    tab.since.setText("不是日期")
    tab.refresh()
    assert scripted.calls[-1][0] == "error"


def test_backup_tab_backup_and_confirmed_restore(window, scripted, db):
    if db.path is None:
        pytest.skip("file backups are SQLite only")
    tab = window.views["settings"].pages["backup"]
    tab.backup_now()
    assert tab.model.rowCount() == 1
    db.unit("AFTER", "备份后新建")
    _select(tab.table, lambda r: True)
    scripted.confirm_answers.append(False)  # declined: nothing happens
    tab.restore_selected()
    assert Unit.select().where(Unit.code == "AFTER").exists()
    _select(tab.table, lambda r: True)
    scripted.confirm_answers.append(True)
    tab.restore_selected()
    assert not Unit.select().where(Unit.code == "AFTER").exists()
    assert AuditEntry.select().order_by(AuditEntry.id.desc()).first().action == "restore"
    assert {b.kind for b in tab.model.rows} == {"manual", "before-restore"}


def test_security_tab_saves_policy_and_updates_lock(window, scripted):
    tab = window.views["settings"].pages["security"]
    tab.boxes["timeout_minutes"].setValue(30)
    tab.save()
    assert window.session_lock.timeout_ms == 30 * 60_000
    from disclosure_desk.services.common import session_policy

    assert session_policy.load().timeout_minutes == 30


def test_session_lock_locks_after_inactivity_and_unlocks(db, qtbot, scripted):
    window = MainWindow(db.admin, "test")
    qtbot.addWidget(window)
    window.show()
    window.session_lock.detach()
    asked = []

    def prompt(win, actor):
        asked.append(actor.login)
        assert not win.centralWidget().isVisible()  # nothing readable while locked
        return True

    lock = SessionLock(window, minutes=0, prompt=prompt)
    lock.set_timeout_ms(150)
    qtbot.waitUntil(lambda: asked == ["admin"], timeout=3000)
    assert not lock.is_locked and window.centralWidget().isVisible()
    lock.detach()


def test_session_lock_activity_postpones_and_refusal_closes(db, qtbot, scripted):
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication

    window = MainWindow(db.admin, "test")
    qtbot.addWidget(window)
    window.show()
    window.session_lock.detach()
    lock = SessionLock(window, minutes=0, prompt=lambda w, a: False)
    lock.set_timeout_ms(400)
    # Input arrives at the window (QWindow) first, which hands it to the widget under the mouse.
    for _ in range(6):  # keep moving the mouse: no lock for 600 ms
        qtbot.wait(100)
        event = QMouseEvent(
            QEvent.Type.MouseMove,
            QPointF(5, 5),
            QPointF(5, 5),
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
        QApplication.sendEvent(window.windowHandle(), event)
    assert window.isVisible() and not lock.is_locked
    qtbot.waitUntil(
        lambda: not window.isVisible(), timeout=3000
    )  # idle → locked → refused → closed
    lock.detach()


def test_forced_password_change(db, qtbot):
    from disclosure_desk.services.admin import users

    root = Unit.get(Unit.code == "ROOT").id
    users.create_user(db.admin, "newbie", "新人", root, "officer", "Init@2026x")
    actor = auth.sign_in("newbie", "Init@2026x")
    dialog = PasswordDialog(actor, forced=True)
    qtbot.addWidget(dialog)
    dialog.old.setText("Init@2026x")
    dialog.new.setText("Mine@2026x")
    dialog.again.setText("Mine@2027x")
    dialog.try_change()
    assert "不一致" in dialog.message.text()
    dialog.again.setText("Mine@2026x")
    dialog.try_change()
    assert dialog.result() == dialog.DialogCode.Accepted
    assert not auth.must_change_password(actor)
    assert ensure_password_changed(actor) is True  # nothing due any more: no dialog
    assert auth.sign_in("newbie", "Mine@2026x").login == "newbie"


def test_session_lock_counts_input_in_a_dialog_as_activity(db, qtbot, scripted):
    """Typing in a dialog (its own window) keeps the session open, as typing in the main window."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout

    window = MainWindow(db.admin, "test")
    qtbot.addWidget(window)
    window.show()
    window.session_lock.detach()
    lock = SessionLock(window, minutes=0, prompt=lambda w, a: False)
    dialog = QDialog(window)
    QVBoxLayout(dialog).addWidget(QLineEdit())
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is dialog.windowHandle(), timeout=3000)
    lock.set_timeout_ms(400)
    for _ in range(6):  # keep typing in the dialog: no lock for 600 ms
        qtbot.wait(100)
        key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
        QApplication.sendEvent(dialog.windowHandle(), key)
    assert window.isVisible() and not lock.is_locked
    dialog.close()
    lock.detach()
