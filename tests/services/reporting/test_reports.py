"""Annual report service: exact figures on a known data set, PDF text, drill-down, year lock."""

from __future__ import annotations

import io
from decimal import Decimal

import pdfplumber
import pytest
from reports_data import YEAR, build

from disclosure_desk.domain.annual import DATA_ROW_CODES, ROWS, SECTION_HEADINGS
from disclosure_desk.domain.errors import InputError, LockedYearError, PermissionDenied
from disclosure_desk.domain.outcomes import APPLICANT_TYPE_CODES, OUTCOME_CODES
from disclosure_desk.services.reporting import (
    annual as reports,
)
from disclosure_desk.services.reporting import (
    stats as reports_stats,
)
from disclosure_desk.services.reporting import (
    year_lock as reports_lock,
)
from disclosure_desk.store.models import AuditEntry


@pytest.fixture
def data(db):
    return build(db)


def test_annual_json_has_exact_figures(db, data) -> None:
    out = reports.annual_json(db.admin, YEAR)
    assert set(out) >= {"year", "unit", "proactive", "applications", "reviews_litigation", "fees"}
    assert out["year"] == YEAR and out["unit"] is None
    assert out["applications"] == data["applications"]
    assert out["reviews_litigation"] == data["reviews"]
    assert out["proactive"] == data["proactive"]
    assert out["fees"] == data["fees"]
    # The hand-made expectation itself balances: 1 + 2 = 3.7 + 4 in every column.
    apps = out["applications"]
    for c in (*APPLICANT_TYPE_CODES, "total"):
        assert apps["1"][c] + apps["2"][c] == apps["3.7"][c] + apps["4"][c]
    assert apps["1"]["total"] == 21 + 1 + 1 + 2 and apps["2"]["total"] == 2


def test_unit_scope_includes_descendants_only(db, data) -> None:
    out = reports.annual_json(db.admin, YEAR, "A")
    assert out["unit"] == "A" and out["unit_name"] == "区教育局"
    assert out["applications"]["1"]["total"] == 21  # every outcome case sits in A or A1
    assert out["applications"]["2"]["total"] == 2
    assert out["applications"]["4"]["total"] == 1
    assert out["proactive"]["licensing"] == 8
    assert out["proactive"]["fees_wan"] == 1.7346
    assert out["proactive"]["normative_documents"] == {"issued": 0, "repealed": 0, "in_force": 1}
    assert out["reviews_litigation"]["review"]["total"] == 4
    b = reports.annual_json(db.admin, YEAR, "B")
    assert b["reviews_litigation"]["review"]["total"] == 0
    assert b["applications"]["4"]["research"] == 1
    with pytest.raises(InputError, match="没有代码"):
        reports.annual_json(db.admin, YEAR, "NOPE")


def test_next_year_picks_up_carried_cases(db, data) -> None:
    out = reports.annual_json(db.admin, YEAR + 1)
    apps = out["applications"]
    assert apps["2"]["research"] == 1 and apps["3.2"]["research"] == 1
    assert apps["2"]["commercial"] == 1 and apps["4"]["commercial"] == 1
    assert apps["2"]["legal_service"] == 1
    assert apps["1"]["research"] == 1


def test_unit_officer_sees_only_own_unit(db, data) -> None:
    officer = db.user("off_a", "officer", "A")
    out = reports.annual_json(officer, YEAR)
    assert out["unit"] == "A" and out["applications"]["1"]["total"] == 21
    with pytest.raises(PermissionDenied):
        reports.annual_json(officer, YEAR, "B")


def _tables(pdf: bytes):
    out = []
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "".join("".join((p.extract_text() or "").split()) for p in doc.pages)
        for page in doc.pages:
            for t in page.extract_tables():
                out.append([[c.replace("\n", "") if c else c for c in row] for row in t])
    return text, out


