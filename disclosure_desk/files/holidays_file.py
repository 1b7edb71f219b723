"""Read and write the administrator's holiday file (节假日和调休安排).

Layout: one row per special day with columns 日期, 类型 (休 = day off, 班 = 调休上班 working day),
名称 (e.g. 春节). The header row may be Chinese or English (date, type, name) and may be omitted
(then the columns are taken in that order). Accepted files: .csv in UTF-8 (with or without BOM)
or GB18030, and .xlsx (first sheet, or a sheet named 节假日). A file with any bad row loads
nothing: ``HolidayFileError`` lists every bad row with its number as the officer sees it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from disclosure_desk.domain.dates import parse_date
from disclosure_desk.domain.errors import InputError, Sentence, Seq, Text
from disclosure_desk.domain.workcal import DayOverride, WorkCalendar
from disclosure_desk.files.reading import guard_xlsx, read_user_file

# A year's holiday notice is a few dozen rows; anything far bigger is a mistake or an attack.
HOLIDAY_MAX_UNCOMPRESSED = 20 * 1024 * 1024
HOLIDAY_MAX_ROWS = 20_000
HOLIDAY_MAX_COLUMNS = 20

HEADERS: tuple[str, str, str] = ("日期", "类型", "名称")
_COLUMN_LABELS = {"date": "日期", "type": "类型", "name": "名称"}
_HEADER_KEYS = {
    "日期": "date",
    "date": "date",
    "day": "date",
    "类型": "type",
    "type": "type",
    "kind": "type",
    "休/班": "type",
    "名称": "name",
    "name": "name",
    "节日": "name",
    "节假日": "name",
    "节日名称": "name",
    "假日名称": "name",
}
_OFF = {"休", "休息", "放假", "假", "节假日", "假日", "off", "holiday", "rest"}
_WORK = {"班", "上班", "工作日", "调休上班", "补班", "work", "workday", "working"}
_MAX_LISTED_ERRORS = 20


@dataclass(frozen=True)
class RowError:
    """One problem in one row (row numbers as shown by Excel: the header is row 1)."""

    row: int
    column: str
    message: str


class HolidayFileError(InputError):
    """The holiday file has bad rows; nothing was loaded."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        listed = Seq(
            (
                Text(
                    "第 {row} 行“{column}”：{message}",
                    row=e.row,
                    column=e.column,
                    message=e.message,
                )
                for e in errors[:_MAX_LISTED_ERRORS]
            ),
            "；",
        )
        more = (
            Text("；另有 {n} 处错误", n=len(errors) - _MAX_LISTED_ERRORS)
            if len(errors) > _MAX_LISTED_ERRORS
            else ""
        )
        super().__init__(
            "节假日文件有 {n} 处错误，未导入任何数据：{listed}{more}。",
            n=len(errors),
            listed=listed,
            more=more,
        )
        self.errors = list(errors)


def _header_key(cell: object) -> str | None:
    if not isinstance(cell, str):
        return None
    text = unicodedata.normalize("NFKC", cell).strip().lower()
    text = re.sub(r"[(（].*?[)）]", "", text).strip()  # "类型(休/班)" → "类型"
    return _HEADER_KEYS.get(text)


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _parse_type(cell: object) -> bool:
    text = unicodedata.normalize("NFKC", str(cell)).strip().lower() if cell is not None else ""
    if text in _OFF:
        return False
    if text in _WORK:
        return True
    raise InputError(
        "类型“{value}”无法识别，应为“休”或“班”。", value=cell if cell is not None else ""
    )


def parse_holiday_rows(rows: Iterable[Sequence[object]]) -> list[DayOverride]:
    """Turn spreadsheet rows (header optional) into overrides, or raise HolidayFileError."""
    row_list = [list(r) for r in rows]
    columns = {"date": 0, "type": 1, "name": 2}
    first_data = 0
    first = next(((i, r) for i, r in enumerate(row_list) if not all(_is_blank(c) for c in r)), None)
    if first is not None:
        index, header = first
        keys = [_header_key(c) for c in header]
        # A header names the date or type column; a data row never does.
        if "date" in keys or "type" in keys:
            found = {k: i for i, k in reversed(list(enumerate(keys))) if k}
            missing = [_COLUMN_LABELS[k] for k in ("date", "type") if k not in found]
            if missing:
                raise HolidayFileError(
                    [
                        RowError(index + 1, m, Sentence("表头缺少此列（应为 日期、类型、名称）"))
                        for m in missing
                    ]
                )
            columns = {**columns, **found} if "name" in found else {**found, "name": -1}
            first_data = index + 1

    errors: list[RowError] = []
    seen: dict[date, tuple[int, DayOverride]] = {}
    for index in range(first_data, len(row_list)):
        row, number = row_list[index], index + 1

        def cell(key: str, row: list[object] = row) -> object:
            i = columns[key]
            return row[i] if 0 <= i < len(row) else None

        if all(_is_blank(c) for c in row):
            continue
        day = is_workday = None
        try:
            if _is_blank(cell("date")):
                raise InputError("日期不能为空")
            day = parse_date(cell("date"))
        except InputError as err:
            errors.append(RowError(number, "日期", err.message.rstrip("。")))
        try:
            is_workday = _parse_type(cell("type"))
        except InputError as err:
            errors.append(RowError(number, "类型", err.message.rstrip("。")))
        if day is None or is_workday is None:
            continue
        raw_name = cell("name")
        name = "" if _is_blank(raw_name) else str(raw_name).strip()
        override = DayOverride(day, is_workday, name)
        previous = seen.get(day)
        if previous is not None and previous[1].is_workday != is_workday:
            errors.append(
                RowError(
                    number,
                    "日期",
                    Sentence(
                        "{day} 与第 {row} 行重复且类型矛盾", day=day.isoformat(), row=previous[0]
                    ),
                )
            )
            continue
        if previous is None:
            seen[day] = (number, override)
    if errors:
        raise HolidayFileError(errors)
    return sorted((o for _, o in seen.values()), key=lambda o: o.day)


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("无法识别文件编码，请另存为 UTF-8 或 GB18030 编码的 CSV 文件。")


