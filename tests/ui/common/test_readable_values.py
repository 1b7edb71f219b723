"""Readable values: outcomes with their names, topics without backslashes, no database ids in
any column, and the audit log in words."""

from __future__ import annotations

import datetime as dt

from app_helpers import new_app
from PySide6.QtCore import Qt

from disclosure_desk.services.admin import audit as audit_service
from disclosure_desk.services.admin import words as audit_words
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.ui.applications.view import ApplicationsView
from disclosure_desk.ui.shell.main_window import MainWindow


def test_outcome_column_reads_code_and_name_with_the_full_text_as_tooltip(db, qtbot) -> None:
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "3.5.2")
    view = ApplicationsView(db.admin)
    qtbot.addWidget(view)
    view.refresh()
    col = [view.model.columns[i].title for i in range(len(view.model.columns))].index("办理结果")
    index = view.model.index(0, col)
    assert view.model.data(index) == "3.5.2 重复申请"
    tip = view.model.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "本机关已就同一内容作出答复" in tip and "第三十六条第（六）项" in tip


def test_audit_log_in_words(db, qtbot) -> None:
    officer = db.user("zhang", "officer")  # signs in: an audit row
    app_id = new_app(db.admin, dt.date(2025, 9, 1), name="王五")
    svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "3.1")
    rows = audit_service.entries(db.admin)
    texts = audit_words.describe(rows)
    joined = [(t.who, t.what, t.record) for t in texts]
    reg_no = next(t.record for t in texts if t.what == "登记申请")
    assert reg_no.startswith("申请 ") and "申〔2025〕" in reg_no
    assert any(what == "登录" and who.endswith("（zhang）") for who, what, _r in joined)
    assert officer.login == "zhang"
    for t in texts:
        assert "application." not in t.what and "{" not in t.changes, t


def test_changes_text_is_field_old_new() -> None:
    before = '{"status": "草稿", "title": "甲", "topic": "综合政务\\\\参事、文史"}'
    after = '{"status": "待审", "title": "甲", "topic": "综合政务\\\\其他"}'
    assert audit_words.changes_text(before, after) == (
        "状态：草稿 → 待审；主题分类：综合政务 › 参事、文史 → 综合政务 › 其他"
    )


def test_no_column_shows_a_database_id(db, qtbot) -> None:
    window = MainWindow(db.admin)
    qtbot.addWidget(window)
    window.show_view("settings")
    audit = window.views["settings"].pages["audit"]
    audit.refresh()
    headers = [audit.model.columns[i].title for i in range(len(audit.model.columns))]
    assert "序号" not in headers and "ID" not in headers
    record_col = headers.index("记录")
    values = [
        audit.model.data(audit.model.index(r, record_col)) for r in range(audit.model.rowCount())
    ]
    assert values and not any(v.split()[-1].isdigit() for v in values if v), values