def test_pdf_carries_the_same_figures_and_every_label(db, data) -> None:
    reports.save_narratives(
        db.admin, YEAR, {"overview": "总体情况良好。", "problems": "问题已整改。"}
    )
    text, tables = _tables(reports.annual_pdf(db.admin, YEAR))
    assert f"青山区人民政府{YEAR}年政府信息公开工作年度报告" in text
    for _k, heading in SECTION_HEADINGS:
        assert heading in text
    assert "总体情况良好。" in text and "问题已整改。" in text
    assert "本年度共收取信息处理费300元。" in text
    main = next(t for t in tables if len(t[0]) == 10)
    labels = {c for row in main for c in row[:3] if c}
    for row in ROWS:
        assert row.label in labels, row.label
    for i, code in enumerate(DATA_ROW_CODES):
        want = [str(data["applications"][code][c]) for c in (*APPLICANT_TYPE_CODES, "total")]
        assert main[3 + i][3:] == want, code
    pro = next(t for t in tables if t[0][0] == "第二十条第（一）项")
    assert pro[2] == ["规章", "1", "1", "2"] and pro[3] == ["行政规范性文件", "1", "0", "2"]
    flat = [c for row in pro for c in row if c]
    assert "18" in flat and "11.7346" in flat
    rev = next(t for t in tables if len(t[0]) == 15)
    assert rev[3] == ["1", "1", "0", "2", "4", "1", "0", "1", "0", "2", "1", "1", "0", "0", "2"]


def test_drill_down_lists_the_records(db, data) -> None:
    ids = data["ids"]
    recs = reports.records_behind_cell(db.admin, YEAR, None, "2", "total")
    assert {r.id for r in recs} == {ids["carried_replied"], ids["carried_open"]}
    assert all(r.kind == "application" for r in recs)
    recs = reports.records_behind_cell(db.admin, YEAR, None, "4", "research")
    assert [r.id for r in recs] == [ids["carried_forward"]]
    cell = ids["cell"][("3.5.2", APPLICANT_TYPE_CODES[OUTCOME_CODES.index("3.5.2") % 6])]
    recs = reports.records_behind_cell(db.admin, YEAR, None, "3.5.2", "total")
    assert [r.id for r in recs] == [cell]
    pend = reports.records_behind_cell(db.admin, YEAR, None, "review", "pending")
    assert {r.id for r in pend} == {ids["appeals"][2], ids["appeals"][3]}
    # Concluded after 31 Dec: pending in the report, the record shows today's result.
    assert {r.id: r.detail for r in pend} == {
        ids["appeals"][2]: "尚未审结",
        ids["appeals"][3]: "其他结果",
    }
    docs = reports.records_behind_cell(db.admin, YEAR, None, "proactive", "rules.in_force")
    assert {r.id for r in docs} == {ids["rule_new"], ids["rule_old"]}
    stats = reports.records_behind_cell(db.admin, YEAR, "A", "proactive", "licensing")
    assert sorted(int(r.detail) for r in stats) == [3, 5]
    with pytest.raises(InputError):
        reports.records_behind_cell(db.admin, YEAR, None, "9", "total")


def test_narratives_round_trip_and_audit(db, data) -> None:
    reports.save_narratives(db.admin, YEAR, {"other": "无其他事项。"})
    reports.save_narratives(db.admin, YEAR, {"overview": "概述"})
    got = reports.narratives(db.admin, YEAR)
    assert got == {"overview": "概述", "problems": "", "other": "无其他事项。"}
    assert AuditEntry.select().where(AuditEntry.action == "report.narratives").count() == 2
    with pytest.raises(InputError):
        reports.save_narratives(db.admin, YEAR, {"bogus": "x"})


