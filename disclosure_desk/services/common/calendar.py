"""The working-day calendar as the app sees it: the package, overridden by the Holiday table."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.workcal import DayOverride, WorkCalendar
from disclosure_desk.files import holidays_file
from disclosure_desk.i18n import N_, tr, tr_from
from disclosure_desk.services.common.context import change
from disclosure_desk.store.models import Holiday, database_proxy

_cache: dict[str, object] = {"key": None, "cal": None, "checked": 0.0}
# Another workstation may change the holiday table; look at it again at most this often.
_RECHECK_SECONDS = 30.0


def _overrides() -> list[DayOverride]:
    return [
        DayOverride(h.day, h.is_workday, h.name) for h in Holiday.select().order_by(Holiday.day)
    ]


def work_calendar(*, provisional: bool = False, use_db: bool = True) -> WorkCalendar:
    """The calendar with the database's holiday table applied.

    Cached: list views ask for it once per row, so the table is re-read only when this process
    changed it (``invalidate``) or after ``_RECHECK_SECONDS`` for other workstations' edits.
    """
    if not use_db or database_proxy.obj is None:
        return WorkCalendar(assume_weekdays_for_unknown=provisional)
    now = time.monotonic()
    cached = _cache.get(provisional)
    if cached is not None and now - _cache["checked"] < _RECHECK_SECONDS:
        return cached  # type: ignore[return-value]
    count = Holiday.select().count()
    last = Holiday.select(Holiday.id).order_by(Holiday.id.desc()).scalar() or 0
    key = (count, last)
    if _cache["key"] != key:
        _cache.clear()
        _cache["key"] = key
    _cache["checked"] = now
    if _cache.get(provisional) is None:
        _cache[provisional] = WorkCalendar(_overrides(), assume_weekdays_for_unknown=provisional)
    return _cache[provisional]  # type: ignore[return-value]


def invalidate() -> None:
    _cache.clear()
    _cache.update({"key": None, "checked": 0.0})


@dataclass(frozen=True)
class HolidayRow:
    day: dt.date
    is_workday: bool
    name: str
    source: str  # SOURCE_DATABASE or SOURCE_BUILT_IN (shown through tr())


SOURCE_DATABASE = N_("数据库")
SOURCE_BUILT_IN = N_("国务院通知（内置）")


def year_table(year: int) -> list[HolidayRow]:
    """Every holiday and 调休 working day of a year, whichever source it comes from."""
    cal = work_calendar()
    if not cal.is_known_year(year):
        raise InputError(tr("没有 {year} 年的节假日数据；请导入该年的放假安排。").format(year=year))
    db_days = {
        h.day
        for h in Holiday.select().where(
            (Holiday.day >= dt.date(year, 1, 1)) & (Holiday.day <= dt.date(year, 12, 31))
        )
    }
    return [
        HolidayRow(
            o.day, o.is_workday, o.name, SOURCE_DATABASE if o.day in db_days else SOURCE_BUILT_IN
        )
        for o in cal.year_overrides(year)
    ]


def missing_years(years) -> list[int]:
    return work_calendar().missing_years(years)


def set_days(actor: Actor, overrides: list[DayOverride], action: str = "calendar.import"):
    """Insert or replace days in the holiday table, all in one transaction."""
    with change(actor, "calendar.edit") as tx:
        for o in overrides:
            existing = Holiday.get_or_none(Holiday.day == o.day)
            before = (
                None
                if existing is None
                else {"is_workday": existing.is_workday, "name": existing.name}
            )
            if existing is None:
                Holiday.create(day=o.day, is_workday=o.is_workday, name=o.name)
            else:
                Holiday.update(is_workday=o.is_workday, name=o.name).where(
                    Holiday.id == existing.id
                ).execute()
            tx.audit(
                action,
                "holiday",
                o.day.isoformat(),
                before,
                {"is_workday": o.is_workday, "name": o.name},
            )
    invalidate()
    return len(overrides), tx.changes


def import_file(actor: Actor, path: Path):
    overrides = holidays_file.read_holidays_file(path)
    if not overrides:
        raise InputError(tr("文件 {path} 中没有可导入的日期。").format(path=path))
    return set_days(actor, overrides)


def delete_day(actor: Actor, day: dt.date):
    with change(actor, "calendar.edit") as tx:
        row = Holiday.get_or_none(Holiday.day == day)
        if row is None:
            raise InputError(tr("节假日表中没有 {day} 这一天。").format(day=day.isoformat()))
        tx.audit(
            "calendar.delete",
            "holiday",
            day.isoformat(),
            {"is_workday": row.is_workday, "name": row.name},
            None,
        )
        row.delete_instance()
    invalidate()
    return tx.changes


def deadline_warning(today: dt.date | None = None) -> str:
    """A warning when an open case's clock (up to its 40th working day) or the coming year lacks data."""
    from disclosure_desk.store.models import Application

    today = today or dt.date.today()
    cal = work_calendar()
    years: set[int] = set()
    latest = (
        Application.select(Application.received_on, Application.correction_received_on)
        .where(Application.replied_on.is_null())
        .order_by(Application.received_on.desc())
        .tuples()
        .first()
    )
    if latest:
        start = max(d for d in latest if d is not None)
        provisional = work_calendar(provisional=True)
        end = provisional.nth_workday_after(start, 40)
        years.update(range(start.year, end.year + 1))
    # From the fourth quarter on, next year's notice is due and deadlines start to reach into it.
    if today.month >= 10:
        years.add(today.year + 1)
    missing = cal.missing_years(sorted(years))
    if not missing:
        return ""
    names = "、".join(str(y) for y in missing)
    return tr(
        "缺少 {years} 年的节假日安排：涉及这些年份的期限按周一至周五暂估，仅供参考。"
        "请管理员在“设置 → 节假日”导入国务院的放假通知。"
    ).format(years=names)


