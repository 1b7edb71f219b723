"""Bulk import insertion: block serials per (unit, year), legacy-number skips, events in order."""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.services.applications.bulk import BulkRow, insert_rows
from disclosure_desk.services.common.context import change
from disclosure_desk.store.models import Application, ApplicationCounter, ApplicationEvent


def _row(unit_id: int, day: dt.date, reg_no: str = "", **kw) -> BulkRow:
    return BulkRow(
        unit_id=unit_id,
        received_on=day,
        channel="网络",
        applicant_type="natural_person",
        applicant_name="张三",
        id_number="",
        reg_no=reg_no,
        fields=kw.pop("fields", {}),
        events=kw.pop("events", ()),
    )


def _legacy(unit_id: int, reg_no: str) -> None:
    Application.create(
        reg_no=reg_no,
        unit=unit_id,
        serial_year=2020,
        serial=99,
        received_on=dt.date(2020, 1, 2),
        channel="网络",
        applicant_type="natural_person",
        applicant_name="旧",
    )


def test_serials_numbers_and_events_match_one_by_one_insertion(db) -> None:
    a = db.unit("A", "区教育局", "000014350")
    _legacy(a, "区教育局申〔2026〕3号")  # a legacy number the block would generate
    day = dt.date(2026, 3, 2)
    rows = [
        _row(a, day),
        _row(a, day, "旧号-1"),
        _row(
            a,
            day,
            fields={"status": "replied", "outcome_code": "1", "replied_on": day},
            events=({"kind": "reply", "on": day, "detail": "1"},),
        ),
        _row(a, dt.date(2025, 12, 30)),
    ]
    with change(db.admin, "application.import", a):
        assert insert_rows(db.admin, rows, "b1") == 4
    got = {
        r.reg_no: (r.serial_year, r.serial, r.status)
        for r in Application.select().where(Application.import_batch == "b1")
    }
    assert got == {
        "区教育局申〔2026〕1号": (2026, 1, "registered"),
        "旧号-1": (2026, 2, "registered"),  # a given number still draws its serial
        "区教育局申〔2026〕4号": (2026, 4, "replied"),  # 3 is taken: skipped
        "区教育局申〔2025〕1号": (2025, 1, "registered"),
    }
    last = {
        c.year: c.last_serial
        for c in ApplicationCounter.select().where(ApplicationCounter.unit == a)
    }
    assert last == {2026: 4, 2025: 1}
    replied = Application.get(Application.reg_no == "区教育局申〔2026〕4号")
    kinds = [
        e.kind
        for e in ApplicationEvent.select()
        .where(ApplicationEvent.application == replied)
        .order_by(ApplicationEvent.id)
    ]
    assert kinds == ["receipt", "reply"]
    assert (
        ApplicationEvent.select().join(Application).where(Application.import_batch == "b1").count()
        == 5
    )


def test_a_number_already_taken_inserts_nothing(db) -> None:
    a = db.unit("A", "区教育局", "000014350")
    _legacy(a, "旧号-9")
    rows = [_row(a, dt.date(2026, 3, 2)), _row(a, dt.date(2026, 3, 2), "旧号-9")]
    with pytest.raises(InputError, match="旧号-9"):
        with change(db.admin, "application.import", a):
            insert_rows(db.admin, rows, "b2")
    assert Application.select().where(Application.import_batch == "b2").count() == 0
    assert ApplicationCounter.select().where(ApplicationCounter.unit == a).count() == 0
