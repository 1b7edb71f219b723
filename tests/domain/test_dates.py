"""The shared date parser: every documented input form, Excel values, and clear refusals."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from disclosure_desk.domain.dates import parse_date, parse_optional_date
from disclosure_desk.domain.errors import InputError

MARCH_5 = date(2025, 3, 5)


@pytest.mark.parametrize(
    "text",
    [
        "2025-03-05",
        "2025-3-5",
        "2025/3/5",
        "2025/03/05",
        "2025.3.5",
        "2025年3月5日",
        "2025年03月05日",
        "2025 年 3 月 5 日",
        "2025年3月5号",
        "20250305",
        "  2025-03-05  ",
        "2025-03-05 00:00:00",
        "2025-03-05T08:30",
        "２０２５－０３－０５",  # full-width, as typed with a Chinese IME
    ],
)
def test_text_forms(text: str) -> None:
    assert parse_date(text) == MARCH_5


def test_objects_and_numbers() -> None:
    assert parse_date(MARCH_5) == MARCH_5
    assert parse_date(datetime(2025, 3, 5, 14, 30)) == MARCH_5
    assert parse_date(20250305) == MARCH_5
    assert parse_date(45721) == MARCH_5  # Excel serial day number
    assert parse_date(45721.75) == MARCH_5  # serial with a time of day


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "明天",
        "2025-13-01",
        "2025-02-29",
        "2025/3",
        "05/03/2025",
        "2025030",
        True,
        None,
        12,
        [2025],
    ],
)
def test_junk_is_refused(value: object) -> None:
    with pytest.raises(InputError) as caught:
        parse_date(value)
    assert caught.value.exit_code == 2
    assert caught.value.message  # one plain Chinese sentence
    assert "日期" in caught.value.message


def test_impossible_day_says_so() -> None:
    with pytest.raises(InputError, match="不存在"):
        parse_date("2025年2月30日")


def test_optional() -> None:
    assert parse_optional_date(None) is None
    assert parse_optional_date("  ") is None
    assert parse_optional_date("2025.3.5") == MARCH_5
