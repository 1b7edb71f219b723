"""Reports view: every table cell equals `report annual --json`; drill-down, narratives, lock,
statistics ledger and exports."""

from __future__ import annotations

import json

import pytest
from reports_data import YEAR, build

from disclosure_desk.cli import main
from disclosure_desk.domain.annual import COLUMNS, REVIEW_COLUMNS, REVIEW_GROUPS, ROWS
from disclosure_desk.services.reporting import annual as reports
from disclosure_desk.services.reporting import year_lock as reports_lock
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.reporting.panels import cell_of
from disclosure_desk.ui.reporting.view import ReportsView


@pytest.fixture(autouse=True)
def _cli_signs_in(monkeypatch):
    """The CLI calls here sign in as the fixture administrator (no implicit operator)."""
    monkeypatch.setenv("DISCLOSURE_DESK_USER", "admin")
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "Admin@2026")


@pytest.fixture
def scripted():
    d = dialogs.use(dialogs.ScriptedDialogs())
    yield d
    dialogs.use(dialogs.Dialogs())


def _view(qtbot, actor, unit: str = "") -> ReportsView:
    view = ReportsView(actor)
    qtbot.addWidget(view)
    view.refresh()
    view.year.setValue(YEAR)
    if unit:
        view.unit.setCurrentIndex(view.unit.findData(unit))
    view.refresh()
    return view


def _cli_json(db, capsys, unit: str | None = None) -> dict:
    capsys.readouterr()
    arg = str(db.path) if db.target.kind == "sqlite" else db.target.url
    extra = ["--unit", unit] if unit else []
    assert main(["--db", arg, "report", "annual", "--year", str(YEAR), *extra, "--json", "-"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("unit", ["", "A"])
def test_every_cell_equals_the_cli_json(db, qtbot, capsys, unit) -> None:
    build(db)
    view = _view(qtbot, db.admin, unit)
    shown = {
        "applications": {},
        "reviews": {},
        "proactive": {},
    }
    t = view.applications
    for r, row in enumerate(ROWS):
        assert t.item(r, 0).text().strip() == row.label
        for c, (code, _l, _p) in enumerate(COLUMNS, 1):
            if not row.is_group:
                assert cell_of(t.item(r, c)) == (row.code, code)
                shown["applications"].setdefault(row.code, {})[code] = int(t.item(r, c).text())
    for r, (group, _label) in enumerate(REVIEW_GROUPS):
        for c, (code, _l) in enumerate(REVIEW_COLUMNS, 1):
            shown["reviews"].setdefault(group, {})[code] = int(view.reviews.item(r, c).text())
    p = view.proactive
    for r, key in enumerate(("rules", "normative_documents")):
        shown["proactive"][key] = {
            m: int(p.item(r, c).text()) for c, m in enumerate(("issued", "repealed", "in_force"), 1)
        }
    for r, key in enumerate(("licensing", "penalty", "coercion"), 2):
        shown["proactive"][key] = int(p.item(r, 1).text())
    shown["proactive"]["fees_wan"] = float(p.item(5, 1).text())
    # The CLI closes the shared connection, so read the GUI first, then ask the CLI.
    expected = _cli_json(db, capsys, unit or None)
    assert shown["applications"] == expected["applications"]
    assert shown["reviews"] == expected["reviews_litigation"]
    assert shown["proactive"] == expected["proactive"]


def test_drill_down_dialog_lists_records(db, qtbot, scripted) -> None:
    data = build(db)
    view = _view(qtbot, db.admin)
    row = next(i for i, r in enumerate(ROWS) if r.code == "2")
    col = 1 + [c for c, _l, _p in COLUMNS].index("total")
    dlg = view.drill_down(view.applications, row, col)
    assert dlg.table.rowCount() == 2
    refs = {dlg.records[i].id for i in range(2)}
    assert refs == {data["ids"]["carried_replied"], data["ids"]["carried_open"]}
    assert view.drill_down(view.applications, 2, 1) is None  # group row: no figures


def test_narratives_lock_and_stats(db, qtbot, scripted) -> None:
    build(db)
    officer = db.user("off", "officer", "A")
    supervisor = db.user("boss", "supervisor")
    view = _view(qtbot, officer)
    # Officers see the year lock, disabled, with who may use it.
    assert not view.lock_button.isEnabled() and not view.unlock_button.isEnabled()
    assert view.lock_button.toolTip() == "只有主管领导可以锁定年度报告。"
    assert view.unlock_button.toolTip() == "只有系统管理员、主管领导可以解锁年度报告。"
    assert view.unit.currentData() == "A"  # unit-bound officers see their own unit first
    view.editors["overview"].setPlainText("本单位总体情况。")
    view.save_narratives()
    assert reports.narratives(officer, YEAR, "A")["overview"] == "本单位总体情况。"
    view.stats.unit.setCurrentIndex(view.stats.unit.findData("A"))
    view.stats.period.setCurrentIndex(view.stats.period.findData("M07"))
    view.stats.licensing.setValue(7)
    view._save_stat()
    view.refresh()
    assert int(view.proactive.item(2, 1).text()) == 8 + 7
    boss = _view(qtbot, supervisor)
    assert boss.lock_button.isEnabled() and not boss.unlock_button.isEnabled()
    assert boss.unlock_button.toolTip() == "本年度尚未锁定。"
    scripted.confirm_answers.append(True)
    boss._set_lock(True)
    assert reports_lock.lock_state(YEAR).locked
    view.stats.licensing.setValue(9)
    view._save_stat()
    assert scripted.calls[-1][0] == "error" and "已锁定" in scripted.calls[-1][2]


def test_export_json_runs_in_a_worker(db, qtbot, scripted, tmp_path) -> None:
    if db.target.kind != "sqlite":
        pytest.skip("worker threads open their own SQLite connection")
    build(db)
    view = _view(qtbot, db.admin)
    out = tmp_path / "r.json"
    scripted.file_answers.append(str(out))
    view.export_json()
    qtbot.waitUntil(lambda: any(c[0] in ("info", "error") for c in scripted.calls), timeout=20000)
    assert scripted.calls[-1][0] == "info", scripted.calls
    assert json.loads(out.read_text("utf-8"))["applications"]["2"]["total"] == 2
