"""Holidays settings tab: shows a year, warns about missing years, saves days for admins only."""

from __future__ import annotations

import datetime as dt

from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.settings.holidays import HolidaysTab


def test_tab_lists_year_and_saves_override(db, qtbot):
    dialogs.use(dialogs.ScriptedDialogs())
    tab = HolidaysTab(db.admin)
    qtbot.addWidget(tab)
    tab.year.setValue(2026)
    tab.refresh()
    days = {r.day: r for r in tab.model.rows}
    assert days[dt.date(2026, 2, 14)].is_workday  # 调休上班
    assert days[dt.date(2026, 10, 1)].name == "国庆节"
    assert "2027" in tab.warning.text() or dt.date.today().year < 2026
    from PySide6.QtCore import QDate

    tab.day.setDate(QDate(2027, 1, 1))
    tab.kind.setCurrentIndex(0)
    tab.name.setText("元旦")
    tab.save_day()
    assert tab.year.value() == 2027
    assert any(r.day == dt.date(2027, 1, 1) and r.source == "数据库" for r in tab.model.rows)


def test_officer_cannot_edit(db, qtbot):
    officer = db.user("o1", "officer")
    tab = HolidaysTab(officer)
    qtbot.addWidget(tab)
    assert not tab.save_button.isEnabled()
    assert not tab.import_button.isEnabled()


def test_main_window_shows_calendar_warning(db, qtbot):
    from disclosure_desk.services.common import calendar
    from disclosure_desk.ui.shell.main_window import MainWindow

    window = MainWindow(db.admin, "test")
    qtbot.addWidget(window)
    assert window.warning.text() == ""  # worked out on a worker thread once the window shows
    window.show()
    qtbot.waitUntil(lambda: window._warning_task is None and not window._warning_pending)
    window.wait_warning()
    expected = calendar.deadline_warning()
    assert window.warning.full_text() == expected
    assert window.warning.toolTip() == expected
    if dt.date.today().month >= 10 and dt.date.today().year == 2026:
        assert "2027" in window.warning.text()


def test_calendar_warning_is_one_line_and_opens_the_holidays_tab(db, qtbot):
    """At 1280 px the warning keeps the status bar one line high (it wrapped to three), shows
    the start of the sentence, and a click opens 设置 → 节假日."""
    from PySide6.QtCore import Qt

    from disclosure_desk.ui.shell.main_window import MainWindow

    window = MainWindow(db.admin, "/tmp/a/rather/long/path/to/the/database.sqlite3")
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    sentence = "缺少 2027 年的节假日安排：涉及这些年份的期限按周一至周五暂估，仅供参考。" * 2
    window.show_warning(sentence)
    qtbot.wait(10)
    shown = window.warning.text()
    assert shown.startswith("缺少 2027 年") and shown.endswith("…")
    line = window.warning.fontMetrics().height()
    assert window.statusBar().height() < 2 * line + 12
    assert window.width() <= 1280
    qtbot.mouseClick(window.warning, Qt.MouseButton.LeftButton)
    settings = window.views["settings"]
    assert window.current_view() is settings
    assert settings.tabs.tabText(settings.tabs.currentIndex()) == "节假日"
