"""索引号 and registration/letter number patterns."""

from __future__ import annotations

import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.index_numbers import (
    APPLICATION_TOKENS,
    DEFAULT_APPLICATION_PATTERN,
    DEFAULT_LETTER_PATTERN,
    DEFAULT_PATTERN,
    format_index,
    format_number,
    parse_serial,
    prefix_warning,
    validate_pattern,
)


def test_default_pattern() -> None:
    assert DEFAULT_PATTERN == "{prefix}/{year}-{serial:05}"
    assert format_index(DEFAULT_PATTERN, "000014349", 2021, 3, 123) == "000014349/2021-00123"


def test_month_two_digits_and_category() -> None:
    pattern = "{prefix}/{year}{month}-{serial:05}"
    got = format_index(pattern, "11341702486344515H", 2021, 10, 13)
    assert got == "11341702486344515H/202110-00013"
    assert format_index(pattern, "X", 2021, 3, 1) == "X/202103-00001"
    assert format_index("{prefix}-{category}-{year}-{serial:06}", "A1", 2024, 1, 7, "ZC") == (
        "A1-ZC-2024-000007"
    )


def test_serial_wider_than_padding_is_kept() -> None:
    assert format_index(DEFAULT_PATTERN, "P", 2025, 1, 123456) == "P/2025-123456"


@pytest.mark.parametrize(
    "pattern",
    [
        "{prefix}/{year}",
        "{prefix}/{yr}-{serial:05}",
        "{prefix}/{year-{serial}",
        "{prefix:05}/{serial}",
        "",
        "{serial:5}",
    ],
)
def test_invalid_patterns(pattern: str) -> None:
    with pytest.raises(InputError):
        validate_pattern(pattern)


def test_unknown_token_message_names_it() -> None:
    with pytest.raises(InputError, match=r"\{yr\}"):
        validate_pattern("{prefix}/{yr}-{serial:05}")


def test_format_index_rejects_bad_month_and_serial() -> None:
    with pytest.raises(InputError):
        format_index(DEFAULT_PATTERN, "P", 2025, 13, 1)
    with pytest.raises(InputError):
        format_index(DEFAULT_PATTERN, "P", 2025, 1, 0)


def test_application_and_letter_patterns() -> None:
    validate_pattern(DEFAULT_APPLICATION_PATTERN, APPLICATION_TOKENS)
    validate_pattern(DEFAULT_LETTER_PATTERN, APPLICATION_TOKENS)
    assert format_number(DEFAULT_APPLICATION_PATTERN, unit_short="某区", year=2025, serial=7) == (
        "某区申〔2025〕7号"
    )
    assert format_number(
        "{unit_short}公复〔{year}〕{serial:03}号", unit_short="某区", year=2025, serial=7
    ) == ("某区公复〔2025〕007号")
    with pytest.raises(InputError, match="unit_short"):
        format_number(DEFAULT_LETTER_PATTERN, year=2025, serial=1)
    with pytest.raises(InputError):
        validate_pattern("{prefix}申{serial}", APPLICATION_TOKENS)


def test_parse_serial_round_trip() -> None:
    number = format_index(DEFAULT_PATTERN, "000014349", 2021, 3, 123)
    assert parse_serial(DEFAULT_PATTERN, number, prefix="000014349", year=2021) == 123
    assert parse_serial(DEFAULT_PATTERN, number, prefix="000014349", year=2022) is None
    assert parse_serial(DEFAULT_PATTERN, "legacy-1") is None


@pytest.mark.parametrize(
    "prefix",
    [
        "000014349",
        "00001434-9",
        "000013338",
        "01527918X",
        "11341702486344515H",
        "91350100M000100Y43",
        "ABC",
        "12332211",
        "",
    ],
)
def test_prefix_without_warning(prefix: str) -> None:
    assert prefix_warning(prefix) is None


def test_prefix_warnings() -> None:
    org = prefix_warning("000014348")
    assert org and "GB 11714" in org and "000014348" in org
    uscc = prefix_warning("11341702486344515J")
    assert uscc and "GB 32100" in uscc
