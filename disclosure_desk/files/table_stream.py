"""Reading a large .xlsx/.csv table row by row, in constant memory (issue 18: a dry run of a
1,000,000-row ledger in ≤ 500 MB).

``spreadsheet.read_table`` reads the whole file into memory and returns every row at once, which
is right for the usual few thousand rows. ``open_table`` gives the header row and an iterator
of ``SheetRow`` s instead: the .xlsx is read from disk by openpyxl in read-only mode (its sheet
XML is parsed as it goes), the .csv is decoded as it is read (UTF-8, or GB18030 as Excel on a
Chinese Windows saves it — decided by one streaming pass over the bytes first, or afterwards for a
reader that can start again: ``open_cells(guess_utf8=True)``). Headers are found as the whole-file
reader finds them (title rows above them, a second header row under merged cells); cells are
cleaned exactly as ``spreadsheet`` does (``spreadsheet._clean``), blank lines are skipped and the
same limits and plain-language errors apply (size cap, zip-bomb check, row cap, duplicate
headers). .xls and .et files are read whole by ``spreadsheet``, as before.

``open_cells`` is the lower level: raw cells by position, no dict per row, for a reader that
checks a million rows itself (the applications import, issue 18: ≤ 3× the time of ``csv.reader``
alone).
"""

from __future__ import annotations

import codecs
import csv
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import NoReturn

from disclosure_desk.domain.errors import Data, InputError
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
        raise InputError("找不到文件“{path}”。", path=Data(str(p))) from None
    except OSError as exc:
        raise InputError(
            "无法读取文件“{path}”：{reason}。",
            path=Data(str(p)),
            reason=Data(exc.strerror or str(exc)),
        ) from None
    if p.is_dir():
        raise InputError("“{path}”是文件夹，不是文件。", path=Data(str(p)))
    if size > MAX_STREAM_BYTES:
        raise InputError(
            "文件“{name}”超过 {mb} MB，无法导入。",
            name=Data(p.name),
            mb=MAX_STREAM_BYTES // 1_000_000,
        )


