"""Applications view and case dialog: live clock labels, filters, the acceptance case's due dates
(same in the GUI, the CLI `deadline` JSON and the letters), workflow buttons, registration."""

from __future__ import annotations

import datetime as dt
import io
import json

import pdfplumber
import pytest
from app_helpers import (
    CORRECTED,
    EXPECTED_DUE,
    EXPECTED_EXTENDED_DUE,
    PAUSE_END,
    PAUSE_START,
    RECEIVED,
    acceptance_case,
    new_app,
    set_letter_contact,
    valid_id,
)

from disclosure_desk.cli import main as cli_main
from disclosure_desk.reports.letters import cn_date
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.common import setup
from disclosure_desk.store.models import Application
from disclosure_desk.ui.applications.case import CaseDialog
from disclosure_desk.ui.applications.events import EventDialog, to_qdate
from disclosure_desk.ui.applications.register import RegisterDialog
from disclosure_desk.ui.applications.view import ApplicationsView
from disclosure_desk.ui.common import dialogs


@pytest.fixture(autouse=True)
def _cli_signs_in(monkeypatch):
    """The CLI calls here sign in as the fixture administrator (no implicit operator)."""
    monkeypatch.setenv("DISCLOSURE_DESK_USER", "admin")
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "Admin@2026")


def test_due_dates_same_in_gui_cli_and_letters(db, qtbot, capsys, monkeypatch, tmp_path):
    dialogs.use(dialogs.ScriptedDialogs())
    app_id = acceptance_case(db.admin)
    dlg = CaseDialog(db.admin, app_id, today=dt.date(2025, 10, 10))
    qtbot.addWidget(dlg)
    gui = dlg.due_label.text()
    # CLI `deadline` with the same inputs (holiday table of this database).
    monkeypatch.setenv("DISCLOSURE_DESK_DB", str(db.path) if db.path else db.target.url)
    code = cli_main(
        [
            "deadline",
            "--received",
            RECEIVED.isoformat(),
            "--corrected",
            CORRECTED.isoformat(),
            "--pause",
            PAUSE_START.isoformat(),
            PAUSE_END.isoformat(),
            "--extended",
            "--json",
        ]
    )
    assert code == 0
    setup.open_target(db.target)  # the CLI closes the database when it finishes
    cli = json.loads(capsys.readouterr().out)
    assert cli["due"] == EXPECTED_DUE.isoformat()
    assert cli["extended_due"] == EXPECTED_EXTENDED_DUE.isoformat()
    assert f"答复期限：{cli['due']}" in gui
    assert f"延期后答复期限：{cli['extended_due']}" in gui
    assert f"答复期限起算：{cli['clock_start']}" in gui
    assert f"补正告知期限：{cli['correction_notice_due']}" in gui
    assert f"暂停不计入的工作日：{len(cli['excluded_working_days'])} 天" in gui
    # The letter printed from the case view.
    out = tmp_path / "ext.pdf"
    dialogs.current.file_answers.append(str(out))
    set_letter_contact(db.admin)
    dlg.print_letter("extension")
    with pdfplumber.open(io.BytesIO(out.read_bytes())) as pdf:
        text = "".join(p.extract_text().replace("\n", "") for p in pdf.pages)
    assert cn_date(dt.date.fromisoformat(cli["due"])) in text
    assert cn_date(dt.date.fromisoformat(cli["extended_due"])) in text
    assert "延期答复告知书" in dlg.letters_label.text()
    # Timeline and explanation are there; the extension button is off after the extension.
    assert dlg.timeline.rowCount() == 6
    assert any("国庆节" in dlg.explain.item(i).text() for i in range(dlg.explain.count()))
    assert not dlg.event_buttons["extension"].isEnabled()
    assert dlg.event_buttons["reply"].isEnabled()
    assert not dlg.event_buttons["archive"].isEnabled()


def test_view_lists_live_clock_and_filters(db, qtbot):
    open_id = new_app(db.admin, dt.date(2025, 9, 15), name="开放案件")
    paused = new_app(db.admin, dt.date(2025, 9, 1), name="暂停案件")
    svc.start_consultation(db.admin, paused, dt.date(2025, 9, 5), "third_party", "某公司")
    done = new_app(db.admin, dt.date(2025, 9, 1), name="已答复案件")
    svc.record_reply(db.admin, done, dt.date(2025, 9, 10), "3.1")
    view = ApplicationsView(db.admin)
    qtbot.addWidget(view)
    view.today = dt.date(2025, 10, 10)
    view.refresh()
    labels = {r.applicant_name: r.clock_label for r in view.model.rows}
    assert labels["暂停案件"].startswith("暂停中")
    assert labels["开放案件"].startswith("剩余 ")
    assert labels["已答复案件"] == "—"
    assert view.count.text() == "共 3 件"
    view.status.setCurrentIndex(view.status.findData("open"))
    assert {r.id for r in view.model.rows} == {open_id, paused}
    view.search.setText("暂停")
    view.refresh()
    assert [r.id for r in view.model.rows] == [paused]


def test_overdue_label(db, qtbot):
    new_app(db.admin, dt.date(2025, 9, 1), name="超期案件")
    view = ApplicationsView(db.admin)
    qtbot.addWidget(view)
    view.today = dt.date(2025, 11, 3)
    view.refresh()
    assert view.model.rows[0].clock_label.startswith("已超期 ")


def test_register_dialog_shows_rule_and_validates(db, qtbot):
    dialogs.use(scripted := dialogs.ScriptedDialogs())
    dlg = RegisterDialog(db.admin, today=dt.date(2025, 9, 1))
    qtbot.addWidget(dlg)
    dlg.channel.setCurrentIndex(dlg.channel.findData("post"))
    assert "签收" in dlg.rule.text()
    dlg.name.setText("周八")
    dlg.ident.setText("330102199003071239")
    dlg._accept()
    assert scripted.calls and scripted.calls[-1][0] == "error"
    assert dlg.app_id is None
    dlg.ident.setText(valid_id(9))
    dlg.content.setPlainText("某路段改造招标文件")
    dlg._accept()
    app = Application.get_by_id(dlg.app_id)
    assert (app.channel, app.received_on, app.applicant_name) == (
        "邮寄",
        dt.date(2025, 9, 1),
        "周八",
    )


def test_event_dialog_reply_requires_outcome(db, qtbot):
    dialogs.use(scripted := dialogs.ScriptedDialogs())
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    dlg = EventDialog(db.admin, app_id, "reply", "registered", dt.date(2025, 9, 10))
    qtbot.addWidget(dlg)
    dlg._accept()
    assert "办理结果" in scripted.calls[-1][2]
    dlg.outcome.set_code("3.4.1")
    assert "非本机关负责公开" in dlg.outcome.explanation.text()
    dlg.day.setDate(to_qdate(dt.date(2025, 9, 10)))
    dlg._accept()
    assert Application.get_by_id(app_id).outcome_code == "3.4.1"
