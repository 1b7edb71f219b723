"""Quarterly summary ("一季一调度") as plain data: per-unit figures of a quarter, the
comparison with the previous quarter, and the ranking rule.

Ranking: fewer overdue matters (proactive + applications) first, then more items published.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from disclosure_desk.domain.errors import InputError

OUTCOME_GROUPS: tuple[tuple[str, str], ...] = (
    ("3.1", "予以公开"),
    ("3.2", "部分公开"),
    ("3.3", "不予公开"),
    ("3.4", "无法提供"),
    ("3.5", "不予处理"),
    ("3.6", "其他处理"),
)
METRICS: tuple[tuple[str, str], ...] = (
    ("items_registered", "登记信息"),
    ("items_published", "发布信息"),
    ("proactive_overdue", "主动公开超期"),
    ("reviews_pending", "待审查"),
    ("reviews_returned", "审查退回"),
    ("apps_received", "收到申请"),
    ("apps_replied", "办结申请"),
    ("apps_overdue", "申请超期"),
)


@dataclass
class UnitFigures:
    unit_id: int
    code: str
    name: str
    items_registered: int = 0
    items_published: int = 0
    proactive_overdue: int = 0
    reviews_pending: int = 0
    reviews_returned: int = 0
    apps_received: int = 0
    apps_replied: int = 0
    apps_overdue: int = 0
    outcomes: dict[str, int] = field(default_factory=lambda: {g: 0 for g, _ in OUTCOME_GROUPS})

    def value(self, metric: str) -> int:
        return int(getattr(self, metric))


@dataclass(frozen=True)
class RankRow:
    rank: int
    unit_name: str
    overdue: int
    published: int
    replied: int


@dataclass(frozen=True)
class QuarterFigures:
    label: str  # "2025年第1季度"
    start: dt.date
    end: dt.date
    as_of: dt.date
    units: list[UnitFigures]

    @property
    def complete(self) -> bool:
        """Whether the quarter had ended when the figures were taken."""
        return self.as_of >= self.end

    @property
    def shown_label(self) -> str:
        """ "2026年第4季度（截至 11-30）" while the quarter runs, else the plain label."""
        return self.label if self.complete else f"{self.label}（截至 {self.as_of:%m-%d}）"

    def total(self, metric: str) -> int:
        return sum(u.value(metric) for u in self.units)

    def outcome_total(self, group: str) -> int:
        return sum(u.outcomes[group] for u in self.units)


@dataclass(frozen=True)
class QuarterlySummary:
    year: int
    quarter: int
    unit_code: str | None
    unit_name: str
    agency_name: str
    current: QuarterFigures
    previous: QuarterFigures
    ranking: list[RankRow]
    generated_on: dt.date
    trend: list[QuarterFigures]  # the last four quarters, oldest first (ends with current)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    if quarter not in (1, 2, 3, 4):
        raise InputError("季度应为 1–4，而不是 {quarter}。", quarter=quarter)
    start = dt.date(year, 3 * quarter - 2, 1)
    nxt = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def last_complete_quarter(today: dt.date) -> tuple[int, int]:
    """The latest quarter that has ended by ``today`` (the summary a supervisor asks for)."""
    return previous_quarter(today.year, (today.month - 1) // 3 + 1)


def change(now: int, before: int, comparable: bool = True) -> tuple[str, str]:
    """增减 and 变化率 against the previous quarter; "—" when the current quarter is still
    running (a part quarter is not compared with a whole one) or there is nothing to divide by."""
    if not comparable:
        return "—", "—"
    diff = now - before
    sign = "+" if diff > 0 else ""
    rate = "—" if before == 0 else f"{sign}{diff / before * 100:.1f}%"
    return f"{sign}{diff}", rate


def rank_units(figures: QuarterFigures) -> list[RankRow]:
    ordered = sorted(
        figures.units,
        key=lambda u: (u.proactive_overdue + u.apps_overdue, -u.items_published, u.unit_id),
    )
    out: list[RankRow] = []
    for i, u in enumerate(ordered, 1):
        out.append(
            RankRow(
                i, u.name, u.proactive_overdue + u.apps_overdue, u.items_published, u.apps_replied
            )
        )
    return out
