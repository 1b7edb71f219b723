"""English mode for sentences built around data: the case view's deadline lines, the dashboard's
to-do labels, publish blockers and service errors. Only data (names, numbers) may stay Chinese."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from app_helpers import new_app

from disclosure_desk import i18n
from disclosure_desk.domain.errors import InputError
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.common.calendar import clock_words
from disclosure_desk.services.dashboard import todos as reports_todo
from disclosure_desk.ui.applications.case import CaseDialog
from disclosure_desk.ui.common import dialogs

CJK = re.compile(r"[\u4e00-\u9fff]")
RECEIVED = dt.date(2025, 9, 1)  # Monday; the 20th working day is Sunday 2025-09-28 (调休)
DUE = "2025-09-28"


def _case(qtbot, actor, app_id, today):
    dialogs.use(dialogs.ScriptedDialogs())
    dlg = CaseDialog(actor, app_id, today=today)
    qtbot.addWidget(dlg)
    return dlg


def test_domain_clock_labels_are_rebuilt_in_english(english) -> None:
    assert clock_words("剩余 3 个工作日") == "3 working days left"
    assert clock_words("已超期 12 个工作日") == "Overdue by 12 working days"
    assert clock_words("暂停中（已用 5 个工作日）") == "Paused (5 working days used)"
    assert clock_words("今日到期") == "Due today"
    assert (
        clock_words("缺少 2031 年节假日数据，无法计算")
        == "No holiday data for 2031; cannot compute"
    )


def test_clock_labels_stay_chinese_in_chinese_mode() -> None:
    assert i18n.language() == "zh_CN"
    assert clock_words("剩余 3 个工作日") == "剩余 3 个工作日"
    assert i18n.tr("收到申请：{day}（{channel}）").format(day="2025-09-01", channel="信函") == (
        "收到申请：2025-09-01（信函）"
    )


def test_case_view_speaks_english_around_the_data(db, qtbot, english) -> None:
    app_id = new_app(db.admin, RECEIVED)
    dlg = _case(qtbot, db.admin, app_id, dt.date(2025, 9, 28))
    assert dlg.banner.text() == f"【In progress】　Due today　Reply due {DUE}"
    due = dlg.due_label.text()
    assert "Reply due: 2025-09-28" in due
    assert "Now: Due today" in due
    assert "(if an extension is approved)" in due
    assert dlg.windowTitle().startswith("Application ")
    steps = [dlg.explain.item(i).text() for i in range(dlg.explain.count())]
    assert steps[0] == "2025-09-01　Application received (the day of receipt is not counted)"
    assert "2025-09-06　Weekend, not counted" in steps
    assert f"{DUE}　Reply due: working day 20" in steps
    assert not [s for s in steps if CJK.search(s)]
    assert not CJK.search(dlg.due_label.text().replace(dlg.detail.channel, ""))
    late = _case(qtbot, db.admin, app_id, dt.date(2025, 10, 13))
    assert re.fullmatch(
        r"【In progress】　Overdue by \d+ working days　Reply due 2025-09-28", late.banner.text()
    )


def test_case_view_is_unchanged_in_chinese(db, qtbot) -> None:
    app_id = new_app(db.admin, RECEIVED)
    dlg = _case(qtbot, db.admin, app_id, dt.date(2025, 9, 28))
    assert dlg.banner.text() == f"【办理中】　今日到期　答复期限 {DUE}"
    assert f"答复期限：{DUE}" in dlg.due_label.text()


def test_dashboard_todo_labels_are_english(db, english) -> None:
    new_app(db.admin, RECEIVED)
    todos = reports_todo.todos(db.admin, dt.date(2025, 9, 26))
    labels = [t.label for t in todos.rows if t.kind == "application_due"]
    assert labels, "the open application is listed"
    assert all(
        re.fullmatch(r"\d+ working days left|Due today|Overdue by \d+ working days", x)
        for x in labels
    )


def test_service_errors_are_english(db, english) -> None:
    with pytest.raises(InputError) as err:
        svc.check_identity("natural_person", "110101199001011234")
    assert str(err.value).startswith("The ID card number “110101199001011234” is not valid")
    with pytest.raises(InputError) as err:
        svc.record_reply(db.admin, new_app(db.admin, RECEIVED), dt.date(2025, 9, 10), "")
    assert not CJK.search(str(err.value))


def test_sign_in_and_backup_errors_are_english(db, english, tmp_path) -> None:
    from disclosure_desk.domain.errors import PermissionDenied
    from disclosure_desk.services.admin import backups
    from disclosure_desk.services.common import auth, workstation

    with pytest.raises(PermissionDenied) as err:
        auth.sign_in("admin", "not-the-password")
    assert str(err.value) == "Wrong user name or password."
    with pytest.raises(InputError) as err:
        backups.restore_from(db.admin, tmp_path / "missing.db")
    assert not CJK.search(str(err.value))
    assert backups.kind_label("daily") == "Daily automatic backup"
    assert workstation.where("x.db").source == "command-line option --db"


def test_sign_in_error_is_unchanged_in_chinese(db) -> None:
    from disclosure_desk.domain.errors import PermissionDenied
    from disclosure_desk.services.common import auth

    with pytest.raises(PermissionDenied) as err:
        auth.sign_in("admin", "not-the-password")
    assert str(err.value) == "用户名或密码错误。"


def test_finding_places_and_quarter_headers_in_english():
    from types import SimpleNamespace

    from disclosure_desk.ui.reviews.view import _finding_place

    i18n.set_language("en")
    try:
        assert (
            _finding_place(SimpleNamespace(source="名单.pdf", location="第3页"))
            == "名单.pdf · page 3"
        )
        assert (
            _finding_place(SimpleNamespace(source="通知.docx", location="页眉"))
            == "通知.docx · header"
        )
        assert (
            _finding_place(SimpleNamespace(source="表.xlsx", location="低保!C2"))
            == "表.xlsx · 低保!C2"
        )
        assert (
            i18n.tr_from("2026年第4季度（截至 11-30）", "{label}（截至 {day}）", "{y}年第{q}季度")
            == "2026 Q4 (up to 11-30)"
        )
    finally:
        i18n.set_language("zh_CN")
    assert (
        _finding_place(SimpleNamespace(source="名单.pdf", location="第3页")) == "名单.pdf · 第3页"
    )


def test_case_history_applicant_type_and_outcome_are_english(db, qtbot, english) -> None:
    """The docket is stored in Chinese (the case file) and shown in English; so are the stored
    applicant type, channel and the table 三 outcome."""
    from disclosure_desk.store.models import ApplicationEvent

    app_id = new_app(db.admin, RECEIVED, ident="", applicant_type="other_org")
    svc.request_correction(db.admin, app_id, dt.date(2025, 9, 3), deadline=dt.date(2025, 9, 12))
    svc.receive_correction(db.admin, app_id, dt.date(2025, 9, 5))
    svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "3.1")
    stored = [
        e.detail for e in ApplicationEvent.select().where(ApplicationEvent.application == app_id)
    ]
    assert stored[:2] == ["当面收到申请", "一次性告知需要补正的事项；补正期限至 2025-09-12"]
    assert stored[-1] == "3.1 予以公开"
    dlg = _case(qtbot, db.admin, app_id, dt.date(2025, 9, 28))
    rows = [
        [dlg.timeline.item(r, c).text() for c in range(3)] for r in range(dlg.timeline.rowCount())
    ]
    assert rows[0][1:] == ["Received", "Received (In person)"]
    assert rows[1][2].startswith(
        "Told the applicant, in one notice, everything to correct; correction due by 2025-09-12"
    )
    assert rows[-1][2] == "3.1 Disclosed"
    assert "Applicant type: Other org." in dlg.particulars.text()
    assert "Outcome: 3.1 Disclosed" in dlg.particulars.text()
    data = ("2024年区级财政预算执行情况", dlg.detail.unit_name)
    assert not CJK.search(dlg.particulars.text().replace(data[0], "").replace(data[1], ""))


def test_duty_rules_are_described_in_english(english) -> None:
    from disclosure_desk.domain import duties
    from disclosure_desk.ui.settings.duties import rule_words

    art26 = next(r for r in duties.DEFAULT_RULES if r.code == "art26")
    assert rule_words(art26) == (
        "Proactively disclosed information: published within 20 working days of being made"
        " or changed"
    )
    i18n.set_language("zh_CN")
    assert rule_words(art26) == art26.describe()


def test_audit_changes_show_stored_values_in_english(english) -> None:
    from disclosure_desk.services.admin import words

    before = '{"status": "draft", "secrecy": "非密", "validity": "有效"}'
    after = '{"status": "pending", "secrecy": "内部", "validity": "废止"}'
    assert words.changes_text(before, after) == (
        "Status: Draft → Awaiting review; Classification: Not classified → Internal; "
        "Validity: In force → Repealed"
    )
    i18n.set_language("zh_CN")
    assert words.changes_text(before, after) == (
        "状态：草稿 → 待审；密级：非密 → 内部；有效性：有效 → 废止"
    )
