"""Dashboard: to-dos grouped by kind with working-day labels; double-click opens the record's view."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from reports_data import app, item

from disclosure_desk.services.common import setup
from disclosure_desk.services.dashboard import todos as reports_todo
from disclosure_desk.ui.common import workers
from disclosure_desk.ui.dashboard.view import LOADING, DashboardView
from disclosure_desk.ui.shell.main_window import MainWindow


def _seed(db) -> dict[str, int]:
    a = db.unit("A", "区教育局")
    today = dt.date.today()
    return {
        "late": app(a, "natural_person", today - dt.timedelta(days=60)),
        "item": item(a, "通知", today - dt.timedelta(days=60), status="draft"),
    }


def test_groups_and_labels(db, qtbot) -> None:
    ids = _seed(db)
    boss = db.user("boss", "supervisor")
    view = DashboardView(boss)
    qtbot.addWidget(view)
    view.refresh(sync=True)
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
    dash.wait_loaded()
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


def test_loads_in_background_then_shows_data(db, qtbot) -> None:
    _seed(db)
    boss = db.user("boss", "supervisor")
    view = DashboardView(boss)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.refresh()
        assert view.loading
        assert view.tree.topLevelItem(0).text(0) == LOADING
        assert view.cards["applications_open"].text() == "…"
    assert not view.loading
    assert view.cards["applications_open"].text() == "1"
    assert view.todo_list is not None and view.todo_list.counts["application_due"] == 1
    assert view.tree.topLevelItem(0).text(0) != LOADING


def test_refresh_while_loading_reloads_with_new_data(db, qtbot) -> None:
    a = db.unit("A", "区教育局")
    boss = db.user("boss", "supervisor")
    view = DashboardView(boss)
    qtbot.addWidget(view)
    view.refresh()
    workers.wait_all()  # the first load has read (no open application); not yet shown
    app(a, "natural_person", dt.date.today())
    view.refresh()  # asked while loading: must load again rather than keep stale counts
    view.wait_loaded()
    assert view.cards["applications_open"].text() == "1"


def test_closing_database_waits_for_the_loader(db, qtbot) -> None:
    _seed(db)
    window = MainWindow(db.user("boss", "supervisor"), "")
    qtbot.addWidget(window)
    window.show()
    dash = window.views["dashboard"]
    dash.refresh()  # visible: starts the worker at once
    assert workers._running
    setup.close()  # must not pull the database from under the worker's query
    assert not workers._running  # the close hook waited for the worker thread
    qtbot.waitUntil(lambda: not dash.loading, timeout=10_000)
    assert dash.cards["applications_open"].text() == "1"
    setup.open_target(db.target)


def test_hidden_view_loads_when_shown(db, qtbot) -> None:
    _seed(db)
    view = DashboardView(db.user("boss", "supervisor"))
    qtbot.addWidget(view)
    view.refresh()  # hidden (as in MainWindow before show()): nothing runs yet
    assert view.loading and not workers._running
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    assert not view.loading
    assert view.cards["applications_open"].text() == "1"


def _seed_every_kind(db) -> dict[str, int]:
    """One overdue application, one waiting for correction, one review, eight overdue
    proactive items (created first, so an id order would put them on top)."""
    from disclosure_desk.store.models import Application, ItemReview

    a = db.unit("U", "区教育局")
    today = dt.date.today()
    late_items = [
        item(a, "通知", today - dt.timedelta(days=90 + i), status="draft", disclosure="proactive")
        for i in range(8)
    ]
    waiting = item(a, "通知", today - dt.timedelta(days=3), status="pending")
    ItemReview.create(item=waiting)
    late = app(a, "natural_person", today - dt.timedelta(days=60))
    correction = app(a, "natural_person", today - dt.timedelta(days=5))
    Application.update(correction_requested_on=today - dt.timedelta(days=4)).where(
        Application.id == correction
    ).execute()
    return {"late": late, "correction": correction, "items": len(late_items)}


def _groups(view) -> list[str]:
    return [
        view.tree.topLevelItem(i).text(0).split("　")[0]
        for i in range(view.tree.topLevelItemCount())
    ]


def test_dashboard_puts_applications_first_then_clocks_reviews_proactive(db, qtbot) -> None:
    _seed_every_kind(db)
    window = MainWindow(db.admin, "")
    qtbot.addWidget(window)
    dash = window.views["dashboard"]
    dash.refresh(sync=True)
    order = [g for g in _groups(dash) if g != "节假日数据缺失"]
    assert order[:4] == [
        "申请答复期限",
        "补正、征求意见、缴费",
        "待我审查",
        "主动公开期限（第二十六条）",
    ]
    proactive = dash.tree.topLevelItem(_groups(dash).index("主动公开期限（第二十六条）"))
    # Capped: five rows, then 查看全部 for the other three.
    assert proactive.childCount() == 6
    more = proactive.child(5)
    assert more.text(0) == "查看全部 8 项 →"
    dash._open(more)
    items_view = window.views["items"]
    assert window.current_view() is items_view
    assert items_view.overdue_box.isChecked()
    assert items_view.count_label.text() == "共 8 条"


def test_cards_open_the_matching_list(db, qtbot) -> None:
    ids = _seed_every_kind(db)
    window = MainWindow(db.admin, "")
    qtbot.addWidget(window)
    dash = window.views["dashboard"]
    dash.refresh(sync=True)
    card = dash.cards["applications_open"].parentWidget()
    qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
    apps = window.views["applications"]
    assert window.current_view() is apps
    assert apps.status.currentData() == "open"
    shown = {apps.model.rows[i].id for i in range(apps.model.rowCount())}
    assert shown == {ids["late"], ids["correction"]}


def test_clock_group_more_opens_the_waiting_cases(db, qtbot) -> None:
    """查看全部 under 补正、征求意见、缴费 lists the cases waiting on someone, not every open case."""
    from disclosure_desk.store.models import Application

    a = db.unit("U", "区教育局")
    today = dt.date.today()
    waiting = set()
    for i in range(6):
        waiting.add(app(a, "natural_person", today - dt.timedelta(days=30 + i)))
    Application.update(
        status="correction", correction_requested_on=today - dt.timedelta(days=20)
    ).where(Application.id.in_(list(waiting))).execute()
    other = app(a, "natural_person", today - dt.timedelta(days=40))  # open, nothing awaited
    window = MainWindow(db.admin, "")
    qtbot.addWidget(window)
    dash = window.views["dashboard"]
    dash.refresh(sync=True)
    group = dash.tree.topLevelItem(_groups(dash).index("补正、征求意见、缴费"))
    more = group.child(group.childCount() - 1)
    assert more.text(0) == "查看全部 6 项 →"
    dash._open(more)
    apps = window.views["applications"]
    assert window.current_view() is apps
    assert apps.status.currentText() == "等待补正/征询/缴费"
    shown = {apps.model.rows[i].id for i in range(apps.model.rowCount())}
    assert shown == waiting and other not in shown
    assert apps.count.text() == "共 6 件"
