"""GUI entry points: the interactive app and the offscreen screenshot used by docs and tests."""

from __future__ import annotations

from pathlib import Path

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import overview, setup
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.shell.qt_setup import ensure_app


def run_gui(target: setup.Target, user: str | None = None, first_run: bool = False) -> int:
    """``first_run``: nothing names a database yet — ask (local file or district server) first."""
    app = ensure_app()
    from disclosure_desk.ui.common import crash

    crash.install()  # unexpected errors: error log + one dialog with "复制详细信息"
    from disclosure_desk.ui.shell.first_run import FirstRunDialog, needs_first_run

    if first_run or needs_first_run(target):
        # No database yet: set one up in the window (no terminal needed).
        first = FirstRunDialog(target)
        if first.exec() != FirstRunDialog.DialogCode.Accepted or first.target is None:
            return 1
        target, user = first.target, user or first.admin_login
        _remember(target)
    try:
        setup.open_target(target)
    except DeskError as exc:
        dialogs.current.error(None, tr("无法打开数据库"), str(exc))
        return exc.exit_code
    from disclosure_desk.ui.shell.login import LoginDialog
    from disclosure_desk.ui.shell.main_window import MainWindow
    from disclosure_desk.ui.shell.password_dialog import ensure_password_changed

    login = LoginDialog(overview.agency_name(), user or "")
    if login.exec() != LoginDialog.DialogCode.Accepted or login.actor is None:
        return 1
    if not ensure_password_changed(login.actor):
        return 1
    windows: list[MainWindow] = []

    def open_window(actor) -> None:
        """The window for ``actor``; 切换用户 replaces it with the next user's."""
        from disclosure_desk.ui.shell.password_dialog import ensure_password_changed

        if windows and not ensure_password_changed(actor):
            return
        window = MainWindow(actor, target.display)
        window.switch_requested.connect(open_window)
        if windows:
            old = windows.pop()
            window.setGeometry(old.geometry())
            old.close()
            old.deleteLater()
        windows.append(window)
        window.show()

    open_window(login.actor)
    window = windows[0]
    _startup_checks(window, target)
    try:
        return app.exec()
    finally:
        _backup_quietly("exit")


def _backup_quietly(kind: str) -> str | None:
    """Automatic backups never stop the app; a failure is returned as a sentence."""
    from disclosure_desk.services.admin import backups

    try:
        if kind == "daily":
            backups.daily_if_due()
        else:
            backups.make(kind)
    except DeskError as exc:
        return str(exc)
    except OSError as exc:
        return tr("自动备份失败：{exc}").format(exc=exc)
    return None


def _startup_checks(window, target: setup.Target) -> None:
    from disclosure_desk.services.admin.backups import storage_advice

    advice = storage_advice(target)
    if advice:
        dialogs.current.warning(window, tr("数据库位于网络共享盘"), advice)
    problem = _backup_quietly("daily")
    if problem:
        dialogs.current.warning(window, tr("自动备份未完成"), problem)


def screenshot(actor: Actor, view: str, out: Path, size: tuple[int, int]) -> None:
    """Render one view of the main window into a PNG without a display."""
    app = ensure_app(offscreen=True)
    from disclosure_desk.ui.shell.main_window import MainWindow

    window = MainWindow(actor, "")
    window.resize(*size)
    window.show_view(view)
    window.show()
    for _ in range(5):
        app.processEvents()
    for built in list(window.views.values()):
        wait = getattr(built, "wait_loaded", None)
        if wait is not None:
            wait()  # views that load in the background: capture their data, not "正在加载…"
    window.wait_warning()  # the status bar's holiday-data warning, also worked out in the background
    for _ in range(5):
        app.processEvents()
    pixmap = _exact(window.grab(), size)
    if not pixmap.save(str(out), "PNG"):
        raise DeskError(tr("无法写入截图文件 {path}").format(path=out))
    window.close()


def _exact(pixmap, size: tuple[int, int]):
    """The picture at exactly width×height: a window that could not shrink that far (its
    minimum is larger — tests/ui/shell/test_small_screen.py keeps that from happening) is cut."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter, QPixmap

    if (pixmap.width(), pixmap.height()) == size:
        return pixmap
    canvas = QPixmap(*size)
    canvas.fill(Qt.GlobalColor.white)
    painter = QPainter(canvas)
    painter.drawPixmap(0, 0, pixmap)
    painter.end()
    return canvas


def _remember(target: setup.Target) -> None:
    """Save where the new database lives in the user's config file, so the next start needs no
    flags; a server address is saved without its password (libpq's .pgpass keeps that)."""
    from disclosure_desk.domain.errors import DeskError
    from disclosure_desk.services.common import workstation

    if target.kind == "sqlite" and target.path == workstation.default_database_file():
        return  # the default file is found without a config entry
    value = str(target.path) if target.kind == "sqlite" else target.display
    try:
        workstation.save_connection(value)
    except (DeskError, OSError):
        pass  # the database works; the officer can still name it with --db next time
