"""Working-day calendar: the 2024–2026 State Council schedules, overrides, unknown years, speed."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from disclosure_desk.domain.errors import InputError, UnknownCalendarYear
from disclosure_desk.domain.workcal import DayOverride, WorkCalendar

# The notices of domain-facts §4.2–4.4, written out independently of the package:
# (name, first day off, last day off, 调休上班 days). Weekend days inside a block are off too.
SCHEDULES: dict[int, list[tuple[str, date, date, list[date]]]] = {
    2024: [
        ("元旦", date(2024, 1, 1), date(2024, 1, 1), []),
        ("春节", date(2024, 2, 10), date(2024, 2, 17), [date(2024, 2, 4), date(2024, 2, 18)]),
        ("清明节", date(2024, 4, 4), date(2024, 4, 6), [date(2024, 4, 7)]),
        ("劳动节", date(2024, 5, 1), date(2024, 5, 5), [date(2024, 4, 28), date(2024, 5, 11)]),
        ("端午节", date(2024, 6, 10), date(2024, 6, 10), []),  # with the weekend 06-08/09
        ("中秋节", date(2024, 9, 15), date(2024, 9, 17), [date(2024, 9, 14)]),
        ("国庆节", date(2024, 10, 1), date(2024, 10, 7), [date(2024, 9, 29), date(2024, 10, 12)]),
    ],
    2025: [
        ("元旦", date(2025, 1, 1), date(2025, 1, 1), []),
        ("春节", date(2025, 1, 28), date(2025, 2, 4), [date(2025, 1, 26), date(2025, 2, 8)]),
        ("清明节", date(2025, 4, 4), date(2025, 4, 6), []),
        ("劳动节", date(2025, 5, 1), date(2025, 5, 5), [date(2025, 4, 27)]),
        ("端午节", date(2025, 5, 31), date(2025, 6, 2), []),
        ("国庆节", date(2025, 10, 1), date(2025, 10, 8), [date(2025, 9, 28), date(2025, 10, 11)]),
    ],
    2026: [
        ("元旦", date(2026, 1, 1), date(2026, 1, 3), [date(2026, 1, 4)]),
        ("春节", date(2026, 2, 15), date(2026, 2, 23), [date(2026, 2, 14), date(2026, 2, 28)]),
        ("清明节", date(2026, 4, 4), date(2026, 4, 6), []),
        ("劳动节", date(2026, 5, 1), date(2026, 5, 5), [date(2026, 5, 9)]),
        ("端午节", date(2026, 6, 19), date(2026, 6, 21), []),
        ("中秋节", date(2026, 9, 25), date(2026, 9, 27), []),
        ("国庆节", date(2026, 10, 1), date(2026, 10, 7), [date(2026, 9, 20), date(2026, 10, 10)]),
    ],
}
WORKING_DAYS = {2024: 251, 2025: 248, 2026: 248}
WEEKDAYS_OFF = {2024: 19, 2025: 18, 2026: 19}
WEEKENDS_WORKED = {2024: 8, 2025: 5, 2026: 6}


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _schedule_days() -> list[tuple[str, date]]:
    return [
        (name, d)
        for blocks in SCHEDULES.values()
        for name, first, last, _ in blocks
        for d in _days(first, last)
    ]


def _adjusted_days() -> list[tuple[str, date]]:
    return [(name, d) for blocks in SCHEDULES.values() for name, _, _, work in blocks for d in work]


OFF = {d for _, d in _schedule_days()} | {date(2024, 6, 8), date(2024, 6, 9)}
WORK = {d for _, d in _adjusted_days()}


def reference_is_workday(d: date) -> bool:
    """An independent calendar built only from the tables above."""
    return d in WORK or (d.weekday() < 5 and d not in OFF)


def reference_nth(d: date, n: int) -> date:
    while n:
        d += timedelta(days=1)
        n -= reference_is_workday(d)
    return d


CAL = WorkCalendar()


@pytest.mark.parametrize(("name", "day"), _schedule_days(), ids=lambda v: str(v))
def test_every_holiday_day_is_off_and_named(name: str, day: date) -> None:
    info = CAL.day_info(day)
    assert CAL.is_workday(day) is False
    assert info.kind == "holiday"
    # 2025-10-06 is 中秋节 inside the combined 国庆节、中秋节 break.
    expected = "中秋节" if day == date(2025, 10, 6) else name
    assert info.name == expected
    assert expected in info.label


@pytest.mark.parametrize(("name", "day"), _adjusted_days(), ids=lambda v: str(v))
def test_every_adjusted_working_day_counts(name: str, day: date) -> None:
    info = CAL.day_info(day)
    assert day.weekday() >= 5
    assert CAL.is_workday(day) is True
    assert info.kind == "adjusted_workday"
    assert info.name == name
    assert info.label == f"调休上班（{name}）"


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_year_totals(year: int) -> None:
    days = CAL.year_days(year)
    assert CAL.workday_count(year) == WORKING_DAYS[year]
    assert sum(1 for i in days if i.day.weekday() < 5 and not i.is_workday) == WEEKDAYS_OFF[year]
    assert sum(1 for i in days if i.kind == "adjusted_workday") == WEEKENDS_WORKED[year]
    assert all(i.is_workday == reference_is_workday(i.day) for i in days)


def test_ordinary_days_and_eve_of_spring_festival_2024() -> None:
    assert CAL.day_info(date(2025, 3, 5)).kind == "workday"
    assert CAL.day_info(date(2025, 3, 8)).kind == "weekend"
    assert CAL.day_info(date(2025, 3, 8)).label == "周末"
    # 除夕 2024-02-09 is a normal working day (the notice only encourages rest).
    assert CAL.is_workday(date(2024, 2, 9)) is True
    # 2024 端午: only 06-10 is a holiday; the weekend before it is a plain weekend.
    assert CAL.day_info(date(2024, 6, 8)).kind == "weekend"


def _blocks() -> list[tuple[str, date, date]]:
    return [(n, f, last) for blocks in SCHEDULES.values() for n, f, last, _ in blocks]


@pytest.mark.parametrize(("name", "first", "last"), _blocks(), ids=lambda v: str(v))
@pytest.mark.parametrize("n", [7, 15, 20, 40])
def test_deadlines_straddling_each_holiday(name: str, first: date, last: date, n: int) -> None:
    # Receipt in the week before the break, inside it, and right after it.
    for received in _days(first - timedelta(days=7), last + timedelta(days=1)):
        due = CAL.nth_workday_after(received, n)
        if due.year > 2026:
            continue
        assert due == reference_nth(received, n), (received, n)
        assert due not in OFF


def test_hand_counted_straddles() -> None:
    # Friday before 2026 春节: 02-14 (Sat, 调休) is day 1, 02-28 (Sat, 调休) day 6.
    assert CAL.nth_workday_after(date(2026, 2, 13), 20) == date(2026, 3, 19)
    # Day before 2025 国庆: 10-09 is day 1, 10-11 (Sat, 调休) day 3.
    assert CAL.nth_workday_after(date(2025, 9, 30), 3) == date(2025, 10, 11)
    # Received on a holiday: counting starts the next working day.
    assert CAL.nth_workday_after(date(2024, 10, 3), 1) == date(2024, 10, 8)


def test_start_day_never_counts() -> None:
    monday = date(2025, 3, 3)
    assert CAL.nth_workday_after(monday, 1) == date(2025, 3, 4)
    assert CAL.nth_workday_after(monday, 0) == monday
    with pytest.raises(InputError):
        CAL.nth_workday_after(monday, -1)


def test_workdays_between_is_half_open() -> None:
    assert CAL.workdays_between(date(2025, 3, 3), date(2025, 3, 3)) == 0
    assert CAL.workdays_between(date(2025, 3, 3), date(2025, 3, 10)) == 5
    assert CAL.workdays_between(date(2025, 3, 10), date(2025, 3, 3)) == 0
    assert CAL.workdays_between(date(2025, 9, 30), date(2025, 10, 11)) == 3


def test_excluded_callback_skips_days() -> None:
    skip = {date(2025, 3, 4), date(2025, 3, 5)}
    assert CAL.nth_workday_after(date(2025, 3, 3), 1, skip.__contains__) == date(2025, 3, 6)
    with pytest.raises(InputError):
        CAL.nth_workday_after(date(2025, 3, 3), 1, lambda d: True)


def test_explain_reasons() -> None:
    steps = CAL.explain(date(2025, 9, 26), date(2025, 10, 9))
    by_day = {s.day: s for s in steps}
    assert by_day[date(2025, 9, 27)].reason == "周末，不计"
    assert by_day[date(2025, 9, 28)].counted and by_day[date(2025, 9, 28)].ordinal == 1
    assert "调休上班（国庆节）" in by_day[date(2025, 9, 28)].reason
    assert by_day[date(2025, 10, 6)].reason == "中秋节放假，不计"
    assert by_day[date(2025, 10, 9)].ordinal == 4
    excluded = CAL.explain(date(2025, 3, 3), date(2025, 3, 5), lambda d: "暂停（第三方征求意见）")
    assert [s.kind for s in excluded] == ["excluded", "excluded"]
    assert excluded[0].reason == "暂停（第三方征求意见），不计"


# --- unknown years ------------------------------------------------------------------------


def test_unknown_year_raises_naming_it() -> None:
    with pytest.raises(UnknownCalendarYear) as caught:
        CAL.nth_workday_after(date(2026, 12, 20), 20)
    assert caught.value.year == 2027
    assert "2027" in str(caught.value)
    assert not CAL.is_known_year(2027)
    assert CAL.missing_years([2025, 2027, 2028, 2027]) == [2027, 2028]
    assert {2004, 2026} <= CAL.known_years() and 2027 not in CAL.known_years()


def test_adding_2027_overrides_makes_the_year_known() -> None:
    cal = WorkCalendar([DayOverride(date(2027, 1, 1), False, "元旦")])
    assert cal.is_known_year(2027)
    # Dec 2026 gives 9 working days; 2027-01-01 (Fri) is off.
    assert cal.nth_workday_after(date(2026, 12, 20), 20) == date(2027, 1, 18)
    assert cal.day_info(date(2027, 1, 1)).name == "元旦"
    assert cal.day_info(date(2027, 1, 4)).kind == "workday"


def test_extra_known_years_and_package_off() -> None:
    cal = WorkCalendar(extra_known_years={2028})
    assert cal.is_known_year(2028) and cal.is_workday(date(2028, 3, 1))
    bare = WorkCalendar(use_package=False)
    assert bare.known_years() == set()
    with pytest.raises(UnknownCalendarYear):
        bare.is_workday(date(2025, 3, 3))


def test_provisional_mode_assumes_weekdays() -> None:
    cal = WorkCalendar(assume_weekdays_for_unknown=True)
    info = cal.day_info(date(2027, 1, 1))
    assert info.is_workday and info.provisional and info.source == "assumed"
    assert cal.nth_workday_after(date(2026, 12, 20), 20) == date(2027, 1, 15)
    assert cal.is_provisional_span(date(2026, 12, 20), date(2027, 1, 15))
    assert not cal.is_provisional_span(date(2025, 1, 1), date(2026, 12, 31))


# --- database overrides win ---------------------------------------------------------------


def test_override_weekday_off_moves_deadline() -> None:
    base = CAL.nth_workday_after(date(2025, 3, 3), 20)
    cal = WorkCalendar([DayOverride(date(2025, 3, 5), False, "本地停电")])
    assert not cal.is_workday(date(2025, 3, 5))
    assert cal.day_info(date(2025, 3, 5)).kind == "holiday"
    assert cal.day_info(date(2025, 3, 5)).source == "override"
    assert cal.nth_workday_after(date(2025, 3, 3), 20) == base + timedelta(days=1)


def test_override_saturday_working_moves_deadline_earlier() -> None:
    base = CAL.nth_workday_after(date(2025, 3, 3), 20)
    cal = WorkCalendar([DayOverride(date(2025, 3, 8), True, "补班")])
    assert cal.day_info(date(2025, 3, 8)).kind == "adjusted_workday"
    assert cal.nth_workday_after(date(2025, 3, 3), 20) < base


def test_override_corrects_package_holiday() -> None:
    cal = WorkCalendar([DayOverride(date(2025, 10, 8), True)])
    assert cal.is_workday(date(2025, 10, 8))
    assert cal.day_info(date(2025, 10, 8)).kind == "workday"


def test_year_overrides_reproduce_the_year_without_package() -> None:
    for year in (2024, 2025, 2026):
        rows = CAL.year_overrides(year)
        replica = WorkCalendar(rows, use_package=False)
        assert [i.is_workday for i in replica.year_days(year)] == [
            i.is_workday for i in CAL.year_days(year)
        ]
        assert replica.workday_count(year) == WORKING_DAYS[year]


# --- properties and speed -----------------------------------------------------------------

DATES = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 10, 15))


@settings(max_examples=300, deadline=None)
@given(DATES, st.integers(min_value=1, max_value=40))
def test_nth_workday_is_a_workday_with_exactly_n_before(d: date, n: int) -> None:
    due = CAL.nth_workday_after(d, n)
    assert CAL.is_workday(due)
    assert CAL.workdays_between(d, due) == n
    assert CAL.workdays_between(d, due - timedelta(days=1)) == n - 1


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 10, 15)))
def test_matches_the_independent_reference(d: date) -> None:
    assert CAL.nth_workday_after(d, 20) == reference_nth(d, 20)


def test_fast_enough_for_fifty_thousand_applications() -> None:
    cal = WorkCalendar()
    start = date(2024, 1, 1)
    cal.nth_workday_after(start, 40)  # warm the cache like a running app
    began = time.perf_counter()
    for i in range(50_000):
        cal.nth_workday_after(start + timedelta(days=i % 900), 40)
    elapsed = time.perf_counter() - began
    assert elapsed < 5.0, elapsed


def test_package_days_read_directly_equal_the_package_function():
    """workcal reads chinese_calendar's tables directly (its own function re-checks the year range
    over every listed date at each call); every day of every year the package knows agrees."""
    import datetime as dt

    import chinese_calendar

    from disclosure_desk.domain import workcal

    years = [y for y in range(2000, 2031) if WorkCalendar()._package_knows(y)]
    assert years and min(years) <= 2004 and max(years) >= 2026
    day = dt.date(min(years), 1, 1)
    while day.year <= max(years):
        assert workcal._package_detail(day) == chinese_calendar.get_holiday_detail(day), day
        day += dt.timedelta(days=1)
