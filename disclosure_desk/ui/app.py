"""GUI entry points: the interactive app and the offscreen screenshot used by docs and tests."""
from __future__ import annotations

from pathlib import Path

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.services import overview, setup
from disclosure_desk.ui import dialogs
from disclosure_desk.ui.qt_setup import ensure_app


def run_gui(target: setup.Target, user: str | None = None) -> int:
    app = ensure_app()
    try:
        setup.open_target(target)
    except DeskError as exc:
        dialogs.current.error(None, "无法打开数据库", str(exc))
        return exc.exit_code
    from disclosure_desk.ui.login import LoginDialog
    from disclosure_desk.ui.main_window import MainWindow

    login = LoginDialog(overview.agency_name(), user or "")
    if login.exec() != LoginDialog.DialogCode.Accepted or login.actor is None:
        return 1
    window = MainWindow(login.actor, target.display)
    window.show()
    return app.exec()


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
    pixmap = window.grab()
    if not pixmap.save(str(out), "PNG"):
        raise DeskError(f"无法写入截图文件 {out}")
    window.close()
