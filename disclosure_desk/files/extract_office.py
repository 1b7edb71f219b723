"""Office documents for the scanner: Word (.docx; .doc/.wps through antiword or catdoc when the
machine has them) and spreadsheets (.xlsx, .xls/.et through xlrd, .csv).

Every part an officer may have typed into counts: the body, tables, headers and footers, text
boxes, comments, footnotes; every sheet and cell. Each part's location (页眉, 批注, 表格, or
sheet!cell) travels with the text so a finding can say where it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
import tempfile
import zipfile
from decimal import Decimal
from pathlib import Path

from disclosure_desk.domain.errors import InputError
from disclosure_desk.files.extract import Extracted, check_zip, decode_text, unreadable

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_MAX_CELLS = 5_000_000
_TOOL_TIMEOUT_S = 60


class _Parts:
    """Collects text pieces with their locations, joined by newlines."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.parts: list[tuple[int, str]] = []
        self.size = 0

    def add(self, text: str, location: str) -> None:
        if self.pieces:
            self.pieces.append("\n")
            self.size += 1
        if not self.parts or self.parts[-1][1] != location:
            self.parts.append((self.size, location))
        self.pieces.append(text)
        self.size += len(text)

    def result(self) -> Extracted:
        return Extracted("".join(self.pieces), tuple(self.parts))


def extract(data: bytes, name: str, suffix: str) -> Extracted:
    if suffix == ".docx":
        return _docx(data, name)
    if suffix == ".xlsx":
        return _xlsx(data, name)
    if suffix in (".xls", ".et"):
        return _xls(data, name)
    if suffix == ".csv":
        return _csv(data, name)
    return _word_binary(data, name)


# --- Word ---------------------------------------------------------------------------------------


def _docx(data: bytes, name: str) -> Extracted:
    check_zip(data, name)
    try:
        import docx  # python-docx; imported lazily so plain-text scans start fast
        from docx.opc.exceptions import PackageNotFoundError

        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise InputError("文件“{name}”不是有效的 Word 文档（.docx）。", name=name) from None
    except Exception:  # noqa: BLE001 — python-docx raises many types (KeyError, lxml errors…)
        raise InputError("文件“{name}”已损坏，无法读取其中的文字。", name=name) from None
    out = _Parts()
    try:
        for p in document.paragraphs:
            out.add(p.text, "正文")
        for table in document.tables:
            for line in _table_lines(table):
                out.add(line, "表格")
        for box in _text_boxes(document.element.body):
            out.add(box, "文本框")
        seen: set[int] = set()
        for section in document.sections:
            for label, parts in (
                ("页眉", (section.header, section.first_page_header, section.even_page_header)),
                ("页脚", (section.footer, section.first_page_footer, section.even_page_footer)),
            ):
                for part in parts:
                    if part.is_linked_to_previous or id(part.part) in seen:
                        continue
                    seen.add(id(part.part))
                    for p in part.paragraphs:
                        out.add(p.text, label)
                    for table in part.tables:
                        for line in _table_lines(table):
                            out.add(line, label)
                    for box in _text_boxes(part._element):
                        out.add(box, label)
    except Exception:  # noqa: BLE001 — a broken part must not read as "nothing found"
        raise InputError("文件“{name}”已损坏，无法读取其中的文字。", name=name) from None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member, label in (
            ("word/comments.xml", "批注"),
            ("word/footnotes.xml", "脚注"),
            ("word/endnotes.xml", "尾注"),
        ):
            for text in _xml_paragraphs(archive, member, name):
                out.add(text, label)
    return out.result()


def _table_lines(table) -> list[str]:
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            # Merged cells appear once per grid column; print each underlying cell once.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text)
            for inner in cell.tables:
                lines.extend(_table_lines(inner))
        lines.append("\t".join(cells))
    return lines


def _para_text(p) -> str:
    return "".join(t.text or "" for t in p.iter(_W + "t"))


def _text_boxes(root) -> list[str]:
    """Paragraphs of text boxes; the VML fallback copy of a DrawingML box is skipped."""
    out = []
    for box in root.iter(_W + "txbxContent"):
        parent = box.getparent()
        fallback = False
        while parent is not None:
            if parent.tag == _MC_FALLBACK:
                fallback = True
                break
            parent = parent.getparent()
        if fallback:
            continue
        out.extend(_para_text(p) for p in box.iter(_W + "p"))
    return out


def _xml_paragraphs(archive: zipfile.ZipFile, member: str, name: str) -> list[str]:
    from xml.etree import ElementTree

    try:
        raw = archive.read(member)
    except KeyError:
        return []
    try:
        root = ElementTree.fromstring(raw)
    except ElementTree.ParseError:
        raise InputError("文件“{name}”已损坏，无法读取其中的批注或脚注。", name=name) from None
    return [_para_text(p) for p in root.iter(_W + "p")]


