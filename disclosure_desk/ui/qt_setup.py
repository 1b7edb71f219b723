"""QApplication creation, bundled CJK font registration and the app-wide style."""
from __future__ import annotations

import os
import sys

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from disclosure_desk.package_data import resources_dir

FONT_FILE = "wqy-microhei.ttc"


def ensure_app(offscreen: bool = False) -> QApplication:
    if offscreen and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("DisclosureDesk")
        app.setOrganizationName("DisclosureDesk")
        app.setDesktopFileName("disclosure-desk")  # matches the .desktop entry of the .deb
        icon = resources_dir() / "icons" / "disclosure-desk.png"
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
        _install_font(app)
    return app  # type: ignore[return-value]


def _install_font(app: QApplication) -> None:
    path = resources_dir() / "fonts" / FONT_FILE
    family = "WenQuanYi Micro Hei"
    if path.exists():
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            family = families[0]
    font = QFont(family, 10)
    app.setFont(font)
    app.setStyleSheet(STYLE)


STYLE = """
QListWidget#nav { background: #1f3b57; color: #e8eef5; border: none; font-size: 11pt; }
QListWidget#nav::item { padding: 10px 14px; }
QListWidget#nav::item:selected { background: #2f6fa3; color: white; }
QLabel[role="title"] { font-size: 15pt; font-weight: bold; color: #1f3b57; }
QLabel[role="hint"] { color: #5a6b7b; }
QFrame[role="card"] { background: #f4f7fa; border: 1px solid #d5dee7; border-radius: 6px; }
QLabel[role="card-number"] { font-size: 20pt; font-weight: bold; color: #2f6fa3; }
QLabel[role="warning"] { background: #fff4e0; color: #8a5300; border: 1px solid #f0c36d; padding: 6px; }
QTableView { gridline-color: #dde3ea; selection-background-color: #cfe3f5; selection-color: black; }
QHeaderView::section { background: #eef2f6; padding: 4px; border: none; border-right: 1px solid #d5dee7; }
"""
