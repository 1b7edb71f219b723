"""Statutory clocks of an application and related periods (PRODUCT.md §2.2, 条例 Art. 26, 30–33).

All periods are counted in working days of a ``WorkCalendar`` and never count their start day.
Reply due = 20th counted working day after the clock start (receipt, or receipt of the corrected
application after a 补正); extended due = 40th. Consultation and fee periods are pauses: a pause
from S to E excludes every working day d with S < d <= E; an open pause (no E) freezes the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from disclosure_desk.domain.errors import InputError, UnknownCalendarYear
from disclosure_desk.domain.workcal import WorkCalendar

REPLY_DAYS = 20  # Art. 33
EXTENDED_DAYS = 40  # Art. 33: at most 20 more
CORRECTION_NOTICE_DAYS = 7  # Art. 30
THIRD_PARTY_DAYS = 15  # Arts. 32, 34
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号 as implemented locally
PROACTIVE_DAYS = 20  # Art. 26

PAUSE_KINDS: dict[str, str] = {
    "third_party": "第三方征求意见",
    "other_body": "征求其他机关意见",
    "fee": "收费通知至缴费",
}


@dataclass(frozen=True)
class Pause:
    """A period not counted in the reply clock; ``end`` None means still running."""

    start: date
    end: date | None
    kind: str = "third_party"

    def __post_init__(self) -> None:
        if self.kind not in PAUSE_KINDS:
            raise InputError(
                "未知的暂停类型“{kind}”；可选：第三方征求意见、征求其他机关意见、收费。",
                kind=self.kind,
            )
        if self.end is not None and self.end < self.start:
            raise InputError(
                "暂停结束日期 {end} 早于开始日期 {start}。",
                end=self.end.isoformat(),
                start=self.start.isoformat(),
            )

    @property
    def label(self) -> str:
        return PAUSE_KINDS[self.kind]

    def covers(self, d: date) -> bool:
        return self.start < d and (self.end is None or d <= self.end)


@dataclass(frozen=True)
class ClockStep:
    """One line of the explanation: a date, what kind of event it is, and why (Chinese)."""

    day: date
    kind: str
    reason: str

    def to_json_dict(self) -> dict[str, str]:
        return {"date": self.day.isoformat(), "kind": self.kind, "reason": self.reason}


@dataclass(frozen=True)
class ApplicationClocks:
    """Every date the officer needs for one application; None where not (yet) determinable."""

    received: date
    clock_start: date
    due: date | None
    extended_due: date | None
    correction_notice_due: date
    excluded_working_days: list[date] = field(default_factory=list)
    paused: bool = False
    used_working_days: int = 0
    provisional: bool = False
    extended: bool = False
    explanation: list[ClockStep] = field(default_factory=list)

    @property
    def effective_due(self) -> date | None:
        """The date that binds now: extended_due once an extension was approved, else due."""
        return self.extended_due if self.extended else self.due

    def to_json_dict(self) -> dict[str, Any]:
        """The PRODUCT.md §3 ``deadline`` shape (dates YYYY-MM-DD, null when unknown) plus extras."""

        def iso(d: date | None) -> str | None:
            return d.isoformat() if d is not None else None

        return {
            "received": iso(self.received),
            "clock_start": iso(self.clock_start),
            "due": iso(self.due),
            "extended_due": iso(self.extended_due),
            "correction_notice_due": iso(self.correction_notice_due),
            "excluded_working_days": [d.isoformat() for d in self.excluded_working_days],
            "paused": self.paused,
            "used_working_days": self.used_working_days,
            "provisional": self.provisional,
            "extended": self.extended,
            "explanation": [step.to_json_dict() for step in self.explanation],
        }


@dataclass(frozen=True)
class ClockStatus:
    """Where a clock stands today, with the label the dashboard shows."""

    kind: str  # "remaining", "due_today", "overdue", "paused", "unknown"
    days: int
    label: str


def _excluder(pauses: Sequence[Pause]):
    def excluded(d: date) -> str:
        for pause in pauses:
            if pause.covers(d):
                return f"暂停（{pause.label}）"
        return ""

    return excluded


def _due_before_freeze(
    cal: WorkCalendar, start: date, n: int, excluded, freeze: date | None
) -> date | None:
    """The n-th counted day after start, or None when an open pause (from ``freeze``) comes first."""
    if freeze is None:
        return cal.nth_workday_after(start, n, excluded)
    if cal.workdays_between(start, freeze, excluded) < n:
        return None
    return cal.nth_workday_after(start, n, excluded)


def _count_until(cal: WorkCalendar, start: date, end: date, excluded) -> tuple[int, date]:
    """Counted days in (start, end]; stops quietly at the last known day when a year is unknown."""
    try:
        return cal.workdays_between(start, end, excluded), end
    except UnknownCalendarYear as err:
        last_known = date(err.year - 1, 12, 31)
        if last_known <= start:
            return 0, start
        return cal.workdays_between(start, last_known, excluded), last_known


def compute_application_clocks(
    cal: WorkCalendar,
    received: date,
    corrected: date | None = None,
    pauses: Sequence[Pause] = (),
    extended: bool = False,
    today: date | None = None,
    *,
    explain: bool = True,
) -> ApplicationClocks:
    """All clocks of one application. ``explain=False`` skips the explanation (bulk dashboards).

    Raises UnknownCalendarYear when a due date reaches a year without holiday data (unless the
    calendar assumes Mon–Fri for unknown years; then ``provisional`` is True).
    """
    if corrected is not None and corrected < received:
        raise InputError(
            "补正收到日期 {corrected} 早于申请收到日期 {received}。",
            corrected=corrected.isoformat(),
            received=received.isoformat(),
        )
    today = today or date.today()
    pauses = tuple(pauses)
    clock_start = corrected or received
    excluded = _excluder(pauses)
    open_starts = [p.start for p in pauses if p.end is None]
    freeze = min(open_starts) if open_starts else None

    correction_due = cal.nth_workday_after(received, CORRECTION_NOTICE_DAYS)
    due = _due_before_freeze(cal, clock_start, REPLY_DAYS, excluded, freeze)
    extended_due = _due_before_freeze(cal, clock_start, EXTENDED_DAYS, excluded, freeze)
    effective = extended_due if extended else due
    paused = effective is None

    # Days after the freeze are all excluded, so counting stops there (and never needs the
    # calendar of a far-away "today").
    used_limit = min(today, freeze) if freeze is not None else today
    used, counted_to = _count_until(cal, clock_start, used_limit, excluded)

    # The listed excluded days reach to the 40th day (covering both due dates); while frozen,
    # they reach to today so the officer sees how long the pause has lasted.
    horizon = extended_due if extended_due is not None else counted_to
    excluded_days = _excluded_days(cal, clock_start, extended_due or today, pauses)

    last = max(d for d in (correction_due, extended_due, due, counted_to, clock_start) if d)
    provisional = cal.is_provisional_span(received, last)

    steps: list[ClockStep] = []
    if explain:
        steps = _explanation(
            cal,
            received,
            corrected,
            clock_start,
            pauses,
            horizon,
            correction_due,
            due,
            extended_due,
            freeze,
        )
    return ApplicationClocks(
        received=received,
        clock_start=clock_start,
        due=due,
        extended_due=extended_due,
        correction_notice_due=correction_due,
        excluded_working_days=excluded_days,
        paused=paused,
        used_working_days=used,
        provisional=provisional,
        extended=extended,
        explanation=steps,
    )


def _excluded_days(
    cal: WorkCalendar, start: date, horizon: date, pauses: Sequence[Pause]
) -> list[date]:
    days: list[date] = []
    if not pauses:
        return days
    current = start
    while current < horizon:
        current += timedelta(days=1)
        try:
            working = cal.is_workday(current)
        except UnknownCalendarYear:
            break  # only reachable when "today" lies in a year without data
        if working and any(p.covers(current) for p in pauses):
            days.append(current)
    return days


def _explanation(
    cal: WorkCalendar,
    received: date,
    corrected: date | None,
    clock_start: date,
    pauses: Sequence[Pause],
    horizon: date,
    correction_due: date,
    due: date | None,
    extended_due: date | None,
    freeze: date | None,
) -> list[ClockStep]:
    steps = [ClockStep(received, "received", "收到申请（收到当日不计入期限）")]
    if corrected is not None:
        steps.append(
            ClockStep(corrected, "clock_start", "收到补正后的申请，答复期限重新起算（当日不计入）")
        )
    steps.append(
        ClockStep(
            correction_due,
            "correction_notice_due",
            f"补正告知期限：收到申请后第 {CORRECTION_NOTICE_DAYS} 个工作日",
        )
    )
    for pause in pauses:
        steps.append(
            ClockStep(pause.start, "pause_start", f"{pause.label}开始，自次日起不计入期限")
        )
        if pause.end is not None:
            steps.append(ClockStep(pause.end, "pause_end", f"{pause.label}结束，次日起恢复计算"))
    if freeze is not None and extended_due is None:
        steps.append(ClockStep(freeze, "frozen", "暂停尚未结束，期限冻结，到期日暂无法确定"))
    # Only the days that need explaining: skipped days and counted 调休 weekend days.
    for day in cal.explain(clock_start, horizon, _excluder(pauses)):
        if day.kind == "workday":
            continue
        steps.append(ClockStep(day.day, day.kind, day.reason))
    if due is not None:
        steps.append(ClockStep(due, "due", f"答复期限：第 {REPLY_DAYS} 个工作日"))
    if extended_due is not None:
        steps.append(
            ClockStep(extended_due, "extended_due", f"延期后答复期限：第 {EXTENDED_DAYS} 个工作日")
        )
    steps.sort(key=lambda s: s.day)  # stable: events of one day keep the order above
    return steps


def correction_notice_due(cal: WorkCalendar, received: date) -> date:
    """补正 notice due: 7th working day after receipt (Art. 30)."""
    return cal.nth_workday_after(received, CORRECTION_NOTICE_DAYS)


# The dashboard reminds of an undecided 补正 notice this many working days before its deadline,
# for applications received at most NOTICE_LOOKBACK_DAYS calendar days ago.
NOTICE_REMIND_DAYS = 2
NOTICE_LOOKBACK_DAYS = 14


def correction_notice_reminder_dates(cal: WorkCalendar, today: date) -> list[date]:
    """Receipt dates whose 补正 notice deadline is today or within NOTICE_REMIND_DAYS working
    days (and at most NOTICE_LOOKBACK_DAYS ago): the cases the dashboard reminds of and the
    applications list's 等待补正/征询/缴费 filter shows. Years without holiday data are skipped."""
    out = []
    for back in range(NOTICE_LOOKBACK_DAYS + 1):
        received = date.fromordinal(today.toordinal() - back)
        try:
            due = correction_notice_due(cal, received)
            if due >= today and cal.workdays_between(today, due) <= NOTICE_REMIND_DAYS:
                out.append(received)
        except UnknownCalendarYear:
            continue
    return out


