"""Small screens (1280×720 office PCs): no view or dialog may need more than 1280×720, and the
offscreen screenshot is exactly the size asked for."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
import struct

import pytest

pytest.importorskip("PySide6")

from app_helpers import new_app
from PySide6.QtWidgets import QDialog

import disclosure_desk.ui as ui_pkg
from disclosure_desk.cli import main as cli_main
from disclosure_desk.services.admin import users
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.shell.main_window import VIEW_KEYS, MainWindow

MAX_W, MAX_H = 1280, 720


def _all_dialog_classes() -> dict[str, type]:
    found: dict[str, type] = {}
    for info in pkgutil.walk_packages(ui_pkg.__path__, "disclosure_desk.ui."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if (
                isinstance(obj, type)
                and issubclass(obj, QDialog)
                and obj is not QDialog
                and obj.__module__ == module.__name__
            ):
                found[name] = obj
    return found


def _fits(widget) -> None:
    hint = widget.minimumSizeHint()
    minimum = widget.minimumSize()
    width = max(hint.width(), minimum.width())
    height = max(hint.height(), minimum.height())
    assert width <= MAX_W and height <= MAX_H, (type(widget).__name__, width, height)


LONG_UNITS = (
    "区人力资源和社会保障局",
    "区住房和城乡建设管理委员会",
    "区市场监督管理局（知识产权局）",
)


def test_main_window_fits_with_every_view_and_tab_built(db, qtbot) -> None:
    for i, name in enumerate(LONG_UNITS):
        db.unit(f"L{i}", name)  # real names: the unit filters widen with them
    window = MainWindow(db.admin)
    qtbot.addWidget(window)
    window.resize(MAX_W, MAX_H)
    window.show()
    for key in VIEW_KEYS:
        window.show_view(key)
        view = window.views[key]
        tabs = getattr(view, "tabs", None)
        for i in range(tabs.count() if tabs is not None else 0):
            tabs.setCurrentIndex(i)
        _fits(window)
        assert window.width() == MAX_W, key  # the window did not grow sideways


def _build(name: str, cls: type, db, tmp_path):
    actor = db.admin
    if name == "CaseDialog":
        return cls(actor, new_app(actor), today=dt.date(2025, 9, 3))
    if name == "EventDialog":
        return cls(actor, new_app(actor, name="李四"), "reply", "registered", dt.date(2025, 9, 3))
    if name == "RegisterDialog":
        return cls(actor, today=dt.date(2025, 9, 3))
    if name == "PasswordDialog":
        return cls(actor, forced=True)
    if name == "LoginDialog":
        return cls("青山区人民政府", "admin")
    if name == "DrillDownDialog":
        return cls("主动公开", [])
    if name == "ItemForm":
        return cls(actor, None)
    if name == "UserDialog":
        return cls(actor, users.list_units(actor), None)
    if name == "UnitDialog":
        return cls(actor, [])
    if name == "ExportDialog":
        return cls(actor, str(tmp_path / "out.csv"), items_io.ItemFilter())
    if name == "FirstRunDialog":
        from disclosure_desk.services.common import setup

        return cls(setup.parse_target(str(tmp_path / "new.sqlite3")))
    if name == "RuleDialog":
        from disclosure_desk.services.duties import monitoring as duties

        return cls(actor, duties.rules()[0])
    if name == "TrainingDialog":
        return cls(actor)
    if name == "ImportDialog":
        path = tmp_path / "in.csv"
        path.write_text(",".join(items_io.ITEM_HEADERS) + "\n", encoding="utf-8-sig")
        return cls(actor, str(path))
    return None


def test_every_dialog_fits_a_small_screen(db, qtbot, tmp_path) -> None:
    dialogs.use(dialogs.ScriptedDialogs())
    classes = _all_dialog_classes()
    assert {"CaseDialog", "ItemForm", "LoginDialog"} <= set(classes)  # guards the walk itself
    unbuilt = []
    for name, cls in sorted(classes.items()):
        dialog = _build(name, cls, db, tmp_path)
        if dialog is None:
            unbuilt.append(name)  # a new dialog class: teach _build how to make one
            continue
        qtbot.addWidget(dialog)
        _fits(dialog)
        dialog.show()
        screen = dialog.screen().availableGeometry()  # 800×800 on the offscreen platform
        # Sized to the screen, not beyond it (a tall case file scrolls inside).
        assert dialog.width() <= screen.width() and dialog.height() <= screen.height(), name
        thread = getattr(dialog, "thread_", None)
        if thread is not None:
            qtbot.waitUntil(lambda t=thread: not t.isRunning(), timeout=10000)
        dialog.close()
    assert not unbuilt


def _png_size(path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


@pytest.mark.parametrize("view", ["items", "applications"])
def test_screenshot_is_exactly_the_size_asked(db, monkeypatch, tmp_path, view) -> None:
    if db.path is None:
        pytest.skip("the CLI screenshot opens a SQLite file here")
    monkeypatch.setenv("DISCLOSURE_DESK_DB", str(db.path))
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "Admin@2026")
    out = tmp_path / f"{view}.png"
    args = ["--user", "admin", "gui", "--screenshot", str(out), "--view", view]
    assert cli_main([*args, "--size", "1280x720"]) == 0
    assert _png_size(out) == (1280, 720)
