"""Statistics ledger (统计台账): 行政许可/处罚/强制 decision counts and 行政事业性收费 per unit
and month ("M01".."M12") or quarter ("Q1".."Q4"); the annual report sums them.

A unit keeps one granularity per year — months or quarters — so a figure is never counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from disclosure_desk.domain import annual as statutory
from disclosure_desk.domain.errors import InputError, NotFound
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common.context import Changes, change, row_dict
from disclosure_desk.services.common.scope import visible
from disclosure_desk.services.reporting.year_lock import check_year_unlocked
from disclosure_desk.store.models import StatEntry, Unit

PERIODS: tuple[str, ...] = tuple(f"M{m:02d}" for m in range(1, 13)) + ("Q1", "Q2", "Q3", "Q4")


@dataclass(frozen=True)
class StatRow:
    id: int
    unit_id: int
    unit_code: str
    unit_name: str
    year: int
    period: str
    licensing: int
    penalty: int
    coercion: int
    fees_yuan: Decimal


def period_label(period: str) -> str:
    if period.startswith("M"):
        return tr("{n}月").format(n=int(period[1:]))
    return tr("第{n}季度").format(n=period[1])


def _check_period(year: int, period: str) -> None:
    if period not in PERIODS:
        raise InputError(
            tr("统计期间“{period}”无效；应为 M01–M12（月）或 Q1–Q4（季度）。").format(period=period)
        )
    if not 1990 <= year <= 2200:
        raise InputError(tr("统计年度 {year} 不在有效范围内。").format(year=year))


def _check_values(values: dict) -> dict:
    out = {}
    for key in ("licensing", "penalty", "coercion"):
        v = values.get(key, 0)
        if not isinstance(v, int) or isinstance(v, bool) or v < 0:
            raise InputError(
                tr("{value}的数量必须是不小于 0 的整数。").format(value=tr(_LABELS[key]))
            )
        out[key] = v
    try:
        fee = Decimal(str(values.get("fees_yuan", 0))).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise InputError(tr("行政事业性收费金额必须是数字（单位：元）。")) from None
    if fee < 0:
        raise InputError(tr("行政事业性收费金额不能为负数。"))
    out["fees_yuan"] = fee
    return out


_LABELS = {
    "licensing": statutory.LABEL_LICENSING,
    "penalty": statutory.LABEL_PENALTY,
    "coercion": statutory.LABEL_COERCION,
}


def _unit(unit_code: str) -> Unit:
    unit = Unit.get_or_none(Unit.code == unit_code)
    if unit is None:
        raise InputError(tr("没有代码为“{unit_code}”的单位。").format(unit_code=unit_code))
    return unit


def list_entries(actor: Actor, year: int, unit_code: str | None = None) -> list[StatRow]:
    actor.require("report.view")
    q = (
        StatEntry.select(
            StatEntry.id,
            Unit.id,
            Unit.code,
            Unit.name,
            StatEntry.year,
            StatEntry.period,
            StatEntry.licensing,
            StatEntry.penalty,
            StatEntry.coercion,
            StatEntry.fees_yuan,
        )
        .join(Unit)
        .where(StatEntry.year == year)
        .order_by(Unit.id, StatEntry.period)
    )
    if unit_code:
        q = q.where(StatEntry.unit == _unit(unit_code).id)
    q = q.where(visible(actor, StatEntry.unit))
    return [StatRow(*r[:9], Decimal(str(r[9] or 0))) for r in q.tuples()]


def set_entry(
    actor: Actor, unit_code: str, year: int, period: str, **values: object
) -> tuple[int, Changes]:
    """Create or replace the ledger row of (unit, year, period); audited, refused in a locked year."""
    _check_period(year, period)
    clean = _check_values(values)
    unit = _unit(unit_code)
    with change(actor, "stats.edit", unit.id) as tx:
        check_year_unlocked(year, unit.id)
        other_kind = "Q" if period.startswith("M") else "M"
        mixed = (
            StatEntry.select()
            .where(
                (StatEntry.unit == unit.id)
                & (StatEntry.year == year)
                & StatEntry.period.startswith(other_kind)
            )
            .exists()
        )
        if mixed:
            have = tr("按季度") if other_kind == "Q" else tr("按月")
            raise InputError(
                tr(
                    "{name}{year}年的统计台账已{have}填报，同一年不能混用按月和按季度，以免重复统计。"
                ).format(name=unit.name, year=year, have=have)
            )
        row = StatEntry.get_or_none(
            (StatEntry.unit == unit.id) & (StatEntry.year == year) & (StatEntry.period == period)
        )
        before = row_dict(row) if row is not None else None
        if row is None:
            row = StatEntry.create(unit=unit.id, year=year, period=period, **clean)
        else:
            StatEntry.update(**clean).where(StatEntry.id == row.id).execute()
            row = StatEntry.get_by_id(row.id)
        tx.audit("stats.set", "stat_entry", row.id, before, row_dict(row))
    return row.id, tx.changes


def delete_entry(actor: Actor, entry_id: int) -> Changes:
    row = StatEntry.get_or_none(StatEntry.id == entry_id)
    if row is None:
        raise NotFound(tr("统计台账记录 {entry_id} 不存在。").format(entry_id=entry_id))
    with change(actor, "stats.edit", row.unit_id) as tx:
        check_year_unlocked(row.year, row.unit_id)
        tx.audit("stats.delete", "stat_entry", row.id, row_dict(row), None)
        row.delete_instance()
    return tx.changes
