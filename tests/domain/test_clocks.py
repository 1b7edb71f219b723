"""Application clocks: worked examples of domain-facts §2.17, pauses, 补正, status labels."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_desk.domain.clocks import (
    Pause,
    clock_status,
    compute_application_clocks,
    correction_notice_due,
    fee_payment_due,
    proactive_due,
    third_party_answer_due,
)
from disclosure_desk.domain.errors import InputError, UnknownCalendarYear
from disclosure_desk.domain.workcal import DayOverride, WorkCalendar

CAL = WorkCalendar()
DEADLINE_KEYS = {
    "received",
    "clock_start",
    "due",
    "extended_due",
    "correction_notice_due",
    "excluded_working_days",
}


def clocks(received: date, **kw):
    kw.setdefault("today", received)
    return compute_application_clocks(CAL, received, **kw)


# --- worked examples (domain-facts §2.17) --------------------------------------------------


def test_example_2025_09_26() -> None:
    c = clocks(date(2025, 9, 26))
    assert c.due == date(2025, 10, 30)
    assert c.extended_due == date(2025, 11, 27)
    assert c.clock_start == date(2025, 9, 26)


def test_example_2026_02_10() -> None:
    assert clocks(date(2026, 2, 10)).due == date(2026, 3, 16)


def test_example_2024_12_31() -> None:
    assert clocks(date(2024, 12, 31)).due == date(2025, 2, 5)


def test_example_2026_01_05() -> None:
    assert clocks(date(2026, 1, 5)).correction_notice_due == date(2026, 1, 14)
    assert correction_notice_due(CAL, date(2026, 1, 5)) == date(2026, 1, 14)
    assert third_party_answer_due(CAL, date(2026, 1, 5)) == date(2026, 1, 26)


def test_other_periods() -> None:
    assert proactive_due(CAL, date(2025, 9, 26)) == date(2025, 10, 30)
    assert fee_payment_due(CAL, date(2024, 12, 31)) == date(2025, 2, 5)


# --- JSON shape -----------------------------------------------------------------------------


def test_json_has_the_deadline_keys() -> None:
    c = clocks(date(2025, 3, 3), pauses=[Pause(date(2025, 3, 5), date(2025, 3, 7), "third_party")])
    data = c.to_json_dict()
    assert DEADLINE_KEYS <= set(data)
    assert data["received"] == "2025-03-03"
    assert data["clock_start"] == "2025-03-03"
    assert data["due"] == "2025-04-02"
    assert data["correction_notice_due"] == "2025-03-12"
    assert data["excluded_working_days"] == ["2025-03-06", "2025-03-07"]
    assert data["paused"] is False and data["provisional"] is False


def test_json_nulls_when_frozen() -> None:
    c = clocks(
        date(2025, 3, 3), pauses=[Pause(date(2025, 3, 10), None, "fee")], today=date(2025, 3, 12)
    )
    data = c.to_json_dict()
    assert data["due"] is None and data["extended_due"] is None
    assert data["paused"] is True
    assert data["excluded_working_days"] == ["2025-03-11", "2025-03-12"]


# --- 补正 and pauses --------------------------------------------------------------------------


def test_correction_restarts_the_clock() -> None:
    c = clocks(date(2025, 9, 26), corrected=date(2025, 10, 9))
    assert c.clock_start == date(2025, 10, 9)
    assert c.due == CAL.nth_workday_after(date(2025, 10, 9), 20)
    # The 补正 notice is still counted from the original receipt.
    assert c.correction_notice_due == CAL.nth_workday_after(date(2025, 9, 26), 7)
    with pytest.raises(InputError):
        clocks(date(2025, 9, 26), corrected=date(2025, 9, 1))


def test_closed_pause_excludes_s_exclusive_e_inclusive() -> None:
    # 2025-03-03 (Mon) → 20th working day 03-31; pause 03-05..03-07 excludes 03-06 and 03-07.
    assert clocks(date(2025, 3, 3)).due == date(2025, 3, 31)
    c = clocks(date(2025, 3, 3), pauses=[Pause(date(2025, 3, 5), date(2025, 3, 7), "third_party")])
    assert c.due == date(2025, 4, 2)
    assert c.excluded_working_days == [date(2025, 3, 6), date(2025, 3, 7)]
    assert c.correction_notice_due == date(2025, 3, 12)  # pauses do not touch the 补正 notice


def test_overlapping_pauses_count_once() -> None:
    pauses = [
        Pause(date(2025, 3, 5), date(2025, 3, 7), "third_party"),
        Pause(date(2025, 3, 6), date(2025, 3, 10), "other_body"),
    ]
    c = clocks(date(2025, 3, 3), pauses=pauses)
    assert c.excluded_working_days == [date(2025, 3, 6), date(2025, 3, 7), date(2025, 3, 10)]
    assert c.due == date(2025, 4, 3)


def test_open_pause_freezes_clock() -> None:
    c = clocks(
        date(2025, 3, 3), pauses=[Pause(date(2025, 3, 10), None, "fee")], today=date(2025, 3, 20)
    )
    assert c.paused and c.due is None and c.extended_due is None
    assert c.used_working_days == 5  # 03-04..03-07 and 03-10
    status = clock_status(CAL, c, date(2025, 3, 20))
    assert (status.kind, status.days, status.label) == ("paused", 5, "暂停中（已用 5 个工作日）")
    frozen = [s for s in c.explanation if s.kind == "frozen"]
    assert frozen and frozen[0].day == date(2025, 3, 10)


def test_open_pause_after_the_due_date_keeps_due() -> None:
    pauses = [Pause(date(2025, 4, 10), None, "fee")]
    c = clocks(date(2025, 3, 3), pauses=pauses, today=date(2025, 4, 15))
    assert c.due == date(2025, 3, 31)
    assert c.extended_due is None
    assert not c.paused
    assert clocks(date(2025, 3, 3), pauses=pauses, extended=True).paused


def test_used_working_days_counts_to_today() -> None:
    c = clocks(date(2025, 9, 26), today=date(2025, 10, 10))
    assert c.used_working_days == 5  # 09-28 (调休), 09-29, 09-30, 10-09, 10-10
    assert clocks(date(2025, 9, 26), today=date(2025, 9, 1)).used_working_days == 0


def test_far_future_today_does_not_break_historic_deadlines() -> None:
    c = clocks(date(2025, 9, 26), today=date(2028, 5, 1))
    assert c.due == date(2025, 10, 30)
    assert c.used_working_days == CAL.workdays_between(date(2025, 9, 26), date(2026, 12, 31))


def test_pause_validation() -> None:
    with pytest.raises(InputError):
        Pause(date(2025, 3, 5), date(2025, 3, 4), "fee")
    with pytest.raises(InputError):
        Pause(date(2025, 3, 5), None, "holiday")


# --- unknown years ------------------------------------------------------------------------


def test_due_in_unknown_year_raises() -> None:
    with pytest.raises(UnknownCalendarYear) as caught:
        clocks(date(2026, 12, 20))
    assert caught.value.year == 2027 and "2027" in caught.value.message
    cal = WorkCalendar([DayOverride(date(2027, 1, 1), False, "元旦")])
    c = compute_application_clocks(cal, date(2026, 12, 20), today=date(2026, 12, 21))
    assert c.due == date(2027, 1, 18) and not c.provisional


def test_provisional_result_is_marked() -> None:
    cal = WorkCalendar(assume_weekdays_for_unknown=True)
    c = compute_application_clocks(cal, date(2026, 12, 20), today=date(2026, 12, 21))
    assert c.provisional and c.due == date(2027, 1, 15)
    assert c.to_json_dict()["provisional"] is True
    assert not compute_application_clocks(cal, date(2025, 3, 3), today=date(2025, 3, 3)).provisional


# --- status labels ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "kind", "days", "label"),
    [
        (date(2025, 3, 27), "remaining", 2, "剩余 2 个工作日"),
        (date(2025, 3, 29), "remaining", 1, "剩余 1 个工作日"),  # Saturday
        (date(2025, 3, 31), "due_today", 0, "今日到期"),
        (date(2025, 4, 2), "overdue", 2, "已超期 2 个工作日"),
    ],
)
def test_clock_status_labels(today: date, kind: str, days: int, label: str) -> None:
    status = clock_status(CAL, clocks(date(2025, 3, 3)), today)
    assert (status.kind, status.days, status.label) == (kind, days, label)


def test_status_uses_extended_due_when_extended() -> None:
    c = clocks(date(2025, 3, 3), extended=True)
    assert c.effective_due == c.extended_due
    assert clock_status(CAL, c, date(2025, 4, 2)).kind == "remaining"
    assert clock_status(CAL, c, c.extended_due).label == "今日到期"


def test_status_unknown_when_today_year_missing() -> None:
    status = clock_status(CAL, clocks(date(2026, 10, 9)), date(2027, 2, 1))
    assert status.kind == "unknown" and "2027" in status.label


# --- explanation --------------------------------------------------------------------------


def test_explanation_names_skipped_and_adjusted_days() -> None:
    pause = Pause(date(2025, 10, 13), date(2025, 10, 15), "third_party")
    c = clocks(date(2025, 9, 26), pauses=[pause])
    by_kind: dict[str, list] = {}
    for step in c.explanation:
        by_kind.setdefault(step.kind, []).append(step)
    assert any(
        s.day == date(2025, 9, 28) and "调休上班（国庆节）" in s.reason
        for s in by_kind["adjusted_workday"]
    )
    assert any("国庆节" in s.reason for s in by_kind["holiday"])
    assert any(s.reason == "周末，不计" for s in by_kind["weekend"])
    assert [s.day for s in by_kind["excluded"]] == [date(2025, 10, 14), date(2025, 10, 15)]
    assert "暂停（第三方征求意见）" in by_kind["excluded"][0].reason
    assert by_kind["due"][0].day == c.due and by_kind["extended_due"][0].day == c.extended_due
    assert [s.day for s in c.explanation] == sorted(s.day for s in c.explanation)
    assert not clocks(date(2025, 9, 26), explain=False).explanation


# --- properties -----------------------------------------------------------------------------

# Late enough for every pause mix to stay inside the package years (2026).
RECEIVED = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 6, 30))


@st.composite
def pause_lists(draw, received: date):
    pauses = []
    for _ in range(draw(st.integers(0, 3))):
        start = received + timedelta(days=draw(st.integers(-5, 40)))
        end = start + timedelta(days=draw(st.integers(0, 20)))
        pauses.append(
            Pause(start, end, draw(st.sampled_from(["third_party", "other_body", "fee"])))
        )
    return pauses


@settings(max_examples=200, deadline=None)
@given(RECEIVED, st.data())
def test_due_dates_are_counted_working_days(received: date, data) -> None:
    pauses = data.draw(pause_lists(received))
    c = compute_application_clocks(CAL, received, pauses=pauses, today=received, explain=False)
    for due in (c.due, c.extended_due, c.correction_notice_due):
        assert CAL.is_workday(due)
    assert not any(p.covers(c.due) for p in pauses)
    assert not any(p.covers(c.extended_due) for p in pauses)
    assert c.clock_start < c.due < c.extended_due


@settings(max_examples=200, deadline=None)
@given(RECEIVED, st.integers(0, 30))
def test_due_is_monotonic_in_receipt_date(received: date, gap: int) -> None:
    later = received + timedelta(days=gap)
    first = compute_application_clocks(CAL, received, today=received, explain=False)
    second = compute_application_clocks(CAL, later, today=later, explain=False)
    assert first.due <= second.due
    assert first.extended_due <= second.extended_due
    assert first.correction_notice_due <= second.correction_notice_due


@settings(max_examples=200, deadline=None)
@given(RECEIVED, st.data(), st.integers(0, 15))
def test_adding_or_lengthening_pauses_never_earlier(received: date, data, extra: int) -> None:
    pauses = data.draw(pause_lists(received))
    base = compute_application_clocks(CAL, received, pauses=pauses, today=received, explain=False)
    added = pauses + data.draw(pause_lists(received))
    more = compute_application_clocks(CAL, received, pauses=added, today=received, explain=False)
    assert more.due >= base.due and more.extended_due >= base.extended_due
    if pauses:
        p = pauses[0]
        longer = [Pause(p.start, p.end + timedelta(days=extra), p.kind), *pauses[1:]]
        grown = compute_application_clocks(
            CAL, received, pauses=longer, today=received, explain=False
        )
        assert grown.due >= base.due and grown.extended_due >= base.extended_due
