"""Generic .xlsx/.xls/.et/.csv tables for bulk import and export (items and applications share it).

Reading gives rows as dicts keyed by the header row, with the 1-based spreadsheet row number so
error reports point at the line the officer sees. Writing puts the headers first and neutralises
formula injection: a text cell starting with = + - @ gets a leading apostrophe, which reading
strips again, so an exported file imports unchanged. .csv is UTF-8 with a BOM (Excel needs it);
reading also accepts GB18030, which is what Excel on a Chinese Windows saves as "CSV".

Real ledgers are read as officers keep them: title rows above the headers (a row with a single
filled cell, e.g. a merged "2026年政府信息公开台账") are skipped; two-row merged headers (a group
such as "日期" over "成文日期 | 发布日期") take the lower row's names; old Excel .xls and WPS .et
files are read with xlrd (an .et saved in the new format is read like an .xlsx).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from disclosure_desk.domain.errors import InputError
from disclosure_desk.files.reading import guard_xlsx, read_user_file

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_ROWS = 1_000_000
FORMULA_STARTS = ("=", "+", "-", "@")
SUFFIXES = (".xlsx", ".csv")
READ_SUFFIXES = (".xlsx", ".xls", ".et", ".csv")
HEADER_SEARCH_ROWS = 10  # title rows above the headers: at most this many
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True)
class SheetRow:
    """One data row: its spreadsheet row number and its values by header."""

    number: int
    values: Mapping[str, object]


@dataclass(frozen=True)
class Sheet:
    headers: tuple[str, ...]
    rows: tuple[SheetRow, ...] = field(default_factory=tuple)

    def missing(self, required: Iterable[str]) -> list[str]:
        return [h for h in required if h not in self.headers]


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            "不支持的文件类型“{value}”：只能使用 .xlsx 或 .csv 文件。",
            value=suffix or "（无扩展名）",
        )
    return suffix


def _read_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in READ_SUFFIXES:
        raise InputError(
            "不支持的文件类型“{value}”：只能导入 .xlsx、.xls、.et 或 .csv 文件。",
            value=suffix or "（无扩展名）",
        )
    return suffix


def _clean(value: object) -> object:
    """Normalise a cell: trimmed text, dates for date-times at midnight, ints for whole floats."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
            text = text[1:]  # our own export's guard against formula injection
        return text
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time(0) else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _filled(values: Sequence[object]) -> list[int]:
    return [i for i, v in enumerate(values) if v not in (None, "")]


def _is_subheader(upper: Sequence[object], lower: Sequence[object]) -> bool:
    """Whether ``lower`` is the second row of a two-row header: text only, and only under
    cells merged across (an empty upper cell, or a group name followed by empty cells)."""
    cells = _filled(lower)
    if not cells or not all(isinstance(lower[i], str) for i in cells):
        return False
    if not any(i < len(upper) and upper[i] in (None, "") for i in cells):
        return False  # no name under a merged-across (empty) upper cell
    for i in cells:
        above = upper[i] if i < len(upper) else None
        right = upper[i + 1] if i + 1 < len(upper) else None
        if above not in (None, "") and right not in (None, "") and i + 1 < len(upper):
            return False  # a value under a single-column header: a data row
    return True


def _single_cell_title(upper: list[object], upper_row: int, values: list[object]) -> bool:
    """A title row saved as a single cell (a CSV line without the commas of the merged cells,
    as WPS and hand-edited files have it), seen once the row under it turns out to hold the
    headers: more than one filled cell."""
    return (
        len(upper) == 1
        and len(_filled(upper)) == 1
        and upper_row <= HEADER_SEARCH_ROWS
        and len(_filled(values)) > 1
    )


def _rows_to_sheet(raw: Iterable[Sequence[object]], name: str) -> Sheet:
    it = iter(raw)
    headers: list[str] | None = None
    header_row = 0
    upper: list[object] | None = None  # the header row, until the next row shows its kind
    rows: list[SheetRow] = []
    for number, cells in enumerate(it, start=1):
        values = [_clean(c) for c in cells]
        filled = _filled(values)
        if headers is None and upper is None:
            if not filled:
                continue  # leading blank lines
            if len(filled) == 1 and len(values) > 1 and number <= HEADER_SEARCH_ROWS:
                continue  # a title row above the headers (one merged cell across the table)
            upper, header_row = values, number
            continue
        if headers is None:
            if _single_cell_title(upper, header_row, values):
                upper, header_row = values, number  # the row above was a title
                continue
            if _is_subheader(upper, values):
                combined = [
                    values[i]
                    if i < len(values) and values[i] not in (None, "")
                    else (upper[i] if i < len(upper) else None)
                    for i in range(max(len(upper), len(values)))
                ]
                headers = _header_names(combined)
                continue
            headers = _header_names(upper)
        if not filled:
            continue
        if len(rows) >= MAX_ROWS:
            raise InputError(
                "文件“{name}”超过 {MAX_ROWS} 行，请拆分后再导入。", name=name, MAX_ROWS=MAX_ROWS
            )
        rows.append(
            SheetRow(
                number,
                {h: (values[i] if i < len(values) else None) for i, h in enumerate(headers) if h},
            )
        )
    if headers is None and upper is not None:
        headers = _header_names(upper)
    if headers is None:
        raise InputError("文件“{name}”是空的：第一行应为表头。", name=name)
    dupes = sorted({h for h in headers if h and headers.count(h) > 1})
    if dupes:
        raise InputError(
            "文件“{name}”第 {header_row} 行的表头重复：{value}。",
            name=name,
            header_row=header_row,
            value=tuple(dupes),
        )
    return Sheet(tuple(h for h in headers if h), tuple(rows))


