"""Year-lock guards for the writing services: which locked years a change would alter.

A record feeds more years than the year of its dates: an application received in 2024 and still
unanswered is counted in 2025 as carried over (表三 rows 2 and 4); a 规章 formed in 2020 counts as
in force in every later year until it is repealed. So each guard compares, for every locked year,
what the record contributed to that year's report before the change with what it contributes
after, and hands exactly the years whose figures differ to the ``reports_lock`` checks (which
raise LockedYearError naming the year). Changes that leave every locked figure alone — a title,
a note, a 补正 date — pass. Call the guards inside the service's transaction, before the audit.

What a record contributes is not decided here: each ``*_part`` maps the record onto the domain's
facts (CaseFact, AppealFact, DocFact) and asks domain/annual.py, which the report itself counts
with, so the guard and the report cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from disclosure_desk.domain.annual import (
    AppealFact,
    CaseFact,
    DocFact,
    appeal_contribution,
    case_contribution,
    doc_contribution,
    fee_counted,
)
from disclosure_desk.services.reporting.annual import WITHDRAWN
from disclosure_desk.services.reporting.year_lock import (
    REPORT_GENRES,
    check_dates_unlocked,
    check_item_unlocked,
    locked_years,
)
from disclosure_desk.store.report_sql import as_date

Part = Callable[[Any, int], Hashable | None]


def _get(record: Any, name: str) -> Any:
    """A field of a model instance, a row_dict-style mapping or a plain namespace."""
    if isinstance(record, Mapping):
        if name.endswith("_id") and name not in record:
            return record.get(name[:-3])
        return record.get(name)
    return getattr(record, name, None)


def _money(value: Any) -> Decimal:
    try:
        return Decimal(str(value or 0))
    except InvalidOperation:
        return Decimal(0)


def _years_changed(old: Any, new: Any, part: Part) -> list[tuple[int, int | None]]:
    """(locked year, unit id) pairs whose figures differ between ``old`` and ``new``."""
    locks = locked_years()
    if not locks:
        return []
    old_unit = _get(old, "unit_id") if old is not None else None
    new_unit = _get(new, "unit_id") if new is not None else None
    out: list[tuple[int, int | None]] = []
    for year in sorted(locks):
        before = part(old, year) if old is not None else None
        after = part(new, year) if new is not None else None
        if old is not None and new is not None and old_unit != new_unit:
            # Moved to another unit: both units' reports change wherever the record counts.
            if before is not None:
                out.append((year, old_unit))
            if after is not None:
                out.append((year, new_unit))
        elif before != after:
            out.append((year, new_unit if new is not None else old_unit))
    return out


# ---------------------------------------------------------------- applications (表三, 六)


def application_part(app: Any, year: int) -> Hashable | None:
    """What one application contributes to the report of ``year`` (None = nothing)."""
    received = as_date(_get(app, "received_on"))
    replied = as_date(_get(app, "replied_on"))
    case = None
    if received is not None:
        fact = CaseFact(
            None,
            _get(app, "applicant_type") or "",
            received,
            replied,
            _get(app, "outcome_code") or None,
        )
        case = case_contribution(fact, year)
    fee = None
    paid = as_date(_get(app, "fee_paid_on"))
    amount = _money(_get(app, "fee_collected")) or _money(_get(app, "fee_amount"))
    if fee_counted(paid, amount, year):
        fee = amount
    return None if case is None and fee is None else (case, fee)


def application_changes(old: Any, new: Any) -> list[tuple[int, int | None]]:
    return _years_changed(old, new, application_part)


def guard_application(old: Any, new: Any) -> None:
    """LockedYearError when the change ``old`` → ``new`` (either may be None) alters a locked
    year's 表三 or fee figures."""
    for year, unit_id in application_changes(old, new):
        check_dates_unlocked([year], unit_id)


# ---------------------------------------------------------------- appeals (表四)


def appeal_part(appeal: Any, year: int) -> Hashable | None:
    filed = as_date(_get(appeal, "filed_on"))
    if filed is None:
        return None
    fact = AppealFact(
        None,
        _get(appeal, "kind") or "",
        filed,
        _get(appeal, "result") or None,
        as_date(_get(appeal, "concluded_on")),
    )
    return appeal_contribution(fact, year)


def guard_appeal(old: Any, new: Any) -> None:
    """LockedYearError when the change alters 表四 of a locked year (the filing year)."""
    for year, unit_id in _years_changed(old, new, appeal_part):
        check_dates_unlocked([year], unit_id)


# ---------------------------------------------------------------- items (section 二)


def item_part(item: Any, year: int) -> Hashable | None:
    genre = _get(item, "genre") or ""
    formed = as_date(_get(item, "formed_on"))
    if genre not in REPORT_GENRES or _get(item, "status") == WITHDRAWN or formed is None:
        return None
    counts = doc_contribution(DocFact(formed, as_date(_get(item, "repealed_on"))), year)
    return (genre, *counts) if any(counts) else None


def item_changes(old: Any, new: Any) -> list[tuple[int, int | None]]:
    return _years_changed(old, new, item_part)


def guard_item(old: Any, new: Any) -> None:
    """LockedYearError when the change alters section 二 (规章 / 行政规范性文件) of a locked year."""
    genres = [_get(r, "genre") or "" for r in (old, new) if r is not None]
    if not REPORT_GENRES & set(genres):
        return  # most items (通知, 公告…) never touch the report: no query at all
    for year, unit_id in item_changes(old, new):
        check_item_unlocked(genres, [year], unit_id)