def test_year_lock_refuses_changes_until_unlocked(db, data) -> None:
    supervisor = db.user("boss", "supervisor")
    officer = db.user("clerk", "officer", "A")
    with pytest.raises(PermissionDenied):
        reports_lock.lock_year(officer, YEAR)
    state, changes = reports_lock.lock_year(supervisor, YEAR)
    assert state.locked and state.locked_by == "boss" and "report_year" in changes.tables
    with pytest.raises(LockedYearError, match=f"{YEAR}年度报告已锁定"):
        reports_stats.set_entry(officer, "A", YEAR, "M03", licensing=1)
    with pytest.raises(LockedYearError):
        reports_lock.check_year_unlocked(reports_data_date(), data["units"]["A1"])
    with pytest.raises(LockedYearError):
        reports.save_narratives(supervisor, YEAR, {"overview": "改"})
    reports_lock.check_item_unlocked(["通知"], [reports_data_date()], data["units"]["A"])
    with pytest.raises(LockedYearError):
        reports_lock.check_item_unlocked(
            ["通知", "规章"], [reports_data_date()], data["units"]["A"]
        )
    # Other years stay open.
    reports_lock.check_year_unlocked(YEAR + 1, data["units"]["A"])
    reports_stats.set_entry(officer, "A", YEAR + 1, "M01", licensing=1)
    # The signed report carries the lock date.
    assert reports.build_annual_report(db.admin, YEAR).date is not None
    with pytest.raises(PermissionDenied):
        reports_lock.unlock_year(officer, YEAR)
    reports_lock.unlock_year(db.admin, YEAR)
    reports_stats.set_entry(officer, "A", YEAR, "M03", licensing=4)
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert "report.lock" in actions and "report.unlock" in actions
    assert reports.annual_json(db.admin, YEAR)["proactive"]["licensing"] == 22


def test_unit_lock_covers_children_only(db, data) -> None:
    supervisor = db.user("boss", "supervisor")
    reports_lock.lock_year(supervisor, YEAR, "A")
    with pytest.raises(LockedYearError, match="区教育局"):
        reports_lock.check_year_unlocked(YEAR, data["units"]["A1"])
    reports_lock.check_year_unlocked(YEAR, data["units"]["B"])


def reports_data_date():
    import datetime as dt

    return dt.date(YEAR, 7, 1)


def test_stats_ledger_validation_and_audit(db, data) -> None:
    officer = db.user("clerk", "officer", "A")
    entry_id, _ = reports_stats.set_entry(officer, "A", YEAR, "M05", licensing=2, fees_yuan="10.5")
    reports_stats.set_entry(officer, "A", YEAR, "M05", licensing=3, fees_yuan="10.5")
    rows = [r for r in reports_stats.list_entries(officer, YEAR, "A") if r.period == "M05"]
    assert rows[0].licensing == 3 and rows[0].fees_yuan == Decimal("10.5")
    with pytest.raises(InputError, match="混用"):
        reports_stats.set_entry(officer, "A", YEAR, "Q2", licensing=1)
    with pytest.raises(InputError):
        reports_stats.set_entry(officer, "A", YEAR, "M13", licensing=1)
    with pytest.raises(InputError):
        reports_stats.set_entry(officer, "A", YEAR, "M06", licensing=-1)
    with pytest.raises(PermissionDenied):
        reports_stats.set_entry(officer, "B", YEAR, "M06", licensing=1)
    reports_stats.delete_entry(officer, entry_id)
    assert AuditEntry.select().where(AuditEntry.action.startswith("stats.")).count() == 3


def test_quarterly_summary_figures(db, data) -> None:
    import datetime as dt

    from disclosure_desk.services.reporting import quarterly as reports_quarterly

    s = reports_quarterly.quarterly_summary(db.admin, YEAR, 1, today=dt.date(YEAR + 1, 3, 1))
    cur = s.current
    assert cur.label == f"{YEAR}年第1季度" and s.previous.label == f"{YEAR - 1}年第4季度"
    assert cur.total("apps_received") == 22  # 21 outcome cases + one fee case (03-30)
    assert cur.total("apps_replied") == 22  # 21 outcome cases + the carried-over reply
    assert cur.outcome_total("3.1") == 2 and cur.outcome_total("3.3") == 8
    # Received 2024-11-01 and never answered: overdue in the quarter.
    assert cur.total("apps_overdue") >= 1
    assert [q.label for q in s.trend][-2:] == [s.previous.label, cur.label]
    assert len(s.ranking) == len(cur.units)
    pdf = reports_quarterly.quarterly_pdf(db.admin, YEAR, 1)
    assert pdf.startswith(b"%PDF")


