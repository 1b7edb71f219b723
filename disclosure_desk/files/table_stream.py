"""Reading a large .xlsx/.csv table row by row, in constant memory (issue 18: a dry run of a
1,000,000-row ledger in ≤ 500 MB).

``spreadsheet.read_table`` reads the whole file into memory and returns every row at once, which
is right for the usual few thousand rows. ``open_table`` gives the header row and an iterator
of ``SheetRow`` s instead: the .xlsx is read from disk by openpyxl in read-only mode (its sheet
XML is parsed as it goes), the .csv is decoded as it is read (UTF-8, or GB18030 as Excel on a
Chinese Windows saves it — decided by one streaming pass over the bytes first). Cells are cleaned
exactly as ``spreadsheet`` does (``spreadsheet._clean``), blank lines are skipped and the same
limits and plain-language errors apply (size cap, zip-bomb check, row cap, duplicate headers).
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from disclosure_desk.domain.errors import InputError
from disclosure_desk.files import spreadsheet
from disclosure_desk.files.spreadsheet import MAX_ROWS, SheetRow

# Streaming holds one row at a time, so the whole-file reader's 200 MB cap (there to bound memory)
# would refuse a 1,000,000-row ledger (≈ 210 MB as CSV) for no reason; the row cap still applies.
MAX_STREAM_BYTES = 1024 * 1024 * 1024
CHUNK = 1 << 18  # bytes per read of the encoding check (its decoded text is the peak)


def _check_size(p: Path) -> None:
    try:
        size = p.stat().st_size
    except FileNotFoundError:
        raise InputError(f"找不到文件“{p}”。") from None
    except OSError as exc:
        raise InputError(f"无法读取文件“{p}”：{exc.strerror or exc}。") from None
    if p.is_dir():
        raise InputError(f"“{p}”是文件夹，不是文件。")
    if size > MAX_STREAM_BYTES:
        raise InputError(f"文件“{p.name}”超过 {MAX_STREAM_BYTES // 1_000_000} MB，无法导入。")


def _csv_encoding(p: Path) -> str:
    """UTF-8 (with or without BOM) if every byte decodes as UTF-8, else GB18030; one pass."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with p.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                if b"\x00" in chunk:
                    raise InputError(f"文件“{p.name}”不是文本格式的 CSV 文件。")
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8-sig"
    except UnicodeDecodeError:
        pass
    decoder = codecs.getincrementaldecoder("gb18030")()
    try:
        with p.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        raise InputError(f"文件“{p.name}”的编码无法识别；请另存为 UTF-8 编码的 CSV。") from None
    return "gb18030"


def _rows(raw: Iterator, name: str) -> tuple[tuple[str, ...], Iterator[SheetRow]]:
    """(headers, data rows) from raw cell rows: the first non-blank row is the header row."""
    headers: list[str] | None = None
    number = 0
    for number, cells in enumerate(raw, start=1):  # noqa: B007 — number is used below
        values = [spreadsheet._clean(c) for c in cells]
        if any(v not in (None, "") for v in values):
            headers = [str(v).strip().lstrip("\ufeff") if v is not None else "" for v in values]
            break
    if headers is None:
        raise InputError(f"文件“{name}”是空的：第一行应为表头。")
    dupes = sorted({h for h in headers if h and headers.count(h) > 1})
    if dupes:
        raise InputError(f"文件“{name}”第 {number} 行的表头重复：{'、'.join(dupes)}。")
    header_row = number
    named = [(i, h) for i, h in enumerate(headers) if h]

    def data() -> Iterator[SheetRow]:
        count = 0
        for n, cells in enumerate(raw, start=header_row + 1):
            values = [spreadsheet._clean(c) for c in cells]
            if not any(v not in (None, "") for v in values):
                continue
            count += 1
            if count > MAX_ROWS:
                raise InputError(f"文件“{name}”超过 {MAX_ROWS} 行，请拆分后再导入。")
            yield SheetRow(n, {h: (values[i] if i < len(values) else None) for i, h in named})

    return tuple(h for _i, h in named), data()


@contextmanager
def open_table(path: str | Path):
    """``with open_table(path) as (headers, rows):`` — rows is an iterator of SheetRow."""
    p = Path(path)
    suffix = spreadsheet._suffix(p)
    _check_size(p)
    if suffix not in (".csv", ".xlsx"):  # any other format spreadsheet reads: whole, as before
        sheet = spreadsheet.read_table(p)
        yield sheet.headers, iter(sheet.rows)
        return
    if suffix == ".csv":
        encoding = _csv_encoding(p)
        with p.open("r", encoding=encoding, newline="") as fh:
            try:
                headers, rows = _rows(iter(csv.reader(fh)), p.name)
                yield headers, _csv_errors(rows, p.name)
            except csv.Error as exc:
                raise InputError(f"CSV 文件“{p.name}”格式有误：{exc}") from None
        return
    import openpyxl

    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise InputError(
            f"文件“{p.name}”不是有效的 .xlsx 文件（可能已损坏，或其实是旧版 .xls）。"
        ) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > spreadsheet.MAX_UNCOMPRESSED_BYTES or (
        total > 10 * 1024 * 1024 and total / packed > spreadsheet.MAX_COMPRESSION_RATIO
    ):
        raise InputError(f"文件“{p.name}”解压后过大，疑似异常文件，已拒绝读取。")
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds for broken files
        raise InputError(f"无法读取 .xlsx 文件“{p.name}”：{exc}") from None
    try:
        yield _rows(iter(wb.worksheets[0].iter_rows(values_only=True)), p.name)
    finally:
        wb.close()


def _csv_errors(rows: Iterator[SheetRow], name: str) -> Iterator[SheetRow]:
    try:
        yield from rows
    except csv.Error as exc:
        raise InputError(f"CSV 文件“{name}”格式有误：{exc}") from None
