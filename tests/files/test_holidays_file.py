"""Holiday file: .csv in three encodings, .xlsx with date cells, headers, bad rows, round trips."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.workcal import DayOverride, WorkCalendar
from disclosure_desk.files.holidays_file import (
    HolidayFileError,
    export_year,
    parse_holidays_bytes,
    read_holidays_file,
    write_holidays_file,
)

GOOD_CSV = (
    "日期,类型,名称\n"
    "2027-01-01,休,元旦\n"
    "2027/2/6,休,春节\n"
    "2027.2.7,休,春节\n"
    "2027年2月20日,班,春节\n"
    "20270405,休,清明节\n"
    "\n"
)
EXPECTED = [
    DayOverride(date(2027, 1, 1), False, "元旦"),
    DayOverride(date(2027, 2, 6), False, "春节"),
    DayOverride(date(2027, 2, 7), False, "春节"),
    DayOverride(date(2027, 2, 20), True, "春节"),
    DayOverride(date(2027, 4, 5), False, "清明节"),
]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "2027.csv"
    path.write_bytes(GOOD_CSV.encode(encoding))
    assert read_holidays_file(path) == EXPECTED


def test_english_header_other_order_and_labelled_type_column() -> None:
    data = "name,Date,Type\n元旦,2027-01-01,off\n春节,2027-02-20,work\n"
    assert parse_holidays_bytes(data.encode(), "x.csv") == [
        DayOverride(date(2027, 1, 1), False, "元旦"),
        DayOverride(date(2027, 2, 20), True, "春节"),
    ]
    data = "日期,类型（休/班）\n2027-01-01,休\n"
    assert parse_holidays_bytes(data.encode(), "x.csv") == [DayOverride(date(2027, 1, 1), False)]


def test_no_header_row_uses_column_order() -> None:
    data = "2027-01-01,休,元旦\n2027-02-20,上班,\n"
    assert parse_holidays_bytes(data.encode(), "x.csv") == [
        DayOverride(date(2027, 1, 1), False, "元旦"),
        DayOverride(date(2027, 2, 20), True, ""),
    ]


def test_xlsx_with_date_cells_and_text(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["日期", "类型", "名称"])
    sheet.append([datetime(2027, 1, 1), "休", "元旦"])
    sheet.append(["2027/2/20", "班", "春节"])
    sheet.append([None, None, None])
    sheet.append([20270405, "休", "清明节"])
    path = tmp_path / "h.xlsx"
    book.save(path)
    assert read_holidays_file(path) == [
        DayOverride(date(2027, 1, 1), False, "元旦"),
        DayOverride(date(2027, 2, 20), True, "春节"),
        DayOverride(date(2027, 4, 5), False, "清明节"),
    ]


def test_bad_rows_are_listed_and_nothing_loads() -> None:
    data = "日期,类型,名称\n2027-01-01,休,元旦\n2027-02-30,休,春节\n2027-02-20,补休,春节\n,休,\n"
    with pytest.raises(HolidayFileError) as caught:
        parse_holidays_bytes(data.encode(), "x.csv")
    err = caught.value
    assert [(e.row, e.column) for e in err.errors] == [(3, "日期"), (4, "类型"), (5, "日期")]
    assert "第 3 行“日期”" in err.message and "第 4 行“类型”" in err.message
    assert "补休" in err.message and "不存在" in err.message
    assert isinstance(err, InputError) and err.exit_code == 2


def test_xlsx_bad_row_number(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["date", "type", "name"])
    sheet.append([datetime(2027, 1, 1), "休", "元旦"])
    sheet.append(["下周一", "休", ""])
    path = tmp_path / "h.xlsx"
    book.save(path)
    with pytest.raises(HolidayFileError, match="第 3 行") as caught:
        read_holidays_file(path)
    assert caught.value.errors[0].row == 3


def test_conflicting_duplicate_and_missing_column() -> None:
    data = "日期,类型\n2027-01-01,休\n2027-01-01,班\n2027-01-01,休\n"
    with pytest.raises(HolidayFileError, match="第 2 行重复且类型矛盾"):
        parse_holidays_bytes(data.encode(), "x.csv")
    assert parse_holidays_bytes("日期,类型\n2027-01-01,休\n2027-01-01,休\n".encode(), "x.csv") == [
        DayOverride(date(2027, 1, 1), False)
    ]
    with pytest.raises(HolidayFileError, match="表头缺少此列"):
        parse_holidays_bytes("日期,名称\n2027-01-01,元旦\n".encode(), "x.csv")


def test_unsupported_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=".xls"):
        parse_holidays_bytes(b"", "old.xls")
    with pytest.raises(InputError, match="找不到文件"):
        read_holidays_file(tmp_path / "missing.csv")
    with pytest.raises(InputError, match="Excel"):
        parse_holidays_bytes(b"not a zip", "broken.xlsx")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_year_round_trip(tmp_path: Path, suffix: str) -> None:
    cal = WorkCalendar()
    path = tmp_path / f"2026{suffix}"
    count = export_year(cal, 2026, path)
    rows = read_holidays_file(path)
    assert len(rows) == count and rows == cal.year_overrides(2026)
    assert DayOverride(date(2026, 2, 14), True, "春节") in rows
    replica = WorkCalendar(rows, use_package=False)
    assert replica.workday_count(2026) == 248
    if suffix == ".csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf") and "日期,类型,名称".encode() in raw


def test_loaded_2027_file_unblocks_deadlines(tmp_path: Path) -> None:
    path = tmp_path / "2027.csv"
    path.write_text(GOOD_CSV, encoding="utf-8")
    cal = WorkCalendar(read_holidays_file(path))
    assert cal.nth_workday_after(date(2026, 12, 20), 20) == date(2027, 1, 18)


def test_writer_refuses_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        write_holidays_file(tmp_path / "x.ods", [])