def _header_names(values: Sequence[object]) -> list[str]:
    return [
        str(v).replace("\r", "").replace("\n", "").strip().lstrip("\ufeff") if v is not None else ""
        for v in values
    ]


def _check_zip(data: bytes, name: str) -> None:
    guard_xlsx(data, name, MAX_UNCOMPRESSED_BYTES)


def _read_xlsx(data: bytes, name: str) -> Sheet:
    import openpyxl

    _check_zip(data, name)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds for broken files
        raise InputError("无法读取 .xlsx 文件“{name}”：{exc}", name=name, exc=exc) from None
    try:
        ws = wb.worksheets[0]
        return _rows_to_sheet(ws.iter_rows(values_only=True), name)
    finally:
        wb.close()


def _decode_csv(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("文件“{name}”的编码无法识别；请另存为 UTF-8 编码的 CSV。", name=name)


def _read_csv(data: bytes, name: str) -> Sheet:
    text = _decode_csv(data, name)
    if "\x00" in text:
        raise InputError("文件“{name}”不是文本格式的 CSV 文件。", name=name)
    try:
        return _rows_to_sheet(csv.reader(io.StringIO(text, newline="")), name)
    except csv.Error as exc:
        raise InputError("CSV 文件“{name}”格式有误：{exc}", name=name, exc=exc) from None


def _read_xls(data: bytes, name: str) -> Sheet:
    """Old Excel (.xls) and WPS (.et) workbooks: the binary format, read with xlrd."""
    if data[:2] == b"PK":
        return _read_xlsx(data, name)  # an .et (or misnamed file) in the new zip format
    if data[:8] != OLE_MAGIC:
        raise InputError("文件“{name}”不是有效的 .xls/.et 表格文件（可能已损坏）。", name=name)
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        ws = book.sheet_by_index(0)
    except Exception as exc:  # noqa: BLE001 — xlrd raises many kinds for broken files
        raise InputError("无法读取表格文件“{name}”：{exc}", name=name, exc=exc) from None

    def cell(c) -> object:
        if c.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate.xldate_as_datetime(c.value, book.datemode)
            except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                return c.value
        if c.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        if c.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(c.value)
        if c.ctype == xlrd.XL_CELL_ERROR:
            return None
        return c.value

    try:
        return _rows_to_sheet(([cell(c) for c in ws.row(r)] for r in range(ws.nrows)), name)
    finally:
        book.release_resources()


def read_table(path: str | Path) -> Sheet:
    """Rows of the first sheet of an .xlsx/.xls/.et, or of a .csv file, keyed by the header row."""
    p = Path(path)
    suffix = _read_suffix(p)
    data = read_user_file(p, MAX_FILE_BYTES, "导入")
    if suffix == ".xlsx":
        return _read_xlsx(data, p.name)
    if suffix in (".xls", ".et"):
        return _read_xls(data, p.name)
    return _read_csv(data, p.name)


# Control characters that the .xlsx format (XML 1.0) cannot hold: one such title used to make
# the whole register's export fail. They are invisible anyway, so they are dropped on export.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def safe_cell(value: object) -> object:
    """A value safe to put in a spreadsheet: text that Excel would run as a formula is quoted,
    and control characters the format cannot store are dropped."""
    if isinstance(value, str):
        value = _XML_ILLEGAL.sub("", value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(safe_cell(value))


def write_table(
    path: str | Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[object]],
    sheet_title: str = "数据",
) -> int:
    """Write headers then rows to .xlsx or .csv (UTF-8 with BOM); returns the number of rows."""
    p = Path(path)
    suffix = _suffix(p)
    count = 0
    if suffix == ".csv":
        with p.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(headers)
            for row in rows:
                writer.writerow([_csv_text(v) for v in row])
                count += 1
        return count
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(sheet_title)
    ws.append(list(headers))
    for row in rows:
        ws.append([_xlsx_cell(ws, v) for v in row])
        count += 1
    wb.save(p)
    return count


def _xlsx_cell(ws, value: object) -> object:
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if isinstance(value, str):
        cell = WriteOnlyCell(ws, value=safe_cell(value))
        cell.data_type = "s"  # never a formula, even without the apostrophe
        return cell
    return value


def write_template(
    path: str | Path,
    headers: Sequence[str],
    allowed: Mapping[str, Sequence[str]],
    notes: Mapping[str, str] | None = None,
) -> None:
    """An empty import template; .xlsx gets a second sheet “可选值” listing allowed values per column."""
    p = Path(path)
    if _suffix(p) == ".csv":
        write_table(p, headers, [])
        return
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "数据"
    ws.append(list(headers))
    for i, h in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font = Font(bold=True)
        if notes and h in notes:
            cell.comment = Comment(notes[h], "政务公开台账")
        ws.column_dimensions[cell.column_letter].width = max(12, min(40, len(h) * 3))
    ref = wb.create_sheet("可选值")
    cols = list(allowed.items())
    ref.append([name for name, _ in cols])
    longest = max((len(v) for _, v in cols), default=0)
    for r in range(longest):
        ref.append([vals[r] if r < len(vals) else None for _, vals in cols])
    for i in range(1, len(cols) + 1):
        ref.cell(row=1, column=i).font = Font(bold=True)
        ref.column_dimensions[ref.cell(row=1, column=i).column_letter].width = 28
    wb.save(p)
