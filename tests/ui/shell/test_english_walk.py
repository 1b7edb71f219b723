"""English mode, walked widget by widget: every view, every tab and every dialog that the
screenshots show (tools/screenshots.py's own list), built on a small demo database. The chrome —
window titles, labels, buttons, check boxes, group boxes, tabs, menus and actions, table and tree
headers, tool tips, placeholders, combo items — holds no Chinese. Only data may: values read from
the database (titles, names, unit names, …) and the statutory labels that stay Chinese by design
(the annual report's table and section headings, shown as on paper; the site's editable 主题分类 / 体裁 lists)."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

from disclosure_desk import i18n
from disclosure_desk.domain import annual, catalogs
from disclosure_desk.services.admin import demo
from disclosure_desk.services.common import auth, setup
from disclosure_desk.ui.common import dialogs

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tools"))
import screenshots  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
NUMBER = re.compile(r"\S*〔\d{4}〕\d+号")
PASSWORD = "Admin@2026"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("walk") / "demo.sqlite3"
    target = setup.parse_target(str(path))
    setup.init_database(target, "青山区人民政府", "000014349", "admin", PASSWORD)
    from disclosure_desk.domain.permissions import SYSTEM

    demo.generate(SYSTEM, items=120, applications=150, units=3, seed=5)
    setup.close()
    return path


def _data_values() -> list[str]:
    """Every stored text the window may show as data, longest first (stripped before checking)."""
    from disclosure_desk.store.models import Application, ApplicationEvent, Item, Unit, User

    values: set[str] = set()
    for u in Unit.select():
        values.update((u.name, u.short_name or ""))
    for u in User.select():
        values.add(u.name)
    for it in Item.select():
        values.update((it.title, it.doc_no, it.publisher, it.index_no, it.summary, it.keywords))
        values.update((it.topic, it.genre, it.body[:200]))
    for a in Application.select():
        values.update((a.applicant_name, a.content, a.reg_no, a.note, a.extension_approver or ""))
    for e in ApplicationEvent.select():
        values.add(e.detail)
    statutory = [r.label for r in annual.ROWS]  # the annual report's table 三, as on paper
    statutory += [c[1] for c in annual.COLUMNS] + [c[2] or "" for c in annual.COLUMNS]
    statutory += [c[1] for c in annual.REVIEW_COLUMNS] + [c[1] for c in annual.REVIEW_GROUPS]
    statutory += [annual.REVIEW_PARENT_LITIGATION, annual.LABEL_DECISIONS, annual.LABEL_FEES_WAN]
    statutory += [annual.LABEL_ADMIN_FEES, annual.LABEL_RULES, annual.LABEL_NORMATIVE]
    statutory += [annual.LABEL_LICENSING, annual.LABEL_PENALTY, annual.LABEL_COERCION]
    statutory += [label for _k, label in annual.SECTION_HEADINGS] + [annual.CHECK_NOTE]
    # The annual report's own sentence on training (section 5), previewed where it is edited.
    from disclosure_desk.domain.permissions import SYSTEM
    from disclosure_desk.services.duties import records

    today = dt.date.today()
    statutory += [
        records.training_summary(SYSTEM, y) for y in range(today.year - 3, today.year + 1)
    ]
    site_lists = list(catalogs.TOPIC_NAMES) + [c for c, _ in catalogs.TOPIC_CLASSES]
    site_lists += list(catalogs.GENRES)
    values.update(statutory + site_lists)
    return sorted((v for v in values if v and CJK.search(v)), key=len, reverse=True)


def _chrome(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every piece of chrome text under ``root`` (visible or not yet shown)."""
    out: list[tuple[str, str]] = [("window title", root.windowTitle())]
    for w in [root, *root.findChildren(QWidget)]:
        kind = type(w).__name__
        if w.toolTip():
            out.append((f"{kind} tooltip", w.toolTip()))
        if isinstance(w, QLabel):
            out.append((kind, w.text()))
        elif isinstance(w, QAbstractButton):
            out.append((kind, w.text()))
        elif isinstance(w, QGroupBox):
            out.append((kind, w.title()))
        elif isinstance(w, QTabBar):
            out += [(kind, w.tabText(i)) for i in range(w.count())]
            out += [(f"{kind} tooltip", w.tabToolTip(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            out += [(kind, w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QLineEdit):
            out.append((f"{kind} placeholder", w.placeholderText()))
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            out.append((f"{kind} placeholder", w.placeholderText()))
        elif isinstance(w, QListWidget):  # the navigation, the deadline explanation
            out += [(kind, w.item(i).text()) for i in range(w.count())]
        elif isinstance(w, QMenu):
            out += [(kind, a.text()) for a in w.actions()]
        if isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            try:
                columns = model.columnCount()
            except TypeError:  # list models: no header
                columns = 0
            for i in range(columns):
                head = model.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                out.append((f"{kind} header", str(head or "")))
        for a in w.actions():
            out += [("action", a.text()), ("action tooltip", a.toolTip())]
    return [(where, t) for where, t in out if t]


def _chinese(pieces, data: list[str]) -> list[tuple[str, str]]:
    bad = []
    for where, text in pieces:
        rest = text.replace(" › ", "\\")  # 主题分类 as the window writes it
        rest = NUMBER.sub("", rest)  # a case or letter number of the official format: data
        if CJK.search(rest):
            for value in data:
                if value in rest:
                    rest = rest.replace(value, "")
        if CJK.search(rest):
            bad.append((where, text))
    return bad


def test_every_view_tab_and_dialog_is_english(demo_db, qapp, qtbot) -> None:
    from disclosure_desk.ui.shell import qt_setup
    from disclosure_desk.ui.shell.main_window import MainWindow

    had_qt_chinese = bool(qt_setup._QT_TRANSLATORS)
    i18n.set_language("en")
    qt_setup.install_qt_translation(qapp)  # Qt's own buttons follow the language, as at start-up
    dialogs.use(dialogs.ScriptedDialogs())
    target = setup.parse_target(str(demo_db))
    setup.open_target(target)
    try:
        admin = auth.sign_in("admin", PASSWORD)
        data = _data_values()
        window = MainWindow(admin, target.display)
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        bad: list[tuple[str, str, str]] = []
        seen = 0
        for name, key, tab in screenshots.view_shots(window):
            window.show_view(key)
            view = window.views[key]
            if tab is not None:
                view.tabs.setCurrentIndex(tab)
            wait = getattr(view, "wait_loaded", None)
            if wait is not None:
                wait()
            qapp.processEvents()
            pieces = _chrome(window)
            seen += len(pieces)
            bad += [(name, *p) for p in _chinese(pieces, data)]
        for name, _behind, make in screenshots.dialog_shots(window, admin, str(demo_db)):
            dialog = make()
            dialog.show()
            thread = getattr(dialog, "thread_", None)
            if thread is not None:
                thread.wait(10000)
            qapp.processEvents()
            pieces = _chrome(dialog)
            seen += len(pieces)
            bad += [(f"dialog-{name}", *p) for p in _chinese(pieces, data)]
            dialog.close()
        window.close()
        assert seen > 1000  # the walk really collected the chrome
        unique = sorted({(where, text): name for name, where, text in bad}.items())
        assert not unique, "Chinese chrome in English mode:\n" + "\n".join(
            f"{name}: {where}: {text}" for (where, text), name in unique
        )
    finally:
        i18n.set_language("zh_CN")
        if had_qt_chinese:
            qt_setup.install_qt_translation(qapp)
        setup.close()
