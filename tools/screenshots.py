"""Render every view, the main tabs and every dialog at 1280×720 into docs/screenshots/LANG/.

    python tools/screenshots.py DB_PATH [--lang zh_CN|en] [--out docs/screenshots]

DB_PATH: a database made with `init` and `demo` (admin password in DISCLOSURE_DESK_PASSWORD).
Runs offscreen. A dialog is drawn over the main window (dimmed), sized as on a 1280×720 screen
with a 40-pixel task bar, as an officer would see it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

W, H = 1280, 720


def view_shots(window):
    """(file name, view key, tab index or None) for every view and every tab of a tabbed view:
    the one list of what the screenshots show (tests/ui/shell/test_english_walk.py walks it too)."""
    shots = [(key, key, None) for key in ("dashboard", "items", "reviews", "applications")]
    shots += [
        (f"reports-{i + 1}", "reports", i) for i in range(window.views["reports"].tabs.count())
    ]
    duties_tabs = window.views["duties"].tabs.count()
    shots += [("duties" if i == 0 else f"duties-{i + 1}", "duties", i) for i in range(duties_tabs)]
    shots += [
        (f"settings-{i + 1}", "settings", i) for i in range(window.views["settings"].tabs.count())
    ]
    return shots


def dialog_shots(window, admin, db_path: str):
    """(file name, view behind, factory) for every dialog; factory() builds it over ``window``."""
    from disclosure_desk.i18n import tr
    from disclosure_desk.services.admin import users
    from disclosure_desk.services.applications import query as applications_query
    from disclosure_desk.services.common import setup
    from disclosure_desk.services.duties import monitoring as duty_rules
    from disclosure_desk.services.items import spreadsheets as items_io
    from disclosure_desk.services.reporting import annual as report_service
    from disclosure_desk.store.models import Application, Item
    from disclosure_desk.ui.applications.case import CaseDialog
    from disclosure_desk.ui.applications.events import EventDialog
    from disclosure_desk.ui.applications.register import RegisterDialog
    from disclosure_desk.ui.common.printing import preview_dialog
    from disclosure_desk.ui.duties.view import TrainingDialog
    from disclosure_desk.ui.items.export_dialog import ExportDialog
    from disclosure_desk.ui.items.form import ItemForm
    from disclosure_desk.ui.reporting.panels import DrillDownDialog
    from disclosure_desk.ui.settings.duties import RuleDialog
    from disclosure_desk.ui.settings.units import UnitDialog
    from disclosure_desk.ui.settings.users import UserDialog
    from disclosure_desk.ui.shell.first_run import FirstRunDialog
    from disclosure_desk.ui.shell.login import LoginDialog
    from disclosure_desk.ui.shell.password_dialog import PasswordDialog

    open_app = (
        Application.select()
        .where(Application.replied_on.is_null())
        .order_by(Application.id)
        .first()
    )
    closed_app = (
        Application.select()
        .where(Application.replied_on.is_null(False))
        .order_by(Application.id)
        .first()
    )
    item = Item.select().order_by(Item.id).first()
    units = users.list_units(admin)
    last_year = dt.date.today().year - 1

    def reply():
        detail = applications_query.case_detail(admin, open_app.id)
        return EventDialog(admin, open_app.id, "reply", detail.status, dt.date.today(), window)

    def first_run():
        return FirstRunDialog(
            setup.parse_target(str(Path(db_path).with_name("not-yet.sqlite3"))), window
        )

    def print_preview():
        pdf = report_service.annual_pdf(admin, last_year, None)
        return preview_dialog(window, pdf, tr("年度报告"))

    return [
        ("case-open", "applications", lambda: CaseDialog(admin, open_app.id, window)),
        ("case-closed", "applications", lambda: CaseDialog(admin, closed_app.id, window)),
        ("reply", "applications", reply),
        ("register", "applications", lambda: RegisterDialog(admin, window)),
        ("item", "items", lambda: ItemForm(admin, item.id, window)),
        ("item-new", "items", lambda: ItemForm(admin, None, window)),
        (
            "export",
            "items",
            lambda: ExportDialog(admin, str(Path(os.devnull)), items_io.ItemFilter(), window),
        ),
        ("login", "dashboard", lambda: LoginDialog("青山区人民政府", "admin", window)),
        ("password", "dashboard", lambda: PasswordDialog(admin, parent=window)),
        ("first-run", "dashboard", first_run),
        ("unit", "settings", lambda: UnitDialog(admin, units, units[0], window)),
        ("user", "settings", lambda: UserDialog(admin, units, None, window)),
        ("drilldown", "reports", lambda: DrillDownDialog(tr("收到申请"), [], window)),
        ("duty-rule", "settings", lambda: RuleDialog(admin, duty_rules.rules()[1], window)),
        ("training", "duties", lambda: TrainingDialog(admin, window)),
        ("print-preview", "reports", print_preview),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    args = parser.parse_args(argv)
    from disclosure_desk import i18n

    i18n.set_language(args.lang)
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QColor, QPainter, QPixmap

    from disclosure_desk.services.common import auth, setup
    from disclosure_desk.ui.common import dialogs, layout_fit
    from disclosure_desk.ui.shell.qt_setup import ensure_app

    app = ensure_app(offscreen=True)
    # Dialogs size themselves for a 1280×720 screen with a task bar.
    layout_fit.available_size = lambda _w=None: QSize(W, H - 40)
    dialogs.use(dialogs.ScriptedDialogs())
    target = setup.parse_target(args.db)
    setup.open_target(target)
    admin = auth.sign_in("admin", os.environ.get("DISCLOSURE_DESK_PASSWORD", ""))
    out = Path(args.out) / args.lang
    out.mkdir(parents=True, exist_ok=True)

    from disclosure_desk.ui.shell.main_window import MainWindow

    window = MainWindow(admin, target.display)
    window.resize(W, H)
    window.show()

    def settle() -> None:
        for _ in range(6):
            app.processEvents()
        for built in list(window.views.values()):
            wait = getattr(built, "wait_loaded", None)
            if wait is not None:
                wait()
        for _ in range(6):
            app.processEvents()

    def save(pixmap: QPixmap, name: str) -> None:
        if (pixmap.width(), pixmap.height()) != (W, H):
            pixmap = pixmap.scaled(W, H)
        path = out / f"{name}.png"
        pixmap.save(str(path), "PNG")
        print(path)

    def shoot_view(key: str, name: str | None = None, tab: int | None = None) -> QPixmap:
        window.show_view(key)
        view = window.views[key]
        if tab is not None:
            view.tabs.setCurrentIndex(tab)
        settle()
        if (
            tab is not None
            and hasattr(view, "quarter_panel")
            and view.tabs.currentWidget() is (view.quarter_panel)
        ):
            for _ in range(200):
                app.processEvents()
                if view.quarter_panel.summary is not None:
                    break
                import time

                time.sleep(0.05)
            settle()
        pixmap = window.grab()
        save(pixmap, name or key)
        return pixmap

    def shoot_dialog(dialog, name: str, behind: str = "dashboard") -> None:
        window.show_view(behind)
        settle()
        base = window.grab()
        dialog.show()
        for _ in range(8):
            app.processEvents()
        thread = getattr(dialog, "thread_", None)
        if thread is not None:
            thread.wait(10000)
            for _ in range(8):
                app.processEvents()
        shot = dialog.grab()
        painter = QPainter(base)
        painter.fillRect(base.rect(), QColor(0, 0, 0, 90))
        x, y = (W - shot.width()) // 2, max(0, (H - 40 - shot.height()) // 2)
        painter.fillRect(x - 1, y - 1, shot.width() + 2, shot.height() + 2, QColor("#6b7785"))
        painter.drawPixmap(x, y, shot)
        painter.end()
        save(base, f"dialog-{name}")
        dialog.close()

    for name, key, tab in view_shots(window):
        shoot_view(key, name, tab)
    for name, behind, make in dialog_shots(window, admin, args.db):
        shoot_dialog(make(), name, behind)
    window.close()
    setup.close()
    _ = Qt
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
