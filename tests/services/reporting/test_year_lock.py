"""Year lock in the writing services: a change that would alter a locked year's report is refused
(LockedYearError naming the year, nothing written) until a supervisor unlocks it (audited)."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace

import pytest
from app_helpers import new_app, valid_id

from disclosure_desk.domain.errors import LockedYearError, PermissionDenied
from disclosure_desk.services.applications import appeals
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.applications import spreadsheets as applications_io
from disclosure_desk.services.items import register as items
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.services.items.rules import ItemInput
from disclosure_desk.services.reporting import year_lock as reports_lock
from disclosure_desk.services.reporting.year_lock_guard import application_part, item_part
from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.store.models import (
    Appeal,
    Application,
    ApplicationEvent,
    AuditEntry,
    Item,
    ItemSearch,
    Unit,
)

Y = 2024  # the locked year; Y + 1 stays open
LOCK_MESSAGE = rf"{Y}年度报告已锁定.*解锁{Y}年度"


@pytest.fixture
def people(db):
    return db.user("boss", "supervisor"), db.user("clerk", "officer")


def _snapshot() -> tuple[int, ...]:
    return tuple(
        m.select().count() for m in (Application, ApplicationEvent, Appeal, Item, AuditEntry)
    )


def _refused(call, *args, **kwargs) -> None:
    """``call`` raises LockedYearError naming the year and leaves every table as it was."""
    before = _snapshot()
    with pytest.raises(LockedYearError, match=LOCK_MESSAGE):
        call(*args, **kwargs)
    assert _snapshot() == before


def _unlock(people) -> None:
    boss, clerk = people
    with pytest.raises(PermissionDenied):
        reports_lock.unlock_year(clerk, Y)
    reports_lock.unlock_year(boss, Y)
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert "unlock" in last.action and last.user_login == "boss"


def _root() -> int:
    return Unit.get(Unit.code == "ROOT").id


# ---------------------------------------------------------------- applications


def test_register_refused_in_locked_year_and_for_cases_carried_into_it(db, people):
    boss, clerk = people
    reports_lock.lock_year(boss, Y)
    _refused(new_app, clerk, dt.date(Y, 5, 1))
    # Received in Y - 1 and unanswered: table 三 of Y counts it as carried over (rows 2 and 4).
    _refused(new_app, clerk, dt.date(Y - 1, 11, 2))
    assert new_app(clerk, dt.date(Y + 1, 2, 3))  # the open year still works
    _unlock(people)
    app_id = new_app(clerk, dt.date(Y, 5, 1))
    # The serial drawn by the refused registrations was rolled back with them: gap-free.
    assert Application.get_by_id(app_id).serial == 1


def test_reply_and_fee_refused_only_when_they_change_locked_figures(db, people):
    boss, clerk = people
    late = new_app(clerk, dt.date(Y, 12, 20))
    early = new_app(clerk, dt.date(Y, 3, 1), ident=valid_id(124))
    svc.issue_fee_notice(clerk, early, dt.date(Y, 3, 5), "per_page", 300)
    reports_lock.lock_year(boss, Y)
    # A 补正 changes no figure of table 三: allowed while locked.
    svc.request_correction(clerk, late, dt.date(Y, 12, 23))
    svc.receive_correction(clerk, late, dt.date(Y, 12, 27))
    _refused(svc.record_reply, clerk, late, dt.date(Y, 12, 30), "3.1")
    assert Application.get_by_id(late).status == "registered"
    # Answered next year: Y still shows the case as pending (row 4), so nothing locked changes.
    svc.record_reply(clerk, late, dt.date(Y + 1, 1, 8), "3.1")
    _refused(svc.record_fee_paid, clerk, early, dt.date(Y, 3, 20))
    assert Application.get_by_id(early).fee_paid_on is None
    _unlock(people)
    svc.record_fee_paid(clerk, early, dt.date(Y, 3, 20))
    svc.record_reply(clerk, early, dt.date(Y, 3, 25), "3.1")
    assert Application.get_by_id(early).replied_on == dt.date(Y, 3, 25)


def test_appeals_refused_in_locked_filing_year(db, people):
    boss, clerk = people
    app_id = new_app(clerk, dt.date(Y, 3, 1))
    svc.record_reply(clerk, app_id, dt.date(Y, 3, 20), "3.1")
    filed, _ = appeals.add_appeal(clerk, app_id, "review", dt.date(Y, 4, 1))
    other, _ = appeals.add_appeal(clerk, app_id, "litigation_direct", dt.date(Y, 5, 1))
    reports_lock.lock_year(boss, Y)
    _refused(appeals.add_appeal, clerk, app_id, "review", dt.date(Y, 6, 1))
    assert appeals.add_appeal(clerk, app_id, "review", dt.date(Y + 1, 1, 6))[0]
    # Concluded within Y: moves the case from 尚未审结 to a result column of Y — refused.
    _refused(appeals.conclude_appeal, clerk, filed, "upheld", dt.date(Y, 9, 1))
    assert Appeal.get_by_id(filed).result == ""
    # Concluded after 31 Dec: Y keeps counting it as pending, so it is allowed.
    appeals.conclude_appeal(clerk, other, "corrected", dt.date(Y + 1, 2, 1))
    _unlock(people)
    appeals.conclude_appeal(clerk, filed, "upheld", dt.date(Y, 9, 1))
    assert Appeal.get_by_id(filed).result == "upheld"


def test_unit_lock_covers_only_that_unit(db, people):
    boss, _clerk = people
    edu = db.unit("EDU", "区教育局")
    db.unit("HEA", "区卫健局")
    reports_lock.lock_year(boss, Y, "EDU")
    with pytest.raises(LockedYearError, match="区教育局"):
        new_app(db.admin, dt.date(Y, 5, 1), unit_id=edu)
    assert new_app(db.admin, dt.date(Y, 5, 1), unit_id=Unit.get(Unit.code == "HEA").id)


def _write_app_csv(path, received_dates) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, applications_io.HEADERS)
        w.writeheader()
        for i, received in enumerate(received_dates):
            w.writerow(
                {
                    "收到日期": received,
                    "申请方式": "当面",
                    "申请人类型": "自然人",
                    "申请人": f"申请人{i}",
                    "申请内容": "财政预算",
                }
            )


def test_application_import_with_a_row_in_a_locked_year_imports_nothing(db, people, tmp_path):
    boss, clerk = people
    reports_lock.lock_year(boss, Y)
    path = tmp_path / "apps.csv"
    _write_app_csv(path, [f"{Y + 1}-01-05", f"{Y}-06-01", f"{Y + 1}-02-01"])
    before = _snapshot()
    report = applications_io.import_applications(db.admin, path)
    assert not report.ok and report.imported == 0
    assert [(e.row, e.column) for e in report.errors] == [(3, "收到日期")]
    assert f"{Y}年度报告已锁定" in report.errors[0].message
    assert _snapshot() == before
    _unlock(people)
    report = applications_io.import_applications(db.admin, path)
    assert report.ok and report.imported == 3


# ---------------------------------------------------------------- items


def _rules(**kw) -> ItemInput:
    base = dict(
        title="青山区物业管理办法", unit_id=_root(), genre="规章", formed_on=dt.date(Y, 3, 1)
    )
    return ItemInput(**{**base, **kw})


def _create(actor, data: ItemInput) -> int:
    return items.create_item(actor, data, today=dt.date(Y + 1, 6, 2))[0]


def test_create_item_refused_only_for_report_genres_touching_the_year(db, people):
    boss, clerk = people
    reports_lock.lock_year(boss, Y)
    _refused(_create, clerk, _rules())
    # A 规章 formed earlier and still in force is counted as 现行有效 in Y.
    _refused(_create, clerk, _rules(formed_on=dt.date(Y - 3, 3, 1)))
    # …but not one repealed before Y began.
    assert _create(
        clerk,
        _rules(formed_on=dt.date(Y - 3, 3, 1), repealed_on=dt.date(Y - 1, 5, 1), validity="废止"),
    )
    assert _create(clerk, _rules(genre="通知", title="关于春节值班的通知"))  # not in section 二
    assert _create(clerk, _rules(formed_on=dt.date(Y + 1, 2, 1)))
    _unlock(people)
    assert _create(clerk, _rules())


def test_update_and_repeal_refused_when_section_two_would_change(db, people):
    boss, clerk = people
    item_id = _create(clerk, _rules())
    reports_lock.lock_year(boss, Y)
    detail = items.get_item(clerk, item_id)
    # Title and a 成文日期 within the same year leave every figure of Y unchanged.
    items.update_item(
        clerk,
        item_id,
        replace(detail.data, title="新标题", formed_on=dt.date(Y, 4, 1)),
        detail.version,
    )
    detail = items.get_item(clerk, item_id)
    _refused(items.update_item, clerk, item_id, replace(detail.data, genre="通知"), detail.version)
    _refused(
        items.update_item,
        clerk,
        item_id,
        replace(detail.data, formed_on=dt.date(Y + 1, 1, 2)),
        detail.version,
    )
    _refused(
        items.repeal_item, clerk, item_id, dt.date(Y, 10, 1), "青政发〔2024〕9号", detail.version
    )
    assert Item.get_by_id(item_id).repealed_on is None
    # Repealed next year: still 现行有效 at the end of Y.
    items.repeal_item(clerk, item_id, dt.date(Y + 1, 3, 1), "青政发〔2025〕9号", detail.version)
    detail = items.get_item(clerk, item_id)
    _unlock(people)
    items.update_item(clerk, item_id, replace(detail.data, genre="通知"), detail.version)
    assert Item.get_by_id(item_id).genre == "通知"


def test_withdrawing_a_published_rule_is_refused_while_its_year_is_locked(db, people):
    boss, clerk = people

    def published(genre: str, n: int) -> int:
        return Item.create(
            index_no=f"000014349/{Y}-9000{n}",
            title=f"已发布文件{n}",
            unit=_root(),
            genre=genre,
            formed_on=dt.date(Y, 5, 1),
            published_on=dt.date(Y, 5, 8),
            status="published",
            created_by=clerk.user_id,
        ).id

    rule, notice = published("规章", 1), published("通知", 2)
    reports_lock.lock_year(boss, Y)
    _refused(reviews.withdraw, clerk, rule, "政策已调整")
    assert Item.get_by_id(rule).status == "published"
    reviews.withdraw(clerk, notice, "政策已调整")  # a 通知 is not counted in section 二
    _unlock(people)
    reviews.withdraw(clerk, rule, "政策已调整")
    assert Item.get_by_id(rule).status == "withdrawn"


def _write_item_csv(path, rows) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, list(items_io.ITEM_HEADERS))
        w.writeheader()
        for i, (genre, formed) in enumerate(rows):
            w.writerow(
                {
                    "标题": f"文件{i}",
                    "发布机构": "青山区人民政府",
                    "成文日期": formed,
                    "公开属性": "主动公开",
                    "主题分类": "城乡建设、环境保护\\城乡建设（含住房）",
                    "体裁": genre,
                    "有效性": "有效",
                }
            )


def test_items_import_with_one_row_in_a_locked_year_imports_nothing(db, people, tmp_path):
    boss, _clerk = people
    reports_lock.lock_year(boss, Y)
    path = tmp_path / "items.csv"
    rows = [("通知", f"{Y}-02-01"), ("规章", f"{Y + 1}-01-05"), ("行政规范性文件", f"{Y}-07-01")]
    _write_item_csv(path, rows)
    before = _snapshot()
    report = items_io.import_items(db.admin, path)
    assert not report.ok and report.imported == 0
    assert [(e.row, e.column) for e in report.errors] == [(4, "成文日期")]
    assert f"{Y}年度报告已锁定" in report.errors[0].message
    assert _snapshot() == before and ItemSearch.select().count() == 0
    _unlock(people)
    report = items_io.import_items(db.admin, path)
    assert report.ok and report.imported == 3


# ---------------------------------------------------------------- what a record contributes


def test_contributions_follow_the_report_rules():
    app = {
        "received_on": dt.date(2023, 12, 1),
        "replied_on": None,
        "applicant_type": "natural_person",
    }
    assert application_part(app, 2022) is None
    # (column, 表三 rows): row 1 = received this year, 2 = carried over, 4 = still open at year end
    assert application_part(app, 2023) == (("natural_person", ("1", "4")), None)
    assert application_part(app, 2030) == (("natural_person", ("2", "4")), None)
    replied = {**app, "replied_on": "2024-01-05", "outcome_code": "1"}
    assert application_part(replied, 2024) == (("natural_person", ("2", "1")), None)
    assert application_part(replied, 2025) is None
    paid = {**replied, "fee_paid_on": dt.date(2025, 1, 2), "fee_collected": "40.00"}
    assert application_part(paid, 2025) == (None, 40)
    doc = {"genre": "规章", "status": "published", "formed_on": dt.date(2020, 1, 1)}
    assert item_part(doc, 2019) is None
    assert item_part(doc, 2024) == ("规章", False, False, True)
    assert item_part({**doc, "repealed_on": dt.date(2024, 6, 1)}, 2024) == (
        "规章",
        False,
        True,
        False,
    )
    assert item_part({**doc, "status": "withdrawn"}, 2024) is None
    assert item_part({**doc, "genre": "通知"}, 2024) is None


@pytest.mark.parametrize("kind", ["items", "applications"])
def test_a_lock_taken_during_an_import_is_seen_inside_its_transaction(
    db, people, tmp_path, monkeypatch, kind
):
    """The year is locked after the row check but before the write: still nothing imported."""
    boss, _clerk = people
    module = items_io if kind == "items" else applications_io
    path = tmp_path / f"{kind}.csv"
    if kind == "items":
        _write_item_csv(path, [("通知", f"{Y}-02-01"), ("规章", f"{Y}-07-01")])
    else:
        _write_app_csv(path, [f"{Y + 1}-01-05", f"{Y}-06-01"])
    check = module._locked_rows
    calls = []

    def check_then_lock(parsed):
        result = check(parsed)
        if not calls:
            reports_lock.lock_year(boss, Y)  # another workstation locks the year right now
        calls.append(result)
        return result

    monkeypatch.setattr(module, "_locked_rows", check_then_lock)
    before = _snapshot()
    with pytest.raises(LockedYearError, match=rf"第 3 行：本机关{Y}年度报告已锁定"):
        module.import_items(db.admin, path) if kind == "items" else module.import_applications(
            db.admin, path
        )
    assert len(calls) == 2 and calls[0] == []
    assert _snapshot()[:4] == before[:4]  # only the lock's own audit entry was added