def _csv_rows(data: bytes) -> list[list[str]]:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    try:
        # newline="" lets the csv module handle bare \r and quoted line breaks itself.
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise InputError(
            "CSV 文件格式有误（可能有不成对的引号或异常的换行），请用表格软件另存为 CSV 后再导入。"
        ) from None


def _xlsx_rows(data: bytes) -> list[list[object]]:
    import openpyxl  # files/ may use openpyxl; imported lazily to keep start-up fast

    guard_xlsx(
        data, "节假日 Excel 文件", HOLIDAY_MAX_UNCOMPRESSED
    )  # a zip bomb never reaches openpyxl
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as err:  # noqa: BLE001 — openpyxl raises many types for a damaged file
        raise InputError("无法读取 Excel 文件：{err}", err=err) from None
    try:
        sheet = book["节假日"] if "节假日" in book.sheetnames else book.worksheets[0]
        rows = []
        for r in sheet.iter_rows(values_only=True):
            if len(rows) >= HOLIDAY_MAX_ROWS:
                raise InputError(
                    "节假日文件超过 {HOLIDAY_MAX_ROWS} 行，不像放假安排，已拒绝读取。",
                    HOLIDAY_MAX_ROWS=HOLIDAY_MAX_ROWS,
                )
            rows.append(list(r[:HOLIDAY_MAX_COLUMNS]))
        return rows
    finally:
        book.close()


def parse_holidays_bytes(data: bytes, filename: str) -> list[DayOverride]:
    """Parse file content; the format follows the file name's extension (.csv or .xlsx)."""
    suffix = Path(filename).suffix.lower()
    if suffix in (".csv", ".txt"):
        return parse_holiday_rows(_csv_rows(data))
    if suffix in (".xlsx", ".xlsm"):
        return parse_holiday_rows(_xlsx_rows(data))
    raise InputError(
        "不支持的节假日文件类型“{value}”，请使用 .csv 或 .xlsx 文件。", value=suffix or filename
    )


def read_holidays_file(path: str | Path) -> list[DayOverride]:
    """Read and parse a holiday file from disk."""
    path = Path(path)
    data = read_user_file(path, 20_000_000, "导入")
    return parse_holidays_bytes(data, path.name)


def _type_text(is_workday: bool) -> str:
    return "班" if is_workday else "休"


def write_holidays_file(path: str | Path, overrides: Iterable[DayOverride]) -> None:
    """Write overrides as .csv (UTF-8 with BOM, for Excel) or .xlsx; re-imports unchanged."""
    path = Path(path)
    rows = sorted(overrides, key=lambda o: o.day)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(HEADERS)
        for o in rows:
            writer.writerow((o.day.isoformat(), _type_text(o.is_workday), o.name))
        path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    elif suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "节假日"
        sheet.append(HEADERS)
        for o in rows:
            sheet.append(
                (datetime(o.day.year, o.day.month, o.day.day), _type_text(o.is_workday), o.name)
            )
            sheet.cell(row=sheet.max_row, column=1).number_format = "yyyy-mm-dd"
        sheet.column_dimensions["A"].width = 14
        sheet.column_dimensions["C"].width = 16
        book.save(path)
    else:
        raise InputError(
            "不支持的导出文件类型“{value}”，请使用 .csv 或 .xlsx。", value=suffix or path.name
        )


def export_year(cal: WorkCalendar, year: int, path: str | Path) -> int:
    """Write one year's holidays and 调休 working days; returns the number of rows written."""
    rows = cal.year_overrides(year)
    write_holidays_file(path, rows)
    return len(rows)