def test_catalogue_lists_published_proactive_items(db, data) -> None:
    from disclosure_desk.services.reporting import catalogue as reports_catalogue

    cat = reports_catalogue.catalogue(db.admin)
    titles = {r.title for r in cat.rows}
    # reports_data items are 已发布 unless stated; the 已撤回 one and the 依申请公开 one are not listed.
    assert len(cat.rows) == 6 and all(r.index_no for r in cat.rows)
    assert "行政规范性文件4" not in titles and "行政规范性文件7" not in titles
    assert reports_catalogue.catalogue(db.admin, unit_code="B").rows == []
    assert reports_catalogue.catalogue(db.admin, year=YEAR).rows == []  # none has a 发布日期
    assert reports_catalogue.catalogue_pdf(db.admin, YEAR).startswith(b"%PDF")


def test_uncountable_case_is_named_by_its_number(db, data) -> None:
    from disclosure_desk.store.models import Application

    Application.update(outcome_code="").where(
        Application.id == data["ids"]["carried_replied"]
    ).execute()
    reg = Application.get_by_id(data["ids"]["carried_replied"]).reg_no
    with pytest.raises(InputError, match="已答复但没有填写办理结果") as err:
        reports.annual_json(db.admin, YEAR)
    assert reg in str(err.value)


def _pdf_tables(pdf: bytes) -> list[list[list[str]]]:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return [t for page in doc.pages for t in page.extract_tables()]


def test_quarterly_sheet_prints_each_units_figures(db, data) -> None:
    """The PDF's per-unit table, read back, holds the figures of reports_data (worked out by hand:
    the 21 outcome cases alternate A1 (even) / A (odd), all received in March; A also answers
    the case carried over from 2024 and has the one open since 2024-11-01; the root unit
    received the fee case of 03-30)."""
    from disclosure_desk.services.reporting import quarterly as reports_quarterly

    tables = _pdf_tables(reports_quarterly.quarterly_pdf(db.admin, YEAR, 1))
    units = next(t for t in tables if t[0][0] == "单位")
    header = [h.replace("\n", "") for h in units[0]]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in units[1:]}
    cols = (
        "收到申请",
        "办结申请",
        "申请超期",
        "予以公开",
        "部分公开",
        "不予公开",
        "无法提供",
        "不予处理",
        "其他处理",
    )
    expected = {
        "青山区人民政府": (1, 0, 0, 0, 0, 0, 0, 0, 0),
        "区教育局": (10, 11, 1, 1, 1, 4, 1, 3, 1),
        "区教育局直属学校": (11, 11, 0, 1, 0, 4, 2, 2, 2),
        "区卫生健康委": (0, 0, 0, 0, 0, 0, 0, 0, 0),
        "本季度合计": (22, 22, 1, 2, 1, 8, 3, 5, 3),
    }
    for unit, figures in expected.items():
        assert tuple(int(rows[unit][c]) for c in cols) == figures, unit
    overview = next(t for t in tables if t[0][0] == "事项")
    assert [r[:2] for r in overview if r[0] in ("收到申请", "办结申请")] == [
        ["收到申请", "22"],
        ["办结申请", "22"],
    ]


def test_catalogue_pdf_lists_its_rows(db, data) -> None:
    """Published, proactively disclosed items of reports_data, by 索引号 (the withdrawn and the
    依申请公开 ones are left out)."""
    from disclosure_desk.services.reporting import catalogue as reports_catalogue

    tables = _pdf_tables(reports_catalogue.catalogue_pdf(db.admin))
    rows = [[c.replace("\n", "") for c in r] for t in tables for r in t if r[0] != "索引号"]
    assert [(r[0], r[1], r[3], r[4], r[7]) for r in rows] == [
        ("000014349/2019-00003", "规章3", "区教育局直属学校", "2019-01-01", "规章"),
        ("000014349/2020-00002", "规章2", "区教育局", "2020-01-01", "规章"),
        ("000014349/2024-00005", "行政规范性文件5", "区教育局", "2024-01-01", "行政规范性文件"),
        ("000014349/2025-00001", "规章1", "区教育局", "2025-03-01", "规章"),
        ("000014349/2025-00008", "通知8", "区教育局", "2025-07-01", "通知"),
        ("000014349/2026-00006", "行政规范性文件6", "区教育局", "2026-01-05", "行政规范性文件"),
    ]