def _csv_encoding(p: Path) -> str:
    """UTF-8 (with or without BOM) if every byte decodes as UTF-8, else GB18030; one pass."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with p.open("rb") as fh:
            while chunk := fh.read(CHUNK):
                if b"\x00" in chunk:
                    raise InputError("文件“{name}”不是文本格式的 CSV 文件。", name=Data(p.name))
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
        raise InputError(
            "文件“{name}”的编码无法识别；请另存为 UTF-8 编码的 CSV。", name=Data(p.name)
        ) from None
    return "gb18030"


def _csv_error(name: str, exc: csv.Error) -> InputError:
    """The plain-words message for a CSV the reader refuses; a cell longer than the reader's
    limit (131,072 characters: no register cell is that long) is named as such."""
    if "field larger than field limit" in str(exc):
        return InputError(
            "CSV 文件“{name}”中有单元格超过 {limit:,} 个字符，疑似异常文件，无法导入。",
            name=Data(name),
            limit=csv.field_size_limit(),
        )
    return InputError("CSV 文件“{name}”格式有误：{reason}", name=Data(name), reason=Data(str(exc)))


def _header(raw: Iterator, name: str) -> tuple[list[str], int, int, tuple[int, object] | None]:
    """(header name of every column, its row number, the number of the last row read, the
    first data row if it was read).

    The same rules as the whole-file reader (``spreadsheet._rows_to_sheet``): leading blank lines
    and title rows (one filled cell across the table, within the first rows) are skipped, and a
    second header row under merged cells is joined to the first."""
    upper: list[object] | None = None
    header_row = 0
    for number, cells in enumerate(raw, start=1):
        values = [spreadsheet._clean(c) for c in cells]
        filled = spreadsheet._filled(values)
        if upper is None:
            if not filled:
                continue  # leading blank lines
            if len(filled) == 1 and len(values) > 1 and number <= spreadsheet.HEADER_SEARCH_ROWS:
                continue  # a title row above the headers (one merged cell across the table)
            upper, header_row = values, number
            continue
        if spreadsheet._single_cell_title(upper, header_row, values):
            upper, header_row = values, number  # the row above was a title
            continue
        if spreadsheet._is_subheader(upper, values):
            combined = [
                values[i]
                if i < len(values) and values[i] not in (None, "")
                else (upper[i] if i < len(upper) else None)
                for i in range(max(len(upper), len(values)))
            ]
            return spreadsheet._header_names(combined), header_row, number, None
        return spreadsheet._header_names(upper), header_row, number, (number, cells)
    if upper is None:
        raise InputError("文件“{name}”是空的：第一行应为表头。", name=Data(name))
    return spreadsheet._header_names(upper), header_row, header_row, None


def _text_blank(cells) -> bool:
    """Whether a row of text cells (CSV) is empty once cleaned: every cell blank or whitespace."""
    for c in cells:
        if c and not c.isspace():
            return False
    return True


def _any_blank(cells) -> bool:
    """Whether a row of typed cells (.xlsx) is empty once cleaned (``spreadsheet._clean`` turns
    no value into None or "" except None and blank text)."""
    for c in cells:
        if c is not None and not (isinstance(c, str) and not c.strip()):
            return False
    return True


def _as_is(value: object) -> object:
    return value


@dataclass
class Cells:
    """A table opened for streaming: ``headers`` names every column in order ("" for a column
    without a name); ``rows`` yields ``(row number, cells)`` for every non-blank data row (read
    it once), the cells as read — CSV text not yet trimmed, .xlsx values as openpyxl gives them;
    clean them with ``clean`` (``spreadsheet._clean``; ``open_table`` does). ``text`` is True
    when every cell is a str (CSV).

    A reader that checks a million rows can walk the rows itself instead (``walk``), saving a
    generator step a row; it then skips blank rows with ``is_blank``, counts the others against
    the row cap (``too_many``) and hands read errors to ``failed``."""

    headers: tuple[str, ...]
    text: bool
    name: str
    source: Iterator[Sequence[object]]  # every row after the header rows, blank ones too
    start: int  # the row number of the first row of ``source``
    confirm: Callable[[], None] | None = None  # see _cells
    clean: Callable[[object], object] = spreadsheet._clean  # _as_is when already cleaned

    @property
    def named(self) -> tuple[str, ...]:
        return tuple(h for h in self.headers if h)

    def walk(self) -> tuple[Iterator[Sequence[object]], int]:
        """(the raw rows, blank ones included, the number of the first)."""
        return self.source, self.start

    def is_blank(self, cells: Sequence[object]) -> bool:
        return _text_blank(cells) if self.text else _any_blank(cells)

    def too_many(self) -> NoReturn:
        if self.confirm is not None:
            self.confirm()
        raise InputError(
            "文件“{name}”超过 {rows} 行，请拆分后再导入。", name=Data(self.name), rows=MAX_ROWS
        )

    def failed(self, exc: Exception) -> NoReturn:
        """Raise the plain-words error for an error met while reading the rows."""
        if isinstance(exc, UnicodeDecodeError):
            raise EncodingChanged from None
        if isinstance(exc, csv.Error):
            if self.confirm is not None:
                self.confirm()
            raise _csv_error(self.name, exc) from None
        raise exc

    @property
    def rows(self) -> Iterator[tuple[int, Sequence[object]]]:
        return self._rows()

    def _rows(self) -> Iterator[tuple[int, Sequence[object]]]:
        count = 0
        text = self.text
        try:
            for n, cells in enumerate(self.source, start=self.start):
                if text:  # _text_blank, inline: this loop runs once a row
                    for c in cells:
                        if c and not c.isspace():
                            break
                    else:
                        continue
                elif _any_blank(cells):
                    continue
                count += 1
                if count > MAX_ROWS:
                    self.too_many()
                yield n, cells
        except (csv.Error, UnicodeDecodeError) as exc:
            self.failed(exc)


def _cells(
    raw: Iterator, name: str, *, text: bool, confirm: Callable[[], None] | None = None
) -> Cells:
    """The header and the data rows of ``raw``. ``confirm`` (an optimistic UTF-8 read) is called
    before an error of the rows is raised: it raises ``EncodingChanged`` when the file is not
    UTF-8 after all, since the error might then not be there."""
    headers, header_row, last, first = _header(raw, name)
    dupes = sorted({h for h in headers if h and headers.count(h) > 1})
    if dupes:
        raise InputError(
            "文件“{name}”第 {row} 行的表头重复：{dupes}。",
            name=Data(name),
            row=header_row,
            dupes=tuple(Data(d) for d in dupes),
        )
    if first is not None:
        return Cells(tuple(headers), text, name, chain((first[1],), raw), first[0], confirm)
    return Cells(tuple(headers), text, name, raw, last + 1, confirm)


def _numbered(rows: Iterator[SheetRow], headers: tuple[str, ...]) -> Iterator[list[object]]:
    """Rows of a sheet read whole, as raw rows with a blank row for each skipped number."""
    expected = None
    for r in rows:
        if expected is not None:
            for _gap in range(r.number - expected):
                yield []
        yield [r.values.get(h) for h in headers]
        expected = r.number + 1


def _sheet_rows(table: Cells) -> Iterator[SheetRow]:
    named = [(i, h) for i, h in enumerate(table.headers) if h]
    clean = table.clean
    for n, cells in table.rows:
        values = [clean(c) for c in cells]
        yield SheetRow(n, {h: (values[i] if i < len(values) else None) for i, h in named})


class EncodingChanged(Exception):
    """An optimistic read (``open_cells(guess_utf8=True)``) met bytes that are not UTF-8 after
    rows were handed out: they may have been decoded wrongly, so read the file again."""


def _has_nul(p: Path) -> bool:
    with p.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            if b"\x00" in chunk:
                return True
    return False


def _utf8(p: Path) -> None:
    """EncodingChanged unless the whole file is UTF-8 (the encoding check's own verdict)."""
    if _csv_encoding(p) != "utf-8-sig":
        raise EncodingChanged


@contextmanager
def open_cells(path: str | Path, *, guess_utf8: bool = False) -> Iterator[Cells]:
    """``with open_cells(path) as table:`` — the header names and an iterator of raw data rows
    (``Cells``); for readers that check cells themselves and want no per-row dict.

    A CSV is first checked to be UTF-8 by one pass over its bytes (``_csv_encoding``), which
    costs about a third of reading it. With ``guess_utf8`` that pass is skipped: the file is
    read as UTF-8 and, should a byte turn out not to be, ``rows`` raises ``EncodingChanged`` —
    the caller then starts again without ``guess_utf8`` (rows read so far may be wrong). The
    answer is the same either way; only a GB18030 file whose first non-ASCII byte comes after
    its header is read twice."""
    p = Path(path)
    suffix = spreadsheet._read_suffix(p)  # .xls and .et too (read whole, below)
    _check_size(p)
    if suffix not in (".csv", ".xlsx"):  # any other format spreadsheet reads: whole, as before
        sheet = spreadsheet.read_table(p)
        headers = sheet.headers
        start = sheet.rows[0].number if sheet.rows else 2
        yield Cells(
            headers, False, p.name, _numbered(iter(sheet.rows), headers), start, None, _as_is
        )
        return
    if suffix == ".csv":
        if guess_utf8 and not _has_nul(p):
            table = None
            fh = p.open("r", encoding="utf-8-sig", newline="")
            try:
                table = _cells(iter(csv.reader(fh)), p.name, text=True, confirm=lambda: _utf8(p))
            except (csv.Error, InputError, UnicodeDecodeError):
                pass  # whatever is wrong with the header: read as before, which tells exactly
            if table is not None:
                with fh:
                    yield table
                return
            fh.close()
        encoding = _csv_encoding(p)
        with p.open("r", encoding=encoding, newline="") as fh:
            try:
                yield _cells(iter(csv.reader(fh)), p.name, text=True)
            except csv.Error as exc:
                raise _csv_error(p.name, exc) from None
        return
    import openpyxl

    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
    except zipfile.BadZipFile:
        raise InputError(
            "文件“{name}”不是有效的 .xlsx 文件（可能已损坏，或其实是旧版 .xls）。",
            name=Data(p.name),
        ) from None
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > spreadsheet.MAX_UNCOMPRESSED_BYTES or (
        total > 10 * 1024 * 1024 and total / packed > spreadsheet.MAX_COMPRESSION_RATIO
    ):
        raise InputError("文件“{name}”解压后过大，疑似异常文件，已拒绝读取。", name=Data(p.name))
    try:
        wb = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 — openpyxl raises many kinds for broken files
        raise InputError(
            "无法读取 .xlsx 文件“{name}”：{reason}", name=Data(p.name), reason=Data(str(exc))
        ) from None
    try:
        yield _cells(iter(wb.worksheets[0].iter_rows(values_only=True)), p.name, text=False)
    finally:
        wb.close()


@contextmanager
def open_table(path: str | Path):
    """``with open_table(path) as (headers, rows):`` — rows is an iterator of SheetRow."""
    with open_cells(path) as table:
        yield table.named, _sheet_rows(table)