def clock_words(label: str) -> str:
    """A clock label of the domain layer (clocks.clock_status, which cannot import i18n) in the
    interface language; Chinese unchanged."""
    return tr_from(
        label,
        N_("剩余 {n} 个工作日"),
        N_("已超期 {n} 个工作日"),
        N_("暂停中（已用 {n} 个工作日）"),
        N_("缺少 {year} 年节假日数据，无法计算"),
    )


# Values of step_words' "{what}" (domain clocks: f"暂停（{pause.label}）"), translated whole.
PAUSE_STEP_WORDS = (
    N_("暂停（第三方征求意见）"),
    N_("暂停（征求其他机关意见）"),
    N_("暂停（收费通知至缴费）"),
)


def step_words(reason: str) -> str:
    """One line of the deadline explanation (domain clocks / workcal, which cannot import i18n)
    in the interface language; Chinese unchanged."""
    return tr_from(
        reason,
        N_("收到申请（收到当日不计入期限）"),
        N_("收到补正后的申请，答复期限重新起算（当日不计入）"),
        N_("补正告知期限：收到申请后第 {n} 个工作日"),
        N_("{what}开始，自次日起不计入期限"),
        N_("{what}结束，次日起恢复计算"),
        N_("暂停尚未结束，期限冻结，到期日暂无法确定"),
        N_("答复期限：第 {n} 个工作日"),
        N_("延期后答复期限：第 {n} 个工作日"),
        N_("节假日，不计"),
        N_("周末，不计"),
        N_("{name}放假，不计"),
        N_("调休上班（{name}），计为第 {n} 个工作日（按周一至周五推定）"),
        N_("调休上班（{name}），计为第 {n} 个工作日"),
        N_("调休上班，计为第 {n} 个工作日（按周一至周五推定）"),
        N_("调休上班，计为第 {n} 个工作日"),
        N_("第 {n} 个工作日（按周一至周五推定）"),
        N_("第 {n} 个工作日"),
        N_("{what}，不计"),
    )
