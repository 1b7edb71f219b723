"""The supervisor's quarter on screen: last complete quarter by default, its own period
selector, a running quarter marked 截至 MM-DD and not compared, print within three clicks."""

from __future__ import annotations

import datetime as dt

from reports_data import item

from disclosure_desk.services.reporting import quarterly as reports_quarterly
from disclosure_desk.ui.common import dialogs, printing
from disclosure_desk.ui.reporting.quarter import QuarterPanel
from disclosure_desk.ui.reporting.view import ReportsView


def _last_complete(today: dt.date) -> tuple[int, int]:
    q = (today.month - 1) // 3  # the running quarter is q + 1
    return (today.year - 1, 4) if q == 0 else (today.year, q)


def test_default_is_the_last_complete_quarter(qtbot) -> None:
    panel = QuarterPanel(today=dt.date(2026, 11, 30))
    qtbot.addWidget(panel)
    assert panel.selected() == (2026, 3)
    assert panel.period.itemText(0) == "2026年第4季度（进行中，截至 11-30）"
    assert panel.period.itemText(1) == "2026年第3季度"
    january = QuarterPanel(today=dt.date(2027, 1, 5))
    qtbot.addWidget(january)
    assert january.selected() == (2026, 4)


def test_running_quarter_is_marked_and_not_compared(db, qtbot) -> None:
    a = db.unit("A", "区教育局")
    for day in (dt.date(2026, 7, 3), dt.date(2026, 8, 4)):  # Q3: two published
        item(a, "通知", day, published_on=day)
    item(a, "通知", dt.date(2026, 10, 9), published_on=dt.date(2026, 10, 9))  # Q4 so far: one
    today = dt.date(2026, 11, 30)
    panel = QuarterPanel(today=today)
    qtbot.addWidget(panel)
    panel.show_summary(reports_quarterly.quarterly_summary(db.admin, 2026, 4, None, today))
    headers = [panel.table.horizontalHeaderItem(i).text() for i in range(5)]
    assert headers == ["事项", "2026年第4季度（截至 11-30）", "2026年第3季度", "增减", "变化率"]
    row = [panel.table.item(1, c).text() for c in range(5)]
    assert row == ["发布信息", "1", "2", "—", "—"]
    assert "不与上季度作增减比较" in panel.note.text()

    panel.show_summary(reports_quarterly.quarterly_summary(db.admin, 2026, 3, None, today))
    row = [panel.table.item(1, c).text() for c in range(5)]
    assert row == ["发布信息", "2", "0", "+2", "—"]
    assert panel.table.horizontalHeaderItem(1).text() == "2026年第3季度"


def test_reports_view_shows_the_quarter_and_prints_in_two_clicks(db, qtbot, monkeypatch) -> None:
    dialogs.use(dialogs.ScriptedDialogs())
    year, quarter = _last_complete(dt.date.today())
    a = db.unit("A", "区教育局")
    first_day = dt.date(year, 3 * quarter - 2, 5)
    for _ in range(3):
        item(a, "通知", first_day, published_on=first_day)
    printed: list[str] = []
    monkeypatch.setattr(printing, "print_pdf", lambda _p, pdf, title: printed.append(title))
    view = ReportsView(db.admin)
    qtbot.addWidget(view)
    view.refresh()
    view.tabs.setCurrentWidget(view.quarter_panel)  # click 1: the tab
    assert not view.year.isVisibleTo(view)  # one period selector on this tab
    panel = view.quarter_panel
    qtbot.waitUntil(lambda: panel.summary is not None, timeout=15000)
    assert panel.selected() == (year, quarter)
    assert [panel.table.item(1, c).text() for c in range(3)] == ["发布信息", "3", "0"]
    panel.print_button.click()  # click 2: 打印… (click 3 is the system dialog's 打印)
    qtbot.waitUntil(lambda: bool(printed), timeout=15000)
    assert printed == [f"{year}年第{quarter}季度汇总"]