def third_party_answer_due(cal: WorkCalendar, letter_received: date) -> date:
    """Third party / co-maker answer due: 15th working day after it received the letter."""
    return cal.nth_workday_after(letter_received, THIRD_PARTY_DAYS)


def fee_payment_due(cal: WorkCalendar, notice_received: date) -> date:
    """Fee payment due: 20th working day after the applicant received the fee notice."""
    return cal.nth_workday_after(notice_received, FEE_PAYMENT_DAYS)


def proactive_due(cal: WorkCalendar, formed_or_changed: date) -> date:
    """Proactive publication due: 20th working day after forming or change (Art. 26)."""
    return cal.nth_workday_after(formed_or_changed, PROACTIVE_DAYS)


def clock_status(cal: WorkCalendar, clocks: ApplicationClocks, today: date) -> ClockStatus:
    """Remaining / due today / overdue / paused, counted in working days from ``today``."""
    if clocks.paused:
        n = clocks.used_working_days
        return ClockStatus("paused", n, f"暂停中（已用 {n} 个工作日）")
    due = clocks.effective_due
    if due is None:
        return ClockStatus("unknown", 0, "到期日未知")
    try:
        if today == due:
            return ClockStatus("due_today", 0, "今日到期")
        if today < due:
            n = cal.workdays_between(today, due)
            return ClockStatus("remaining", n, f"剩余 {n} 个工作日")
        # A weekend right after a Friday deadline is already late: report at least one day.
        n = max(1, cal.workdays_between(due, today))
        return ClockStatus("overdue", n, f"已超期 {n} 个工作日")
    except UnknownCalendarYear as err:
        return ClockStatus("unknown", 0, f"缺少 {err.year} 年节假日数据，无法计算")
