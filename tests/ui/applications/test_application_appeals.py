"""Case view: register a 复议/诉讼 after the reply and record its result (维持/纠正/其他)."""

from __future__ import annotations

import datetime as dt

from app_helpers import new_app

from disclosure_desk.services.applications import cases as svc
from disclosure_desk.store.models import Appeal
from disclosure_desk.ui.applications.case import CaseDialog
from disclosure_desk.ui.applications.events import to_qdate
from disclosure_desk.ui.common import dialogs

TODAY = dt.date(2025, 11, 20)


def _case(actor, app_id, qtbot) -> CaseDialog:
    dlg = CaseDialog(actor, app_id, today=TODAY)
    qtbot.addWidget(dlg)
    return dlg


def test_register_and_conclude_appeal(db, qtbot):
    script = dialogs.use(dialogs.ScriptedDialogs())
    app_id = new_app(db.admin)
    dlg = _case(db.admin, app_id, qtbot)
    box = dlg.appeals
    assert not box.add_button.isEnabled() and "答复后" in box.hint.text()

    svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "3.1")
    dlg.reload()
    assert box.add_button.isEnabled() and not box.conclude_button.isEnabled()

    box.kind.setCurrentIndex(box.kind.findData("review"))
    box.filed.setDate(to_qdate(dt.date(2025, 9, 5)))  # before the reply: refused
    box.register()
    assert script.calls[-1][0] == "error" and "早于答复日期" in script.calls[-1][2]
    assert Appeal.select().count() == 0

    box.filed.setDate(to_qdate(dt.date(2025, 10, 8)))
    box.note.setText("区政府行政复议")
    box.register()
    appeal = Appeal.get()
    assert (appeal.kind, appeal.filed_on, appeal.note) == (
        "review",
        dt.date(2025, 10, 8),
        "区政府行政复议",
    )
    assert box.table.rowCount() == 1
    assert box.table.item(0, 0).text() == "行政复议" and box.table.item(0, 2).text() == "尚未审结"
    assert "appeal" in dlg.changes.tables
    assert box.conclude_button.isEnabled()  # the open appeal is selected

    box.result.setCurrentIndex(box.result.findData("corrected"))
    box.concluded.setDate(to_qdate(dt.date(2025, 11, 18)))
    script.confirm_answers.append(False)
    box.record_result()
    assert Appeal.get().result == ""
    script.confirm_answers.append(True)
    box.record_result()
    appeal = Appeal.get()
    assert (appeal.result, appeal.concluded_on) == ("corrected", dt.date(2025, 11, 18))
    assert box.table.item(0, 2).text() == "纠正" and box.table.item(0, 3).text() == "2025-11-18"
    assert not box.conclude_button.isEnabled() and "已登记结果" in box.hint.text()

    box.kind.setCurrentIndex(box.kind.findData("litigation_after_review"))
    box.filed.setDate(to_qdate(dt.date(2025, 11, 19)))
    box.register()
    assert box.table.rowCount() == 2 and box.table.item(1, 0).text() == "复议后起诉"
    assert box.table.currentRow() == 1  # the new, still open one


def test_conclusion_before_filing_is_refused(db, qtbot):
    script = dialogs.use(dialogs.ScriptedDialogs())
    app_id = new_app(db.admin)
    svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "3.1")
    dlg = _case(db.admin, app_id, qtbot)
    box = dlg.appeals
    box.kind.setCurrentIndex(box.kind.findData("litigation_direct"))
    box.filed.setDate(to_qdate(dt.date(2025, 10, 1)))
    box.register()
    box.concluded.setDate(to_qdate(dt.date(2025, 9, 30)))
    script.confirm_answers.append(True)
    box.record_result()
    assert script.calls[-1] == ("error", "操作未完成", "审结日期早于提起日期。")
    assert Appeal.get().result == ""


def test_reader_cannot_register(db, qtbot):
    dialogs.use(dialogs.ScriptedDialogs())
    app_id = new_app(db.admin)
    svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "3.1")
    reviewer = db.user("rev", "reviewer")
    dlg = _case(reviewer, app_id, qtbot)
    assert not dlg.appeals.add_button.isEnabled()
