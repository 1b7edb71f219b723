"""信息处理费 tariff (国办函〔2020〕109号)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.fees import (
    FeeLine,
    per_application_fee,
    per_application_month_total,
    per_page_fee,
)


@pytest.mark.parametrize(
    ("n", "fee"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (45, 300),
        (50, 300),
        (51, 400),
    ],
)
def test_per_application_fee_bands(n: int, fee: int) -> None:
    assert per_application_fee(n) == fee


def test_month_total_for_45_is_5500() -> None:
    calc = per_application_month_total(45)
    assert calc.amount_yuan == 5500
    assert calc.lines == (
        FeeLine("11–30 件", 20, 100, 2000),
        FeeLine("31–40 件", 10, 200, 2000),
        FeeLine("41–45 件", 5, 300, 1500),
    )
    assert "31–40 件：10 件 × 200 元 = 2,000 元" in calc.explanation
    assert "5,500 元" in calc.explanation


def test_month_total_edges() -> None:
    assert per_application_month_total(0).amount_yuan == 0
    assert per_application_month_total(10).amount_yuan == 0
    assert per_application_month_total(10).lines == ()
    assert per_application_month_total(11).amount_yuan == 100
    assert per_application_month_total(30).amount_yuan == 2000
    assert per_application_month_total(31).amount_yuan == 2200
    assert per_application_month_total(40).amount_yuan == 4000
    assert per_application_month_total(41).amount_yuan == 4300


def test_250_pages_is_4700_with_arithmetic() -> None:
    calc = per_page_fee(250)
    assert calc.amount_yuan == 4700
    assert [tuple(line) for line in calc.lines] == [
        ("31–100 页", 70, 10, 700),
        ("101–200 页", 100, 20, 2000),
        ("201–250 页", 50, 40, 2000),
    ]
    assert "31–100 页：70 页 × 10 元 = 700 元" in calc.explanation


@pytest.mark.parametrize(
    ("pages", "fee"),
    [(0, 0), (1, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740)],
)
def test_page_edges(pages: int, fee: int) -> None:
    assert per_page_fee(pages).amount_yuan == fee


def test_free_page_explanation() -> None:
    assert "不收取" in per_page_fee(30).explanation


def test_bad_input() -> None:
    with pytest.raises(InputError):
        per_application_fee(0)
    with pytest.raises(InputError):
        per_page_fee(-1)
    with pytest.raises(InputError):
        per_application_month_total(-3)


@given(st.integers(min_value=0, max_value=2000))
def test_pages_monotonic_and_lines_sum(pages: int) -> None:
    a, b = per_page_fee(pages), per_page_fee(pages + 1)
    assert a.amount_yuan <= b.amount_yuan
    assert sum(line.subtotal for line in a.lines) == a.amount_yuan
    assert sum(line.count for line in a.lines) == max(0, pages - 30)


@given(st.integers(min_value=1, max_value=500))
def test_applications_monotonic_and_total_matches_sum(n: int) -> None:
    assert per_application_fee(n) <= per_application_fee(n + 1)
    total = per_application_month_total(n)
    assert total.amount_yuan == sum(per_application_fee(k) for k in range(1, n + 1))
    assert total.amount_yuan <= per_application_month_total(n + 1).amount_yuan