def _word_binary(data: bytes, name: str) -> Extracted:
    """.doc/.wps through antiword, then catdoc; unreadable when neither can."""
    suffix = Path(name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="dd-scan-") as tmp:
        path = Path(tmp) / ("input" + suffix)
        path.write_bytes(data)
        for command in (["antiword", "-m", "UTF-8.txt", "-w", "0"], ["catdoc", "-d", "utf-8"]):
            if shutil.which(command[0]) is None:
                continue
            try:
                proc = subprocess.run(
                    [*command, str(path)],
                    capture_output=True,
                    timeout=_TOOL_TIMEOUT_S,
                    check=False,
                )
            except (OSError, subprocess.TimeoutExpired):
                continue
            if proc.returncode == 0 and proc.stdout.strip():
                text = proc.stdout.decode("utf-8", errors="replace")
                return Extracted(text, ((0, "正文"),))
    return unreadable(name)


# --- spreadsheets -------------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def cell_text(value: object) -> str:
    """A cell value as an officer sees it: whole numbers without ".0", dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e20:
            # Excel keeps 15 significant digits: an ID number typed into a number cell comes back
            # as 1.1010519491231e+17; write it as the digits Excel shows (…310000), not the
            # binary float's neighbours.
            return str(int(Decimal(repr(value)))) if abs(value) >= 1e15 else str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class _Sheets(_Parts):
    """Sheets laid out as text: a sheet's name on its own line, cells tab-separated, one row a
    line; each non-empty cell is a part located as sheet!A1."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name
        self.cells = 0

    def sheet(self, title: str, rows, with_sheet_name: bool = True) -> None:
        if with_sheet_name:
            self.add(f"【{title}】", f"{title}!")
        prefix = f"{title}!" if with_sheet_name else ""
        for r, row in enumerate(rows, start=1):
            if self.pieces:
                self.pieces.append("\n")
                self.size += 1
            for c, value in enumerate(row, start=1):
                self.cells += 1
                if self.cells > _MAX_CELLS:
                    raise InputError(
                        "文件“{name}”的单元格超过 500 万个，无法审查。", name=self.name
                    )
                if c > 1:
                    self.pieces.append("\t")
                    self.size += 1
                text = cell_text(value)
                if text:
                    self.parts.append((self.size, f"{prefix}{column_letter(c)}{r}"))
                    self.pieces.append(text)
                    self.size += len(text)


def _xlsx(data: bytes, name: str) -> Extracted:
    check_zip(data, name, "Excel 工作簿（.xlsx）")
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — openpyxl raises KeyError, zip and XML errors
        raise InputError(
            "文件“{name}”已损坏或不是有效的 Excel 工作簿（.xlsx）。", name=name
        ) from None
    out = _Sheets(name)
    try:
        for ws in book.worksheets:
            out.sheet(ws.title, ws.iter_rows(values_only=True))
    except InputError:
        raise
    except Exception:  # noqa: BLE001
        raise InputError("文件“{name}”已损坏，无法读取其中的单元格。", name=name) from None
    finally:
        book.close()
    return out.result()


def _xls(data: bytes, name: str) -> Extracted:
    try:
        import xlrd
    except ImportError:  # pragma: no cover — xlrd is a declared dependency
        return unreadable(name)
    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
    except Exception:  # noqa: BLE001 — xlrd raises XLRDError, struct errors, CompDoc errors
        # .et files saved in WPS's own format (not Excel-compatible) land here too.
        return unreadable(name)
    out = _Sheets(name)
    try:
        for index in range(book.nsheets):
            ws = book.sheet_by_index(index)
            rows = (
                [_xls_value(ws.cell(r, c), book.datemode) for c in range(ws.ncols)]
                for r in range(ws.nrows)
            )
            out.sheet(ws.name, rows)
            book.unload_sheet(index)
    except InputError:
        raise
    except Exception:  # noqa: BLE001
        raise InputError("文件“{name}”已损坏，无法读取其中的单元格。", name=name) from None
    return out.result()


def _xls_value(cell, datemode: int) -> object:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return xlrd.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return None
    if cell.ctype == xlrd.XL_CELL_ERROR:
        return ""
    return cell.value


def _csv(data: bytes, name: str) -> Extracted:
    text = decode_text(data, name)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    out = _Sheets(name)
    try:
        out.sheet(name, csv.reader(io.StringIO(text, newline=""), dialect), with_sheet_name=False)
    except csv.Error:
        raise InputError("文件“{name}”不是有效的 CSV 文件。", name=name) from None
    return out.result()
