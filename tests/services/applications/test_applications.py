"""Application case service: registration, numbering, events, reply rules, fees, queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

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
    root_id,
    valid_id,
    valid_uscc,
)

from disclosure_desk.domain.clocks import Pause, compute_application_clocks
from disclosure_desk.domain.errors import InputError, PermissionDenied, WorkflowError
from disclosure_desk.domain.workcal import WorkCalendar
from disclosure_desk.services.applications import appeals
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.applications import query as q
from disclosure_desk.store.models import Application, ApplicationEvent, AuditEntry, User


def test_registration_numbers_are_per_unit_and_year_gap_free(db):
    other = db.unit("EDU", "区教育局")
    svc.set_reg_pattern(db.admin, "{unit_short}申〔{year}〕{serial}号")
    a = new_app(db.admin, dt.date(2025, 3, 1))
    b = new_app(db.admin, dt.date(2025, 4, 1))
    c = new_app(db.admin, dt.date(2025, 4, 1), unit_id=other)
    d = new_app(db.admin, dt.date(2026, 1, 5))
    nos = {i: Application.get_by_id(i).reg_no for i in (a, b, c, d)}
    short = Application.get_by_id(a).unit.short_name or Application.get_by_id(a).unit.name
    assert nos[a] == f"{short}申〔2025〕1号"
    assert nos[b] == f"{short}申〔2025〕2号"
    assert nos[c] == "区教育局申〔2025〕1号"
    assert nos[d] == f"{short}申〔2026〕1号"
    # A failed registration does not use up a number.
    with pytest.raises(InputError):
        new_app(db.admin, dt.date(2025, 5, 1), ident="110101199003071234")
    e = new_app(db.admin, dt.date(2025, 5, 1))
    assert Application.get_by_id(e).serial == 3


def test_unit_pattern_overrides_default(db):
    svc.set_reg_pattern(db.admin, "QS-{year}-{serial:04}", root_id())
    a = new_app(db.admin, dt.date(2025, 3, 1))
    assert Application.get_by_id(a).reg_no == "QS-2025-0001"
    with pytest.raises(InputError):
        svc.set_reg_pattern(db.admin, "QS-{year}")  # no serial


def test_identity_check_digits(db):
    good_id = valid_id(77)
    wrong = good_id[:-1] + ("0" if good_id[-1] != "0" else "1")
    with pytest.raises(InputError, match="身份证号码"):
        new_app(db.admin, ident=wrong)
    with pytest.raises(InputError, match="统一社会信用代码"):
        new_app(db.admin, applicant_type="commercial", name="某公司", ident="91330100MA27XYB120")
    good = valid_uscc()
    app_id = new_app(db.admin, applicant_type="commercial", name="某公司", ident=good.lower())
    assert Application.get_by_id(app_id).id_number == good


def test_acceptance_case_clocks_follow_section_2_2(db):
    app_id = acceptance_case(db.admin)
    detail = q.case_detail(db.admin, app_id, today=dt.date(2025, 10, 10))
    expected = compute_application_clocks(
        WorkCalendar(), RECEIVED, CORRECTED, [Pause(PAUSE_START, PAUSE_END)], True
    )
    assert detail.clocks.clock_start == CORRECTED
    assert detail.clocks.due == expected.due == EXPECTED_DUE
    assert detail.clocks.extended_due == expected.extended_due == EXPECTED_EXTENDED_DUE
    assert detail.clocks.excluded_working_days == expected.excluded_working_days
    assert len(detail.clocks.excluded_working_days) == 7
    assert detail.status == "registered"
    assert "extension" not in detail.allowed_events
    kinds = [e.kind for e in detail.events]
    assert kinds == [
        "receipt",
        "correction_requested",
        "correction_received",
        "consultation_start",
        "consultation_end",
        "extension",
    ]


def test_open_pause_freezes_and_list_shows_paused(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    svc.start_consultation(db.admin, app_id, dt.date(2025, 9, 5), "other_body", "区财政局")
    rows = q.list_applications(db.admin, today=dt.date(2025, 9, 20))
    row = next(r for r in rows if r.id == app_id)
    assert row.clock_kind == "paused"
    assert row.clock_label == "暂停中（已用 4 个工作日）"
    assert row.due is None
    with pytest.raises(WorkflowError):
        svc.record_reply(db.admin, app_id, dt.date(2025, 9, 22), "3.1")


def test_reply_rules(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    with pytest.raises(InputError, match="办理结果"):
        svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "")
    with pytest.raises(InputError, match="早于"):
        svc.record_reply(db.admin, app_id, dt.date(2025, 8, 31), "3.1")
    with pytest.raises(InputError):
        svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "3.9")
    svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "3.4.1")
    app = Application.get_by_id(app_id)
    assert (app.status, app.outcome_code, app.replied_on) == (
        "replied",
        "3.4.1",
        dt.date(2025, 9, 10),
    )
    assert "第三十六条" in app.outcome_ground
    with pytest.raises(WorkflowError, match="不能重复答复"):
        svc.record_reply(db.admin, app_id, dt.date(2025, 9, 11), "3.1")
    assert Application.get_by_id(app_id).outcome_code == "3.4.1"
    assert (
        ApplicationEvent.select()
        .where((ApplicationEvent.application == app_id) & (ApplicationEvent.kind == "reply"))
        .count()
        == 1
    )


def test_reply_not_before_corrected_application(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    svc.request_correction(db.admin, app_id, dt.date(2025, 9, 2))
    svc.receive_correction(db.admin, app_id, dt.date(2025, 9, 10))
    with pytest.raises(InputError):
        svc.record_reply(db.admin, app_id, dt.date(2025, 9, 9), "3.1")


def test_extension_once_and_recorded_as_the_approving_account(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    svc.approve_extension(db.admin, app_id, dt.date(2025, 9, 20), "需要检索档案")
    with pytest.raises(WorkflowError, match="只能一次"):
        svc.approve_extension(db.admin, app_id, dt.date(2025, 9, 22))
    app = Application.get_by_id(app_id)
    assert app.extension_approved_by_id == db.admin.user_id
    assert app.extension_approver == (User.get_by_id(db.admin.user_id).name or "admin")


def test_extension_refused_after_due_date(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    with pytest.raises(WorkflowError, match="届满"):
        svc.approve_extension(db.admin, app_id, dt.date(2025, 12, 1))


def test_reviewer_cannot_register(db):
    reviewer = db.user("rev1", "reviewer")
    with pytest.raises(PermissionDenied):
        new_app(reviewer)


def test_fee_per_application_45th_is_300_and_month_total_5500(db):
    ident = valid_id(555)
    ids = [
        new_app(
            db.admin,
            dt.date(2025, 3, 1 + i % 28),
            name="高频申请人",
            ident=ident,
            content=f"第{i}号文件",
        )
        for i in range(45)
    ]
    # Order within the month is by receipt date then registration.
    ordered = sorted(ids, key=lambda i: (Application.get_by_id(i).received_on, i))
    last = ordered[-1]
    assert q.month_position(Application.get_by_id(last)) == (45, 45)
    assert svc.fee_quote(Application.get_by_id(last), "per_application").amount_yuan == 300
    assert svc.month_fee_total(last).amount_yuan == 5500
    assert "5,500" in svc.month_fee_total(last).explanation
    total = sum(svc.fee_quote(Application.get_by_id(i), "per_application").amount_yuan for i in ids)
    assert total == 5500
    svc.issue_fee_notice(db.admin, last, dt.date(2025, 4, 1), "per_application")
    assert Application.get_by_id(last).fee_amount == Decimal(300)
    # A different applicant in the same month starts from 1 (free).
    other = new_app(db.admin, dt.date(2025, 3, 5), name="李四", ident=valid_id(556))
    with pytest.raises(InputError, match="无需"):
        svc.issue_fee_notice(db.admin, other, dt.date(2025, 3, 6), "per_application")


def test_fee_per_page_250_pages_4700_pause_and_payment(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    svc.issue_fee_notice(db.admin, app_id, dt.date(2025, 9, 5), "per_page", 250)
    app = Application.get_by_id(app_id)
    assert (app.fee_method, app.fee_amount, app.status) == (
        "per_page",
        Decimal(4700),
        "awaiting_fee",
    )
    detail = q.case_detail(db.admin, app_id, today=dt.date(2025, 9, 8))
    assert detail.clocks.paused
    with pytest.raises(WorkflowError):
        svc.issue_fee_notice(db.admin, app_id, dt.date(2025, 9, 6), "per_application")
    svc.record_fee_paid(db.admin, app_id, dt.date(2025, 9, 12))
    app = Application.get_by_id(app_id)
    assert (app.fee_collected, app.status, app.fee_paid_on) == (
        Decimal(4700),
        "registered",
        dt.date(2025, 9, 12),
    )
    detail = q.case_detail(db.admin, app_id, today=dt.date(2025, 9, 15))
    expected = compute_application_clocks(
        WorkCalendar(),
        dt.date(2025, 9, 1),
        None,
        [Pause(dt.date(2025, 9, 5), dt.date(2025, 9, 12), "fee")],
    )
    assert detail.clocks.due == expected.due
    assert q.year_fee_total(db.admin, 2025) == (1, 4700.0)


def test_unpaid_fee_past_due_proposes_3_6_2(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    svc.issue_fee_notice(db.admin, app_id, dt.date(2025, 9, 2), "per_page", 40)
    detail = q.case_detail(db.admin, app_id, today=dt.date(2025, 11, 20))
    assert any("3.6.2" in p for p in detail.proposals)
    with pytest.raises(WorkflowError):
        svc.record_reply(db.admin, app_id, dt.date(2025, 11, 20), "3.1")
    svc.record_reply(db.admin, app_id, dt.date(2025, 11, 20), "3.6.2")
    assert Application.get_by_id(app_id).status == "replied"


def test_repeat_detection_flags_earlier_similar_cases(db):
    ident = valid_id(321)
    first = new_app(
        db.admin,
        dt.date(2025, 3, 1),
        name="王五",
        ident=ident,
        content="2024年城关街道老旧小区改造资金使用明细",
    )
    new_app(db.admin, dt.date(2025, 3, 2), name="王五", ident=ident, content="义务教育招生入学政策")
    later = new_app(
        db.admin,
        dt.date(2025, 5, 1),
        name="王五",
        ident=ident,
        content="2024年城关街道老旧小区改造资金的使用明细",
    )
    similar = q.similar_cases(Application.get_by_id(later))
    assert [s.id for s in similar] == [first]
    detail = q.case_detail(db.admin, later, today=dt.date(2025, 5, 2))
    assert any("3.5.2" in p for p in detail.proposals)
    assert q.similar_cases(Application.get_by_id(later), window_days=30) == []


def test_list_filters_and_search(db):
    other = db.unit("EDU", "区教育局")
    a = new_app(db.admin, dt.date(2025, 9, 1), name="赵六", content="学区划分")
    b = new_app(
        db.admin,
        dt.date(2025, 9, 15),
        name="钱七",
        unit_id=other,
        applicant_type="research",
        ident=valid_uscc(),
    )
    svc.record_reply(db.admin, a, dt.date(2025, 9, 5), "3.3.1")
    today = dt.date(2025, 10, 10)
    ids = lambda f: [r.id for r in q.list_applications(db.admin, f, today=today)]  # noqa: E731
    assert ids(q.ApplicationFilter(unit_id=other)) == [b]
    assert ids(q.ApplicationFilter(status="open")) == [b]
    assert ids(q.ApplicationFilter(outcome="3.3")) == [a]
    assert ids(q.ApplicationFilter(applicant_type="research")) == [b]
    assert ids(q.ApplicationFilter(search="学区")) == [a]
    assert ids(q.ApplicationFilter(year=2024)) == []
    # b received 2025-09-15: due 2025-10-20+; within 5 working days of 10-10 → no; within 10 → yes.
    due_b = next(r for r in q.list_applications(db.admin, today=today) if r.id == b).due
    assert due_b == compute_application_clocks(WorkCalendar(), dt.date(2025, 9, 15)).due
    assert ids(q.ApplicationFilter(due_within=3)) == []
    assert ids(q.ApplicationFilter(due_within=10)) == [b]
    assert q.count_applications(db.admin, q.ApplicationFilter(due_within=10)) == 1
    row = q.list_applications(db.admin, q.ApplicationFilter(unit_id=other), today=today)[0]
    assert row.clock_label.startswith("剩余 ")


def test_officer_sees_only_own_unit(db):
    other = db.unit("EDU", "区教育局")
    new_app(db.admin, dt.date(2025, 9, 1))
    mine = new_app(db.admin, dt.date(2025, 9, 2), unit_id=other)
    officer = db.user("edu1", "officer", "EDU")
    assert [r.id for r in q.list_applications(officer)] == [mine]


def test_archive_and_appeals_nothing_deleted(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    with pytest.raises(WorkflowError):
        svc.archive(db.admin, app_id, dt.date(2025, 9, 2))
    svc.record_reply(db.admin, app_id, dt.date(2025, 9, 10), "3.3.4")
    appeal_id, _ = appeals.add_appeal(db.admin, app_id, "review", dt.date(2025, 10, 1))
    appeals.conclude_appeal(db.admin, appeal_id, "upheld", dt.date(2025, 11, 1))
    with pytest.raises(WorkflowError):
        appeals.conclude_appeal(db.admin, appeal_id, "corrected", dt.date(2025, 11, 2))
    svc.archive(db.admin, app_id, dt.date(2025, 9, 12))
    svc.add_note(db.admin, app_id, dt.date(2025, 9, 13), "补充：答复已邮寄送达")
    detail = q.case_detail(db.admin, app_id, today=dt.date(2025, 12, 1))
    assert detail.status == "archived"
    assert [a.result for a in detail.appeals] == ["upheld"]
    assert [e.kind for e in detail.events][-3:] == ["reply", "archive", "note"]
    actions = {e.action for e in AuditEntry.select()}
    assert {
        "application.register",
        "application.reply",
        "application.archive",
        "appeal.create",
    } <= actions


def test_only_a_leader_account_approves_an_extension(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    for login, roles in (("clerk", "officer"), ("checker", "reviewer"), ("sysadm", "admin")):
        actor = db.user(login, roles)
        with pytest.raises(PermissionDenied):
            svc.approve_extension(actor, app_id, dt.date(2025, 9, 20), "领导口头同意")
    assert not Application.get_by_id(app_id).extended
    leader = db.user("zhou", "supervisor")
    svc.approve_extension(leader, app_id, dt.date(2025, 9, 20))
    app = Application.get_by_id(app_id)
    assert (app.extended, app.extension_approved_by_id, app.extension_approver) == (
        True,
        leader.user_id,
        "zhou",
    )
    event = ApplicationEvent.get(
        (ApplicationEvent.application == app_id) & (ApplicationEvent.kind == "extension")
    )
    assert event.actor_id == leader.user_id and "经zhou同意" in event.detail


def test_an_import_cannot_record_an_extension_without_a_leader(db, tmp_path):
    from disclosure_desk.files import spreadsheet
    from disclosure_desk.services.applications import spreadsheets as applications_io

    path = tmp_path / "apps.csv"
    row = {
        "收到日期": "2025-09-01",
        "申请方式": "当面",
        "申请人类型": "自然人",
        "申请人": "李四",
        "申请内容": "公开某文件",
        "办理结果": "3.1",
        "答复日期": "2025-10-30",
        "是否延期": "是",
    }
    spreadsheet.write_table(
        path, applications_io.HEADERS, [[row.get(h, "") for h in applications_io.HEADERS]]
    )
    clerk = db.user("clerk", "officer")
    report = applications_io.import_applications(clerk, path)
    assert not report.ok and [(e.row, e.column) for e in report.errors] == [(2, "是否延期")]
    assert Application.select().count() == 0
    leader = db.user("zhou", "supervisor")
    assert applications_io.import_applications(leader, path).ok
    app = Application.get()
    assert (app.extended, app.extension_approved_by_id, app.extension_approver) == (
        True,
        leader.user_id,
        "zhou",
    )
