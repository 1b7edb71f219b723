"""信息处理费 tariff (国办函〔2020〕109号): 按件 per applicant per month, 按量 per application by pages.

Both methods are excess-progressive; results carry the arithmetic line by line so the fee
notice can print how the amount was reached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from disclosure_desk.domain.errors import InputError, Sentence, Seq, Term, Text

FREE_APPLICATIONS = 10

# (first page, last page or None, 元 per page) for 按量计收.
PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, 30, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


class FeeLine(NamedTuple):
    """One band of the calculation: range text, count in the band, unit price, subtotal."""

    range_text: str
    count: int  # type: ignore[assignment]  # a field, shadowing tuple.count on purpose
    unit_price: int
    subtotal: int


@dataclass(frozen=True)
class FeeCalc:
    """A fee with its arithmetic: the amount in 元 and one line per charged band."""

    amount_yuan: int
    lines: tuple[FeeLine, ...]
    explanation: str


def per_application_fee(nth_in_month: int) -> int:
    """Fee in 元 for the n-th application of one applicant in one calendar month (按件)."""
    if nth_in_month < 1:
        raise InputError("申请序号应为从 1 开始的正整数。")
    if nth_in_month <= FREE_APPLICATIONS:
        return 0
    if nth_in_month <= 30:
        return 100
    # From the 31st, bands of 10, each 100 元/件 more than the previous band.
    return 100 + 100 * ((nth_in_month - 30 + 9) // 10)


def _application_bands(count: int) -> list[tuple[int, int, int]]:
    """(first, last, unit price) bands covering applications 1..count."""
    bands: list[tuple[int, int, int]] = [(1, min(count, FREE_APPLICATIONS), 0)]
    if count > FREE_APPLICATIONS:
        bands.append((11, min(count, 30), 100))
    start = 31
    while start <= count:
        bands.append((start, min(count, start + 9), per_application_fee(start)))
        start += 10
    return bands


def _calc(bands: list[tuple[int, int, int]], unit: str) -> FeeCalc:
    unit_term = Term("fee unit", unit)  # 页 / 件 as a counted noun ("pages", "applications")
    lines = tuple(
        FeeLine(
            Sentence("{first}–{last} {unit}", first=a, last=b, unit=unit_term),
            b - a + 1,
            price,
            (b - a + 1) * price,
        )
        for a, b, price in bands
        if price > 0 and b >= a
    )
    amount = sum(line.subtotal for line in lines)
    total = bands[-1][1] if bands else 0
    if not lines:
        text = Sentence(
            "共 {total} {unit}，未超过免费标准，不收取信息处理费。", total=total, unit=unit_term
        )
    else:
        parts = Seq(
            (
                Text(
                    "{range}：{count} {unit} × {price} 元 = {subtotal:,} 元",
                    range=line.range_text,
                    count=line.count,
                    unit=unit_term,
                    price=line.unit_price,
                    subtotal=line.subtotal,
                )
                for line in lines
            ),
            "；",
        )
        text = Sentence(
            "共 {total} {unit}，前 {free} {unit}免费；{parts}。合计 {amount:,} 元。",
            total=total,
            unit=unit_term,
            free=bands[0][1],
            parts=parts,
            amount=amount,
        )
    return FeeCalc(amount, lines, text)


# A stored explanation (the docket keeps the Chinese) read back into its Sentence, so the window
# can show it in the interface language; None when the text is not one of these explanations.
_BAND = re.compile(r"(\d+)–(\d+) ([页件])：(\d+) \3 × (\d+) 元 = ([\d,]+) 元")
_HEAD = re.compile(r"共 (\d+) ([页件])，前 (\d+) \2免费；(.+)。合计 ([\d,]+) 元。")
_FREE = re.compile(r"共 (\d+) ([页件])，未超过免费标准，不收取信息处理费。")


def read_explanation(text: str) -> Sentence | None:
    m = _FREE.fullmatch(text)
    if m:
        return _calc([(1, int(m.group(1)), 0)], m.group(2)).explanation
    m = _HEAD.fullmatch(text)
    if not m:
        return None
    bands = [(1, int(m.group(3)), 0)]
    for part in m.group(4).split("；"):
        b = _BAND.fullmatch(part)
        if not b or b.group(3) != m.group(2):
            return None
        bands.append((int(b.group(1)), int(b.group(2)), int(b.group(5))))
    calc = _calc(bands, m.group(2))
    return calc.explanation if calc.explanation == text else None


def per_application_month_total(count: int) -> FeeCalc:
    """Total 按件 fee for ``count`` applications by one applicant in one calendar month."""
    if count < 0:
        raise InputError("申请件数不能为负数。")
    if count == 0:
        return FeeCalc(0, (), Sentence("本月没有申请，不收取信息处理费。"))
    return _calc(_application_bands(count), "件")


def per_page_fee(pages: int) -> FeeCalc:
    """按量 fee for one application of ``pages`` pages."""
    if pages < 0:
        raise InputError("页数不能为负数。")
    if pages == 0:
        return FeeCalc(0, (), Sentence("没有页数，不收取信息处理费。"))
    bands = []
    for first, last, price in PAGE_BANDS:
        if pages < first:
            break
        bands.append((first, pages if last is None else min(pages, last), price))
    return _calc(bands, "页")


# No single 信息处理费 comes near this (40 元 a page for 250,000 pages); a bigger number is a
# typing or file error, and numbers like 1e300, inf or NaN would break every report that sums fees.
MAX_FEE_YUAN = 10_000_000


def checked_fee(value: object, label: str = "收费金额") -> Decimal:
    """A fee amount as a Decimal of 元 with at most 2 decimals, finite, 0 … MAX_FEE_YUAN.

    Accepts Decimal, int and text ("1,200", "35元"); raises InputError in plain words."""
    if isinstance(value, bool) or value is None:
        raise InputError("{label}不是有效的金额。", label=label)
    if isinstance(value, float):
        value = repr(value)
    text = str(value).strip().replace(",", "").replace("，", "").replace("元", "")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise InputError("{label}“{text}”不是有效的金额。", label=label, text=text[:20]) from None
    if not amount.is_finite():
        raise InputError("{label}“{text}”不是有效的金额。", label=label, text=text[:20])
    if amount < 0:
        raise InputError("{label}不能为负数。", label=label)
    if amount > MAX_FEE_YUAN:
        raise InputError(
            "{label}“{text}”超过 {limit:,} 元，不像真实的信息处理费，请核对。",
            label=label,
            text=text[:20],
            limit=MAX_FEE_YUAN,
        )
    if amount != amount.quantize(Decimal("0.01")):
        raise InputError("{label}最多保留两位小数（分）。", label=label)
    return amount.quantize(Decimal("0.01"))
