"""QApplication creation, bundled CJK font registration and the app-wide style."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from disclosure_desk import i18n
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
        _install_font(app)
        apply_light_theme(app)
        app.setWindowIcon(app_icon())
    install_qt_translation(app)
    return app  # type: ignore[return-value]


def app_version() -> str:
    """The installed package's version (pyproject), or the source tree's."""
    from importlib import metadata

    try:
        return metadata.version("disclosure-desk")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def app_icon() -> QIcon:
    """The window icon: the register with the red seal, the same picture the desktop shows for
    the launcher (resources/icons, installed by the .deb). Qt reads the PNG when the icon is
    first drawn, and scales it to the sizes desktops ask for."""
    return QIcon(str(resources_dir() / "icons" / "disclosure-desk.png"))


def apply_light_theme(app: QApplication) -> None:
    """The app's own colours are light (cards, warnings, headers), so its text must be dark
    whatever the desktop theme: a dark desktop palette would otherwise paint white labels on
    light cards. Fusion with its standard (light) palette keeps every label readable."""
    app.setStyle("Fusion")
    palette = app.style().standardPalette()
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#fffbe6"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor("#1f2933"))
    app.setPalette(palette)


_QT_TRANSLATORS: list[QTranslator] = []


def install_qt_translation(app: QApplication) -> bool:
    """Qt's own Chinese (OK/Cancel, Yes/No, the file dialog): qtbase_zh_CN.qm ships with
    PySide6. Follows the interface language; returns whether a catalogue was loaded."""
    for old in _QT_TRANSLATORS:
        app.removeTranslator(old)
    _QT_TRANSLATORS.clear()
    if i18n.language() != "zh_CN":
        return False
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if not translator.load(QLocale("zh_CN"), "qtbase", "_", folder):
        return False
    app.installTranslator(translator)
    _QT_TRANSLATORS.append(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    return True


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
QFrame[role="card"] QLabel { color: #1f2933; background: transparent; border: none; }
QFrame[role="card"] QLabel[role="card-number"] { color: #2f6fa3; }
QFrame[role="card"]:hover { border-color: #2f6fa3; }
QLabel[role="card-number"] { font-size: 20pt; font-weight: bold; color: #2f6fa3; }
QLabel[role="banner"] { font-size: 13pt; font-weight: bold; padding: 6px 10px; border-radius: 4px; background: #e8f1fa; color: #1f3b57; }
QLabel[role="banner"][state="due_today"] { background: #fff4e0; color: #8a5300; }
QLabel[role="banner"][state="overdue"] { background: #fde8e6; color: #b3261e; }
QLabel[role="banner"][state="closed"] { background: #eaf5ea; color: #25612a; }
QLabel[role="warning"] { background: #fff4e0; color: #8a5300; border: 1px solid #f0c36d; padding: 6px; }
QTableView { gridline-color: #dde3ea; selection-background-color: #cfe3f5; selection-color: black; }
QHeaderView::section { background: #eef2f6; padding: 4px; border: none; border-right: 1px solid #d5dee7; }
"""
