"""GUI entry points: the interactive app and the offscreen screenshot used by docs and tests."""

from __future__ import annotations

from pathlib import Path

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services import overview, setup
from disclosure_desk.ui import dialogs
from disclosure_desk.ui.qt_setup import ensure_app


def run_gui(target: setup.Target, user: str | None = None, first_run: bool = False) -> int:
    """``first_run``: nothing names a database yet — ask (local file or district server) first."""
    app = ensure_app()
    if first_run:
        from disclosure_desk.ui.first_run import FirstRunDialog

        if FirstRunDialog().exec() != FirstRunDialog.DialogCode.Accepted:
            return 1
        target = setup.parse_target(None)  # what the dialog created or saved
    try:
        setup.open_target(target)
    except DeskError as exc:
        dialogs.current.error(None, tr("无法打开数据库"), str(exc))
        return exc.exit_code
    from disclosure_desk.ui.login import LoginDialog
    from disclosure_desk.ui.main_window import MainWindow
    from disclosure_desk.ui.password_dialog import ensure_password_changed

    login = LoginDialog(overview.agency_name(), user or "")
    if login.exec() != LoginDialog.DialogCode.Accepted or login.actor is None:
        return 1
    if not ensure_password_changed(login.actor):
        return 1
    window = MainWindow(login.actor, target.display)
    window.show()
    _startup_checks(window, target)
    try:
        return app.exec()
    finally:
        _backup_quietly("exit")


def _backup_quietly(kind: str) -> str | None:
    """Automatic backups never stop the app; a failure is returned as a sentence."""
    from disclosure_desk.services import backups

    try:
        if kind == "daily":
            backups.daily_if_due()
        else:
            backups.make(kind)
    except DeskError as exc:
        return str(exc)
    except OSError as exc:
        return f"自动备份失败：{exc}"
    return None


def _startup_checks(window, target: setup.Target) -> None:
    from disclosure_desk.services.backups import storage_advice

    advice = storage_advice(target)
    if advice:
        dialogs.current.warning(window, tr("数据库位于网络共享盘"), advice)
    problem = _backup_quietly("daily")
    if problem:
        dialogs.current.warning(window, tr("自动备份未完成"), problem)


def screenshot(actor: Actor, view: str, out: Path, size: tuple[int, int]) -> None:
    """Render one view of the main window into a PNG without a display."""
    app = ensure_app(offscreen=True)
    from disclosure_desk.ui.main_window import MainWindow

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
    for _ in range(5):
        app.processEvents()
    pixmap = window.grab()
    if not pixmap.save(str(out), "PNG"):
        raise DeskError(f"无法写入截图文件 {out}")
    window.close()
