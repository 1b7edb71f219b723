"""A report data set whose answers are known, built through the models (shared by report tests)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from disclosure_desk.domain.outcomes import APPLICANT_TYPE_CODES, OUTCOME_CODES
from disclosure_desk.store.models import Appeal, Application, Item, StatEntry, Unit

YEAR = 2025
D = dt.date

_serial = Counter()


def app(
    unit_id: int,
    atype: str,
    received: dt.date,
    replied: dt.date | None = None,
    code: str = "",
    **extra,
) -> int:
    _serial[(unit_id, received.year)] += 1
    n = _serial[(unit_id, received.year)]
    return Application.create(
        reg_no=f"U{unit_id}申〔{received.year}〕{n}号-{len(_serial)}-{sum(_serial.values())}",
        unit=unit_id,
        serial_year=received.year,
        serial=n,
        received_on=received,
        channel="网络",
        applicant_type=atype,
        applicant_name=f"申请人{n}",
        outcome_code=code,
        replied_on=replied,
        **extra,
    ).id


def item(
    unit_id: int,
    genre: str,
    formed: dt.date,
    repealed: dt.date | None = None,
    status: str = "published",
    **extra,
) -> int:
    n = Item.select().count() + 1
    return Item.create(
        index_no=f"000014349/{formed.year}-{n:05d}",
        title=f"{genre}{n}",
        unit=unit_id,
        formed_on=formed,
        repealed_on=repealed,
        genre=genre,
        status=status,
        validity="废止" if repealed else "有效",
        **extra,
    ).id


def build(db) -> dict:
    """Create units A (with child A1) and B plus records; return ids and expected figures."""
    _serial.clear()
    a = db.unit("A", "区教育局")
    a1 = db.unit("A1", "区教育局直属学校", parent_code="A")
    b = db.unit("B", "区卫生健康委")
    root = Unit.get(Unit.code == "ROOT").id
    types = APPLICANT_TYPE_CODES
    expected: dict[str, Counter] = {}

    def add(row: str, col: str) -> None:
        expected.setdefault(row, Counter())[col] += 1

    ids: dict[str, object] = {"cell": {}}
    # Every outcome once, cycling applicant types, received and replied in the year (unit A / A1).
    for i, code in enumerate(OUTCOME_CODES):
        t = types[i % len(types)]
        unit = a if i % 2 else a1
        got = D(YEAR, 3, 1) + dt.timedelta(days=i)
        ids["cell"][(code, t)] = app(unit, t, got, got + dt.timedelta(days=10), code)
        add("1", t)
        add(code, t)
        add("3.7", t)
    # Carried over from last year and replied this year.
    ids["carried_replied"] = app(a, "natural_person", D(2024, 12, 20), D(YEAR, 1, 10), "3.1")
    add("2", "natural_person"), add("3.1", "natural_person"), add("3.7", "natural_person")
    # Carried over and still open at year end.
    ids["carried_open"] = app(a, "commercial", D(2024, 11, 1))
    add("2", "commercial"), add("4", "commercial")
    # Received and replied last year: not in this year's report.
    app(a, "commercial", D(2024, 5, 1), D(2024, 5, 20), "3.1")
    # Received this year, replied next year: carried forward.
    ids["carried_forward"] = app(b, "research", D(YEAR, 12, 28), D(YEAR + 1, 1, 5), "3.2")
    add("1", "research"), add("4", "research")
    # Received next year: not counted.
    app(b, "research", D(YEAR + 1, 1, 2))
    # Received this year, still open.
    ids["open"] = app(b, "legal_service", D(YEAR, 6, 1))
    add("1", "legal_service"), add("4", "legal_service")
    # Fees: fee_collected wins over fee_amount; a payment last year is not counted.
    app(
        root,
        "natural_person",
        D(YEAR, 3, 30),
        D(YEAR, 4, 20),
        "3.1",
        fee_method="per_page",
        fee_amount=Decimal(100),
        fee_paid_on=D(YEAR, 4, 1),
    )
    app(
        root,
        "natural_person",
        D(YEAR, 4, 30),
        D(YEAR, 5, 20),
        "3.1",
        fee_method="per_page",
        fee_amount=Decimal(300),
        fee_collected=Decimal(200),
        fee_paid_on=D(YEAR, 5, 10),
    )
    app(
        root,
        "natural_person",
        D(2024, 4, 30),
        D(2024, 5, 20),
        "3.1",
        fee_method="per_page",
        fee_amount=Decimal(700),
        fee_paid_on=D(2024, 5, 10),
    )
    for _ in range(2):
        add("1", "natural_person"), add("3.1", "natural_person"), add("3.7", "natural_person")

    apps = {r: {c: expected.get(r, Counter())[c] for c in types} for r in _ALL_ROWS}
    for row in apps.values():
        row["total"] = sum(row.values())

    # Appeals of each kind and result, incl. pending and concluded after the year.
    ap = ids["cell"][("3.3.1", types[OUTCOME_CODES.index("3.3.1") % len(types)])]
    appeals = [
        ("review", D(YEAR, 2, 1), "upheld", D(YEAR, 5, 1)),
        ("review", D(YEAR, 3, 1), "corrected", D(YEAR, 6, 1)),
        ("review", D(YEAR, 4, 1), "", None),
        ("review", D(YEAR, 10, 1), "other", D(YEAR + 1, 2, 1)),
        ("litigation_direct", D(YEAR, 5, 1), "other", D(YEAR, 9, 1)),
        ("litigation_direct", D(YEAR, 7, 1), "upheld", D(YEAR, 11, 1)),
        ("litigation_after_review", D(YEAR, 8, 1), "upheld", D(YEAR, 12, 31)),
        ("litigation_after_review", D(YEAR, 9, 1), "corrected", D(YEAR, 12, 1)),
        ("review", D(YEAR - 1, 9, 1), "upheld", D(YEAR, 1, 5)),
    ]
    ids["appeals"] = [
        Appeal.create(application=ap, unit=a, kind=k, filed_on=f, result=r, concluded_on=c).id
        for k, f, r, c in appeals
    ]
    reviews = {
        "review": {"upheld": 1, "corrected": 1, "other": 0, "pending": 2, "total": 4},
        "litigation_direct": {"upheld": 1, "corrected": 0, "other": 1, "pending": 0, "total": 2},
        "litigation_after_review": {
            "upheld": 1,
            "corrected": 1,
            "other": 0,
            "pending": 0,
            "total": 2,
        },
    }

    # Section 二 documents.
    ids["rule_new"] = item(a, "规章", D(YEAR, 3, 1))
    ids["rule_repealed"] = item(a, "规章", D(2020, 1, 1), D(YEAR, 6, 1))
    ids["rule_old"] = item(a1, "规章", D(2019, 1, 1))
    item(a, "行政规范性文件", D(YEAR, 5, 1), status="withdrawn")
    ids["norm_in_force"] = item(a, "行政规范性文件", D(2024, 1, 1), D(YEAR + 1, 2, 1))
    item(a, "行政规范性文件", D(YEAR + 1, 1, 5))
    ids["norm_b"] = item(b, "行政规范性文件", D(YEAR, 7, 1), disclosure="on_request")
    item(a, "通知", D(YEAR, 7, 1))

    # Statistics ledger.
    StatEntry.create(
        unit=a,
        year=YEAR,
        period="M01",
        licensing=5,
        penalty=2,
        coercion=1,
        fees_yuan=Decimal("12345.67"),
    )
    StatEntry.create(unit=a1, year=YEAR, period="M02", licensing=3, fees_yuan=Decimal(5000))
    StatEntry.create(unit=b, year=YEAR, period="Q1", licensing=10, fees_yuan=Decimal(100000))
    StatEntry.create(unit=a, year=YEAR - 1, period="M01", licensing=99, fees_yuan=Decimal(1))

    proactive = {
        "rules": {"issued": 1, "repealed": 1, "in_force": 2},
        "normative_documents": {"issued": 1, "repealed": 0, "in_force": 2},
        "licensing": 18,
        "penalty": 2,
        "coercion": 1,
        "fees_wan": 11.7346,
    }
    return {
        "ids": ids,
        "applications": apps,
        "reviews": reviews,
        "proactive": proactive,
        "fees": {"count": 2, "amount_yuan": 300},
        "units": {"A": a, "A1": a1, "B": b},
    }


_ALL_ROWS = (
    "1",
    "2",
    "3.1",
    "3.2",
    "3.3.1",
    "3.3.2",
    "3.3.3",
    "3.3.4",
    "3.3.5",
    "3.3.6",
    "3.3.7",
    "3.3.8",
    "3.4.1",
    "3.4.2",
    "3.4.3",
    "3.5.1",
    "3.5.2",
    "3.5.3",
    "3.5.4",
    "3.5.5",
    "3.6.1",
    "3.6.2",
    "3.6.3",
    "3.7",
    "4",
)
