"""Locks the main window after a period without keyboard or mouse input.

An event filter on the app's windows restarts a single-shot QTimer on every input event. When it
fires, the window's contents are hidden and the sign-in dialog asks the same user for the
password again; giving up closes the window. The timeout comes from the security settings
(services/common/session_policy.py); 0 disables locking.

The filter watches windows (QWindow: the main window's, and every window that gets the focus,
dialogs included), not the whole application. Keyboard and mouse input reach a window before its
widgets, so the same activity is seen; but an application-wide filter written in Python makes
PySide wrap every object that receives any event, which during the first paint loaded about 150
Qt classes and their enums (≈ 20 ms of start-up).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QDialog, QMainWindow

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr

ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)


def _default_prompt(window: QMainWindow, actor: Actor) -> bool:
    """Ask the signed-in user for the password again; only the same account may unlock."""
    from disclosure_desk.services.common import overview
    from disclosure_desk.ui.shell.login import LoginDialog

    dialog = LoginDialog(overview.agency_name(), actor.login, parent=window)
    dialog.setWindowTitle(tr("已锁定 — 请重新输入密码"))
    dialog.login.setReadOnly(True)
    ok = dialog.exec() == QDialog.DialogCode.Accepted
    return ok and dialog.actor is not None and dialog.actor.login == actor.login


class SessionLock(QObject):
    locked = Signal()
    unlocked = Signal()

    def __init__(
        self,
        window: QMainWindow,
        minutes: int | None = None,
        prompt: Callable[[QMainWindow, Actor], bool] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.prompt = prompt or _default_prompt
        self.is_locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        if minutes is None:
            minutes = self._policy_minutes()
        self.set_timeout_ms(minutes * 60_000)
        # The main window's own QWindow exists once it is shown (MainWindow.showEvent calls
        # watch); dialogs are watched as they get the focus.
        self.watch(window.windowHandle())
        self._focus_watch = None
        app = QGuiApplication.instance()
        if app is not None:
            self._focus_watch = app.focusWindowChanged.connect(self.watch)
            self.watch(QGuiApplication.focusWindow())

    def watch(self, win: QWindow | None) -> None:
        """Count input to ``win`` as activity (installing twice keeps one filter)."""
        if win is not None:
            win.installEventFilter(self)

    @staticmethod
    def _policy_minutes() -> int:
        from disclosure_desk.services.common import session_policy

        try:
            return session_policy.load().timeout_minutes
        except Exception:  # noqa: BLE001 — no database (tests, screenshots): use the default
            return session_policy.DEFAULT.timeout_minutes

    def set_timeout_minutes(self, minutes: int) -> None:
        self.set_timeout_ms(minutes * 60_000)

    def set_timeout_ms(self, ms: int) -> None:
        self.timeout_ms = max(0, ms)
        self.timer.stop()
        if self.timeout_ms and not self.is_locked:
            self.timer.start(self.timeout_ms)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.is_locked and self.timeout_ms and event.type() in ACTIVITY:
            self.timer.start(self.timeout_ms)
        return False

    def lock(self) -> None:
        if self.is_locked or not self.window.isVisible():
            return
        self.is_locked = True
        self.timer.stop()
        central = self.window.centralWidget()
        if central is not None:
            central.hide()  # nothing readable stays on screen while locked
        self.window.menuBar().setEnabled(False)
        self.locked.emit()
        if self.prompt(self.window, self.window.actor):
            self.unlock()
        else:
            self.window.close()

    def unlock(self) -> None:
        self.is_locked = False
        central = self.window.centralWidget()
        if central is not None:
            central.show()
        self.window.menuBar().setEnabled(True)
        if self.timeout_ms:
            self.timer.start(self.timeout_ms)
        self.unlocked.emit()

    def detach(self) -> None:
        if self._focus_watch is not None:
            QObject.disconnect(self._focus_watch)
            self._focus_watch = None
        if QGuiApplication.instance() is not None:
            for win in QGuiApplication.allWindows():
                win.removeEventFilter(self)
        self.timer.stop()
