"""The 公开职责 view driven offscreen: its tables show what the services compute, exports write
real files, a training is recorded through the dialog, a rule is edited in settings."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from disclosure_desk.domain.review_workflow import PUBLISHED
from disclosure_desk.services.duties import monitoring as duties
from disclosure_desk.store.models import AuditEntry, Item, TrainingSession, Unit
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.duties.view import DutiesView, TrainingDialog, last_complete_month
from disclosure_desk.ui.settings.duties import DutiesTab, RuleDialog

D = dt.date


@pytest.fixture
def scripted():
    previous = dialogs.current
    d = dialogs.use(dialogs.ScriptedDialogs())
    yield d
    dialogs.use(previous)


@pytest.fixture
def view(db, qtbot, scripted):
    db.unit("EDU", "区教育局")
    edu = Unit.get(Unit.code == "EDU").id
    for n, (pub, title) in enumerate(
        [
            (D(2025, 10, 13), "行政处罚决定书（2025）1号"),
            (D(2025, 10, 20), "行政处罚决定书（2025）2号"),
        ],
        1,
    ):
        Item.create(
            index_no=f"V/{n}",
            title=title,
            unit=edu,
            formed_on=D(2025, 9, 26),
            published_on=pub,
            status=PUBLISHED,
            genre="通知",
        )
    v = DutiesView(db.admin)
    qtbot.addWidget(v)
    v.resize(1280, 720)
    v.show()
    v.monitor.year.setValue(2025)
    v.monitor.month.setValue(10)
    v.refresh()
    return v


def test_last_complete_month():
    assert last_complete_month(D(2026, 11, 30)) == (2026, 10)
    assert last_complete_month(D(2026, 1, 5)) == (2025, 12)


def test_monitor_tab_matches_the_service(db, view):
    sheet = duties.monitor(db.admin, 2025, 10)
    model = view.monitor.units
    shown = {
        model.rows[r].unit_name: (model.rows[r].tally.due, model.rows[r].tally.late)
        for r in range(model.rowCount())
    }
    assert shown == {line.unit_name: (line.tally.due, line.tally.late) for line in sheet.lines}
    # penalty decision 2 was published after its 10-13 due day
    problems = view.monitor.problems
    late = [
        problems.rows[r][1].ref
        for r in range(problems.rowCount())
        if problems.rows[r][2] == "逾期完成"
    ]
    assert "V/2" in late and "V/1" not in late


def test_exports_write_pdf_and_docx(view, scripted, tmp_path):
    pdf, docx = tmp_path / "m.pdf", tmp_path / "m.docx"
    scripted.file_answers += [str(pdf), str(docx)]
    view.monitor.export("pdf")
    view.monitor.export("docx")
    assert pdf.read_bytes().startswith(b"%PDF") and docx.read_bytes()[:2] == b"PK"
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        text = "".join(p.extract_text() or "" for p in doc.pages)
    assert "区教育局" in text and "2025年10月政务公开职责监测表" in text.replace("\n", "")


def test_training_dialog_records_and_refuses_bad_input(db, view, qtbot):
    dlg = TrainingDialog(db.admin, view)
    qtbot.addWidget(dlg)
    dlg.save()  # no subject
    assert not dlg.message.isHidden() and "主题" in dlg.message.text()
    dlg.title.setText("条例专题培训")
    dlg.names.setPlainText("张三、李四")
    dlg.hours.setValue(2)
    dlg.save()
    row = TrainingSession.get()
    assert (row.title, row.attendees, float(row.hours)) == ("条例专题培训", 2, 2.0)


def test_rule_dialog_saves_a_new_version(db, qtbot):
    tab = DutiesTab(db.admin)
    qtbot.addWidget(tab)
    tab.refresh()
    rule = next(r.rule for r in duties.rule_rows() if r.rule.code == "licence_7")
    dlg = RuleDialog(db.admin, rule)
    qtbot.addWidget(dlg)
    dlg.days.setValue(5)
    dlg.save()
    assert next(r for r in duties.rule_rows() if r.rule.code == "licence_7").version == 1
    entry = AuditEntry.select().where(AuditEntry.action == "duty.save").get()
    assert json.loads(entry.after)["days"] == 5
    officer_tab = DutiesTab(db.user("o1", "officer"))
    qtbot.addWidget(officer_tab)
    from PySide6.QtWidgets import QPushButton

    buttons = officer_tab.findChildren(QPushButton)
    assert buttons and all(not b.isEnabled() for b in buttons)
    assert "系统管理员" in buttons[0].toolTip()


def test_training_summary_goes_into_section_five(db, qtbot):
    from disclosure_desk.services.duties import records as duties_records
    from disclosure_desk.ui.reporting.view import ReportsView

    root = Unit.get(Unit.code == "ROOT").id
    duties_records.add_training(
        db.admin, root, "session", "条例培训", D(2025, 5, 20), 2, attendees=12
    )
    view = ReportsView(db.admin)
    qtbot.addWidget(view)
    view.year.setValue(2025)
    view.editors["problems"].setPlainText("存在的主要问题：……")
    view.insert_training()
    view.insert_training()  # twice: added once
    text = view.editors["problems"].toPlainText()
    assert text == (
        "存在的主要问题：……\n2025年组织政府信息公开学习培训 1 次，累计 2 学时，参训 12 人次。"
    )


def test_handover_package_built_in_the_background_and_recorded(view, scripted, tmp_path):
    tab = view.handover
    tab.year.setValue(2025)
    out = tmp_path / "移交.zip"
    scripted.file_answers.append(str(out))
    tab.build_package()
    tab.task.wait()
    assert out.is_file() and tab.package is not None and tab.package.items == 2
    assert tab.package.sha256 in tab.status.text()
    tab.record()
    tab.refresh()
    assert tab.model.rowCount() == 1 and tab.model.rows[0].package_sha256 == tab.package.sha256


def test_dashboard_and_monitoring_sheet_agree_for_every_unit(db, qtbot, view, tmp_path):
    """The dashboard's 本月公开职责 group shows, per unit, the counts the monitoring sheet prints."""
    import re

    import pdfplumber

    from disclosure_desk.ui.dashboard.loader import this_month_duties
    from disclosure_desk.ui.dashboard.view import DashboardView

    today = dt.date.today()
    root = Unit.get(Unit.code == "ROOT").id
    # Something due this month for the root unit: a penalty decision formed two working weeks ago.
    Item.create(
        index_no="V/9",
        title="行政处罚决定书（2026）9号",
        unit=root,
        formed_on=today - dt.timedelta(days=12),
        status="draft",
        genre="通知",
    )
    dash = DashboardView(db.admin)
    qtbot.addWidget(dash)
    dash.refresh(sync=True)
    sheet = this_month_duties(db.admin, today)
    pdf = tmp_path / "m.pdf"
    pdf.write_bytes(duties.monitor_pdf(sheet))
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    assert len(dash.duty_lines) == len(sheet.lines) >= 2
    for unit, (due, met, late, missing, pending) in dash.duty_lines.items():
        printed = re.search(re.escape(unit) + r"\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", text)
        assert printed is not None, unit
        assert tuple(int(x) for x in printed.groups()) == (due, met, late, missing, pending), unit
