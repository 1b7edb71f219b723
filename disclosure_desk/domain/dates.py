"""One tolerant date parser for everything officers type or import (CLI, forms, spreadsheets).

Accepted: ``2025-03-05``, ``2025/3/5``, ``2025.3.5``, ``2025年3月5日``, ``20250305`` (also with a
trailing time such as Excel's ``2025-03-05 00:00:00``, and with full-width digits), ``date`` and
``datetime`` objects, and numbers as spreadsheets hand them over (``20250305`` or an Excel serial
day number of the 1900 date system).
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime, timedelta

from disclosure_desk.domain.errors import InputError

_SEPARATED = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})$")
_CHINESE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
# A time part after the date (Excel text exports, ISO timestamps) is dropped.
_TIME_SUFFIX = re.compile(r"(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$")

# Excel's 1900 system: serial 1 is 1900-01-01 and it counts a non-existent 1900-02-29,
# so for serials from 61 on the epoch is effectively 1899-12-30.
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MIN_SERIAL = 61  # before 1900-03-01 serials are ambiguous; nobody files that early
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31


def _bad(value: object) -> InputError:
    return InputError(
        "无法识别的日期“{value}”；请写成 2025-03-05、2025/3/5、2025.3.5、2025年3月5日 或 20250305。",
        value=value,
    )


def _build(value: object, year: str, month: str, day: str) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise InputError("日期“{value}”不存在，请检查年、月、日。", value=value) from None


def _from_number(value: int | float) -> date:
    if isinstance(value, float) and not math.isfinite(value):
        raise _bad(value)  # NaN/inf from a damaged spreadsheet cell
    if isinstance(value, float) and not value.is_integer():
        # Excel stores a date-time as a fraction of a day; the time part is irrelevant here.
        value = int(value)
    number = int(value)
    if 10000101 <= number <= 99991231:
        text = str(number)
        return _build(value, text[:4], text[4:6], text[6:])
    if _EXCEL_MIN_SERIAL <= number <= _EXCEL_MAX_SERIAL:
        return _EXCEL_EPOCH + timedelta(days=number)
    raise _bad(value)


def parse_date(value: object) -> date:
    """Return the calendar date ``value`` denotes, or raise InputError with a Chinese message."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if value is None:
        raise InputError("日期不能为空。")
    if isinstance(value, bool):
        raise _bad(value)
    if isinstance(value, (int, float)):
        return _from_number(value)
    if not isinstance(value, str):
        raise _bad(value)
    text = unicodedata.normalize("NFKC", value).strip()
    if not text:
        raise InputError("日期不能为空。")
    text = _TIME_SUFFIX.sub("", text).strip()
    for pattern in (_SEPARATED, _CHINESE, _COMPACT):
        match = pattern.match(text)
        if match:
            return _build(value, *match.groups())
    raise _bad(value)


def parse_optional_date(value: object) -> date | None:
    """Like parse_date, but empty cells (None or blank text) give None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return parse_date(value)
