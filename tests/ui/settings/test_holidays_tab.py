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
    assert window.warning.text() == expected
    if dt.date.today().month >= 10 and dt.date.today().year == 2026:
        assert "2027" in window.warning.text()
