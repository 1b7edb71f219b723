"""The working-day calendar every statutory clock is counted in (PRODUCT.md §2.1).

A working day is Monday–Friday except statutory holidays, plus the 调休 weekend days declared
working days. Sources, strongest first:

1. the administrator's holiday table (``DayOverride`` rows from the database or an import);
2. the ``chinesecalendar`` package (2004–2026 in 1.11.0);
3. nothing — the day is *unknown* and asking about it raises ``UnknownCalendarYear`` naming the
   year, unless the calendar was built with ``assume_weekdays_for_unknown=True`` (GUI preview),
   in which case Monday–Friday is assumed and every answer is marked provisional.

Which years are "known": a year the package covers (``use_package=True``), a year listed in
``extra_known_years`` (the store declares years fully loaded by an import), or — the simple rule
that keeps a hand-entered year usable — any year in which at least one override exists. So
entering a single 2027 day makes all of 2027 known; the administrator is expected to enter or
import the whole year's notice at once.

Counting follows 民法典 第二百零一条: "the N-th working day after D" never counts D itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from disclosure_desk.domain.errors import InputError, UnknownCalendarYear

try:  # the one third-party import allowed in domain/ (ARCHITECTURE.md)
    import chinese_calendar as _cc
    from chinese_calendar.constants import Holiday as _PackageHoliday
except ImportError:  # pragma: no cover - the package is a declared dependency
    _cc = None
    _PackageHoliday = None

DAY_KINDS: tuple[str, ...] = ("workday", "weekend", "holiday", "adjusted_workday")
KIND_LABELS: dict[str, str] = {
    "workday": "工作日",
    "weekend": "周末",
    "holiday": "节假日",
    "adjusted_workday": "调休上班",
}

# The package's short names differ from the names in the State Council notices (§4.2–4.4).
_NAME_FIXES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}
_ONE_DAY = timedelta(days=1)
# A count that has not finished after this many calendar days is a bug or an endless exclusion
# (e.g. an open pause); fail loudly instead of looping forever.
_MAX_SCAN_DAYS = 366 * 20

# ``excluded`` callbacks may return a bool or a reason text (truthy = the day is not counted).
Excluded = Callable[[date], "bool | str"]


@dataclass(frozen=True)
class DayOverride:
    """One administrator-maintained day: 休 (is_workday False) or 班 (is_workday True)."""

    day: date
    is_workday: bool
    name: str = ""


@dataclass(frozen=True)
class DayInfo:
    """What the calendar says about one day, with the holiday name when there is one."""

    day: date
    is_workday: bool
    kind: str
    name: str = ""
    provisional: bool = False
    source: str = "package"  # "package", "override" or "assumed" (Mon–Fri guess)

    @property
    def label(self) -> str:
        """Short Chinese description, e.g. "节假日（国庆节）" or "调休上班（春节）"."""
        base = KIND_LABELS[self.kind]
        return f"{base}（{self.name}）" if self.name and self.kind != "workday" else base


@dataclass(frozen=True)
class ExplainStep:
    """One calendar day of a count, whether it counted and why (for the explanation panel)."""

    day: date
    kind: str  # a DAY_KINDS value, or "excluded" (a working day not counted, e.g. a pause)
    name: str
    counted: bool
    ordinal: int  # 1-based number of the counted working day; 0 when not counted
    reason: str
    provisional: bool = False


def _package_detail(d: date) -> tuple[bool, str | None]:
    """``chinese_calendar.get_holiday_detail`` for a year the package knows, without its range
    check (a min/max over every date it lists, ≈ 20 µs a call: 6 ms for one page of register rows);
    the caller has checked the year (``_package_knows``)."""
    if d in _cc.workdays:
        return False, _cc.workdays[d]
    if d in _cc.holidays:
        return True, _cc.holidays[d]
    return d.weekday() > 4, None


def _package_name(raw: str | None) -> str:
    if not raw:
        return ""
    chinese = raw
    if _PackageHoliday is not None:
        try:
            chinese = _PackageHoliday(raw).chinese
        except ValueError:
            chinese = raw
    return _NAME_FIXES.get(chinese, chinese)


class WorkCalendar:
    """Working-day answers with per-day caching; cheap enough for 50,000 clocks at a time."""

    def __init__(
        self,
        overrides: Iterable[DayOverride] = (),
        use_package: bool = True,
        *,
        extra_known_years: Iterable[int] = (),
        assume_weekdays_for_unknown: bool = False,
    ) -> None:
        self._overrides: dict[date, DayOverride] = {}
        for override in overrides:
            self._overrides[override.day] = override
        self.use_package = use_package and _cc is not None
        self.assume_weekdays_for_unknown = assume_weekdays_for_unknown
        self._override_years = {d.year for d in self._overrides}
        self._extra_years = set(extra_known_years)
        self._package_years: dict[int, bool] = {}
        self._info_cache: dict[date, DayInfo] = {}
        self._workday_cache: dict[date, bool] = {}

    # --- which years are known -------------------------------------------------------------

    @property
    def overrides(self) -> tuple[DayOverride, ...]:
        return tuple(sorted(self._overrides.values(), key=lambda o: o.day))

    def _package_knows(self, year: int) -> bool:
        if not self.use_package:
            return False
        known = self._package_years.get(year)
        if known is None:
            try:
                _cc.is_workday(date(year, 6, 1))
                known = True
            except NotImplementedError:
                known = False
            self._package_years[year] = known
        return known

    def is_known_year(self, year: int) -> bool:
        return (
            year in self._override_years or year in self._extra_years or self._package_knows(year)
        )

    def known_years(self) -> set[int]:
        """Every year with data (package years are probed over 1949–2200)."""
        years = self._override_years | self._extra_years
        if self.use_package:
            years |= {y for y in range(1949, 2201) if self._package_knows(y)}
        return years

    def missing_years(self, years: Iterable[int]) -> list[int]:
        return sorted({y for y in years if not self.is_known_year(y)})

    def is_provisional_span(self, first: date, last: date) -> bool:
        """True when a result over [first, last] rests on the Mon–Fri guess for some year."""
        low, high = min(first, last), max(first, last)
        return any(not self.is_known_year(y) for y in range(low.year, high.year + 1))

    # --- single days -----------------------------------------------------------------------

    def day_info(self, d: date) -> DayInfo:
        info = self._info_cache.get(d)
        if info is None:
            info = self._compute_info(d)
            self._info_cache[d] = info
        return info

    def is_workday(self, d: date) -> bool:
        answer = self._workday_cache.get(d)
        if answer is None:
            answer = self.day_info(d).is_workday
            self._workday_cache[d] = answer
        return answer

    def _compute_info(self, d: date) -> DayInfo:
        weekend = d.weekday() >= 5
        override = self._overrides.get(d)
        if override is not None:
            return self._override_info(override, weekend)
        if self._package_knows(d.year):
            on_holiday, raw_name = _package_detail(d)
            name = _package_name(raw_name)
            if not on_holiday:
                kind = "adjusted_workday" if weekend else "workday"
                return DayInfo(d, True, kind, name)
            return DayInfo(d, False, "holiday" if name else "weekend", name)
        if self.is_known_year(d.year):
            # Years known only through overrides: days not listed follow the Mon–Fri rule.
            return DayInfo(d, not weekend, "weekend" if weekend else "workday", source="override")
        if self.assume_weekdays_for_unknown:
            kind = "weekend" if weekend else "workday"
            return DayInfo(d, not weekend, kind, provisional=True, source="assumed")
        raise UnknownCalendarYear(d.year)

    @staticmethod
    def _override_info(override: DayOverride, weekend: bool) -> DayInfo:
        d, name = override.day, override.name.strip()
        if override.is_workday:
            kind = "adjusted_workday" if weekend else "workday"
            return DayInfo(d, True, kind, name, source="override")
        # A named weekend day inside a holiday block is part of the holiday (e.g. 春节 Saturday).
        kind = "holiday" if (name or not weekend) else "weekend"
        return DayInfo(d, False, kind, name, source="override")

    # --- counting --------------------------------------------------------------------------

    def nth_workday_after(self, d: date, n: int, excluded: Excluded | None = None) -> date:
        """The n-th counted working day after d (d itself never counts; n=0 gives d)."""
        if n < 0:
            raise InputError("工作日数不能为负数。")
        current, counted, scanned = d, 0, 0
        is_workday = self.is_workday
        while counted < n:
            current += _ONE_DAY
            scanned += 1
            if scanned > _MAX_SCAN_DAYS:
                raise InputError(
                    "自 {day} 起二十年内数不满 {n} 个工作日，请检查暂停设置。",
                    day=d.isoformat(),
                    n=n,
                )
            if is_workday(current) and not (excluded is not None and excluded(current)):
                counted += 1
        return current

    def workdays_between(self, a: date, b: date, excluded: Excluded | None = None) -> int:
        """Number of counted working days d with a < d <= b (0 when b <= a)."""
        count, current = 0, a
        is_workday = self.is_workday
        while current < b:
            current += _ONE_DAY
            if is_workday(current) and not (excluded is not None and excluded(current)):
                count += 1
        return count

    def explain(
        self, d_start: date, d_end: date, excluded: Excluded | None = None
    ) -> list[ExplainStep]:
        """Every day d with d_start < d <= d_end, numbered as counted, each with its reason."""
        steps: list[ExplainStep] = []
        ordinal, current = 0, d_start
        while current < d_end:
            current += _ONE_DAY
            info = self.day_info(current)
            why = excluded(current) if (excluded is not None and info.is_workday) else False
            if info.is_workday and not why:
                ordinal += 1
                steps.append(self._counted_step(info, ordinal))
                continue
            if info.is_workday:
                text = why if isinstance(why, str) else "不计入期限"
                steps.append(
                    ExplainStep(
                        current, "excluded", info.name, False, 0, f"{text}，不计", info.provisional
                    )
                )
                continue
            if info.kind == "holiday":
                reason = f"{info.name}放假，不计" if info.name else "节假日，不计"
            else:
                reason = "周末，不计"
            steps.append(
                ExplainStep(current, info.kind, info.name, False, 0, reason, info.provisional)
            )
        return steps

    @staticmethod
    def _counted_step(info: DayInfo, ordinal: int) -> ExplainStep:
        if info.kind == "adjusted_workday":
            label = f"（{info.name}）" if info.name else ""
            reason = f"调休上班{label}，计为第 {ordinal} 个工作日"
        else:
            reason = f"第 {ordinal} 个工作日"
        if info.provisional:
            reason += "（按周一至周五推定）"
        return ExplainStep(info.day, info.kind, info.name, True, ordinal, reason, info.provisional)

    # --- whole years -----------------------------------------------------------------------

    def year_days(self, year: int) -> list[DayInfo]:
        start = date(year, 1, 1)
        return [
            self.day_info(start + timedelta(days=i))
            for i in range((date(year + 1, 1, 1) - start).days)
        ]

    def workday_count(self, year: int) -> int:
        return sum(1 for info in self.year_days(year) if info.is_workday)

    def year_overrides(self, year: int) -> list[DayOverride]:
        """The year's holidays and 调休 working days as rows (for export and `calendar show`).

        Loading these rows into a calendar without the package reproduces the year exactly.
        """
        rows: list[DayOverride] = []
        for info in self.year_days(year):
            if info.kind in ("holiday", "adjusted_workday") or (
                info.source == "override" and info.day in self._overrides
            ):
                rows.append(DayOverride(info.day, info.is_workday, info.name))
        return rows
