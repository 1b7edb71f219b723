"""Dashboard: to-dos grouped by kind with working-day labels; double-click opens the record's view."""

from __future__ import annotations

import datetime as dt

from reports_data import app, item  # noqa: E402

from disclosure_desk.services import reports_todo  # noqa: E402
from disclosure_desk.ui.main_window import MainWindow  # noqa: E402
from disclosure_desk.ui.views.dashboard import DashboardView  # noqa: E402


def _seed(db) -> dict[str, int]:  # noqa: ANN001
    a = db.unit("A", "区教育局")
    today = dt.date.today()
    return {
        "late": app(a, "natural_person", today - dt.timedelta(days=60)),
        "item": item(a, "通知", today - dt.timedelta(days=60), status="草稿"),
    }


def test_groups_and_labels(db, qtbot) -> None:
    ids = _seed(db)
    boss = db.user("boss", "supervisor")
    view = DashboardView(boss)
    qtbot.addWidget(view)
    view.refresh()
    groups = {
        view.tree.topLevelItem(i).text(0).split("　")[0]: view.tree.topLevelItem(i)
        for i in range(view.tree.topLevelItemCount())
    }
    assert "申请答复期限" in groups and "主动公开期限（第二十六条）" in groups
    apps = groups["申请答复期限"]
    row = next(
        apps.child(i)
        for i in range(apps.childCount())
        if view.todo_at(apps.child(i)).record_id == ids["late"]
    )
    assert row.text(4).startswith("已超期") and row.text(4).endswith("个工作日")
    assert view.cards["applications_open"].text() == "1"
    assert view.todo_title.text().startswith("我的待办（共")
    assert view.todo_list.counts["application_due"] == 1


def test_double_click_switches_view(db, qtbot) -> None:
    _seed(db)
    boss = db.user("boss", "supervisor")
    window = MainWindow(boss, "")
    qtbot.addWidget(window)
    dash = window.views["dashboard"]
    calendar_todo = reports_todo.Todo(
        "calendar_missing", "calendar", 2099, "2099", "缺少", "", None, "", 0
    )
    dash.open_todo(calendar_todo)
    assert window.current_view().key == "settings"
    group = dash.tree.topLevelItem(0)
    child = group.child(0)
    todo = dash.todo_at(child)
    dash._open(child)
    assert window.current_view().key == todo.view
