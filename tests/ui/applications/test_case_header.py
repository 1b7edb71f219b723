"""The case view opens with where the case stands: status, working days left (or 今日到期 /
已超期) and the binding date; a closed case says when and on which working day it was answered,
drops the extension line, and its empty appeals panel is folded away."""

from __future__ import annotations

import datetime as dt

from app_helpers import EXPECTED_EXTENDED_DUE, acceptance_case, new_app

from disclosure_desk.services.applications import cases as svc
from disclosure_desk.ui.applications.case import CaseDialog
from disclosure_desk.ui.common import dialogs

# Received Mon 2025-09-01: working days from 9-2; 9-28 (Sunday) is a 调休 working day, so the
# 20th working day is 2025-09-28 (counted by hand).
RECEIVED = dt.date(2025, 9, 1)
DUE = "2025-09-28"


def _dialog(qtbot, actor, app_id, today):
    dialogs.use(dialogs.ScriptedDialogs())
    dlg = CaseDialog(actor, app_id, today=today)
    qtbot.addWidget(dlg)
    return dlg


def test_open_case_header_shows_days_left_and_the_extended_due_date(db, qtbot) -> None:
    dlg = _dialog(qtbot, db.admin, acceptance_case(db.admin), dt.date(2025, 10, 10))
    text = dlg.banner.text()
    assert text.startswith("【办理中】　剩余 ") and "个工作日" in text
    assert text.endswith(f"答复期限 {EXPECTED_EXTENDED_DUE.isoformat()}")
    assert dlg.banner.property("state") == "ok"


def test_due_today_and_overdue(db, qtbot) -> None:
    app_id = new_app(db.admin, RECEIVED)
    today = _dialog(qtbot, db.admin, app_id, dt.date(2025, 9, 28))
    assert today.banner.text() == f"【办理中】　今日到期　答复期限 {DUE}"
    assert today.banner.property("state") == "due_today"
    late = _dialog(qtbot, db.admin, app_id, dt.date(2025, 10, 13))
    assert late.banner.text().startswith("【办理中】　已超期")
    assert late.banner.text().endswith(f"答复期限 {DUE}")
    assert late.banner.property("state") == "overdue"


def test_closed_case_says_when_and_on_which_working_day(db, qtbot) -> None:
    app_id = new_app(db.admin, RECEIVED)
    svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "3.1")
    dlg = _dialog(qtbot, db.admin, app_id, dt.date(2025, 11, 3))
    # 9-2 … 9-5 and 9-8 … 9-10: the 7th working day.
    assert dlg.banner.text() == "【已答复】　2025-09-10 已答复，第 7 个工作日答复"
    assert dlg.banner.property("state") == "closed"
    assert "延期后答复期限" not in dlg.due_label.text()
    assert dlg.appeals_toggle.text() == "行政复议和行政诉讼（无）"
    assert dlg.appeals.isHidden()
    dlg.appeals_toggle.click()
    assert not dlg.appeals.isHidden()


def test_reply_dialog_shows_the_whole_legal_guidance(db, qtbot) -> None:
    from PySide6.QtWidgets import QComboBox

    from disclosure_desk.ui.applications.events import EventDialog, OutcomePicker

    dialogs.use(dialogs.ScriptedDialogs())
    app_id = new_app(db.admin, RECEIVED)
    dlg = EventDialog(db.admin, app_id, "reply", "registered", dt.date(2025, 9, 10))
    qtbot.addWidget(dlg)
    dlg.show()
    picker = dlg.findChild(OutcomePicker)
    combo = picker.findChild(QComboBox)
    combo.setCurrentIndex(combo.findData("3.3.4"))  # three lines of guidance
    qtbot.wait(50)
    label = picker.explanation
    assert "第三方" in label.text() and "依据" in label.text()
    assert label.height() >= label.heightForWidth(label.width())  # nothing cut off
