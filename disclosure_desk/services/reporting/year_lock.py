"""Report-year lock: once a supervisor locks a published year, changes that would alter its
figures are refused (LockedYearError) until a supervisor or administrator unlocks it.

A lock on the body-level report (``ReportYear.unit`` NULL) covers every unit; a lock on a unit
covers that unit and its descendants (their records feed the unit's report). Services that
change report inputs call ``check_year_unlocked`` (or ``check_dates_unlocked``) with both the
old and the new dates of the record, inside their transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_desk.domain.catalogs import GENRE_NORMATIVE, GENRE_RULES
from disclosure_desk.domain.errors import InputError, LockedYearError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common.context import Changes, change, row_dict
from disclosure_desk.services.common.scope import ancestors, unit_tree
from disclosure_desk.store.models import ReportYear, Unit


@dataclass(frozen=True)
class LockState:
    year: int
    unit_code: str | None
    locked: bool
    locked_by: str
    locked_at: dt.datetime | None


def _year_of(date_or_year: dt.date | int) -> int:
    return date_or_year if isinstance(date_or_year, int) else date_or_year.year


def locked_years() -> dict[int, list[int | None]]:
    """Locked years → the units (None = whole body) whose report is locked."""
    out: dict[int, list[int | None]] = {}
    for year, unit in (
        ReportYear.select(ReportYear.year, ReportYear.unit)
        .where(ReportYear.locked == True)  # noqa: E712 - peewee expression
        .tuples()
    ):
        out.setdefault(year, []).append(unit)
    return out


def check_year_unlocked(date_or_year: dt.date | int | None, unit_id: int | None) -> None:
    """Raise LockedYearError when a change dated in ``date_or_year`` for ``unit_id`` would
    alter a locked report (the body's, or the report of the unit or one of its parents)."""
    if date_or_year is None:
        return
    check_dates_unlocked([date_or_year], unit_id)


def check_dates_unlocked(dates: Iterable[dt.date | int | None], unit_id: int | None) -> None:
    """``check_year_unlocked`` for several dates (e.g. a record's old and new dates) at once."""
    years = sorted({_year_of(d) for d in dates if d is not None})
    if not years:
        return
    locks = locked_years()
    hit = [y for y in years if y in locks]
    if not hit:
        return
    parents, names = unit_tree()
    chain = set(ancestors(unit_id, parents)) if unit_id is not None else set()
    for year in hit:
        for locked_unit in locks[year]:
            if locked_unit is None or locked_unit in chain or unit_id is None:
                whose = tr("本机关") if locked_unit is None else names[locked_unit][1]
                raise LockedYearError(
                    tr(
                        "{whose}{year}年度报告已锁定，不能修改会改变该年度统计数字的记录；如确需修改，请主管领导先解锁{year}年度。"
                    ).format(whose=whose, year=year)
                )


def _unit_id(code: str | None) -> int | None:
    if not code:
        return None
    unit = Unit.get_or_none(Unit.code == code)
    if unit is None:
        raise InputError(tr("没有代码为“{code}”的单位。").format(code=code))
    return unit.id


def _report_year(year: int, unit_id: int | None) -> ReportYear:
    q = ReportYear.select().where(ReportYear.year == year)
    q = q.where(ReportYear.unit.is_null() if unit_id is None else ReportYear.unit == unit_id)
    row = q.first()
    if row is None:
        row = ReportYear.create(year=year, unit=unit_id, narratives=json.dumps({}))
    return row


def lock_state(year: int, unit_code: str | None = None) -> LockState:
    unit_id = _unit_id(unit_code)
    q = ReportYear.select().where(ReportYear.year == year)
    q = q.where(ReportYear.unit.is_null() if unit_id is None else ReportYear.unit == unit_id)
    row = q.first()
    if row is None:
        return LockState(year, unit_code, False, "", None)
    return LockState(year, unit_code, bool(row.locked), row.locked_by, row.locked_at)


def set_locked(
    actor: Actor, year: int, locked: bool, unit_code: str | None = None
) -> tuple[LockState, Changes]:
    """Lock (report.lock: supervisor) or unlock (report.unlock: supervisor/admin) a year; audited."""
    unit_id = _unit_id(unit_code)
    action = "report.lock" if locked else "report.unlock"
    with change(actor, action, unit_id) as tx:
        row = _report_year(year, unit_id)
        if bool(row.locked) == locked:
            state = tr("已锁定") if locked else tr("未锁定")
            raise InputError(
                tr("{year}年度报告{state}，无需重复操作。").format(year=year, state=state)
            )
        before = row_dict(row, ("year", "unit", "locked", "locked_by", "locked_at"))
        row.locked = locked
        row.locked_by = actor.login if locked else ""
        row.locked_at = dt.datetime.now().replace(microsecond=0) if locked else None
        row.save()
        after = row_dict(row, ("year", "unit", "locked", "locked_by", "locked_at"))
        tx.audit(action, "report_year", row.id, before, after)
    return lock_state(year, unit_code), tx.changes


def lock_year(actor: Actor, year: int, unit_code: str | None = None):
    return set_locked(actor, year, True, unit_code)


def unlock_year(actor: Actor, year: int, unit_code: str | None = None):
    return set_locked(actor, year, False, unit_code)


# Only these genres feed the annual report (section 二); other items never touch its figures.
REPORT_GENRES = frozenset({GENRE_RULES, GENRE_NORMATIVE})


def check_item_unlocked(
    genres: Iterable[str], dates: Iterable[dt.date | int | None], unit_id: int | None
) -> None:
    """For item changes: refuse when a 规章/行政规范性文件 (old or new genre) would change
    the figures of a locked year (pass old and new 成文日期 and 废止日期)."""
    if REPORT_GENRES & set(genres):
        check_dates_unlocked(dates, unit_id)
