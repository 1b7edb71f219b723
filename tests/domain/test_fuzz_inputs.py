"""Hostile input: every malformed value or file gives InputError (or a valid result), never
another exception. Property-based with hypothesis."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from disclosure_desk.domain.dates import parse_date, parse_optional_date
from disclosure_desk.domain.errors import InputError
from disclosure_desk.files.extract import extract_text
from disclosure_desk.files.holidays_file import parse_holiday_rows, parse_holidays_bytes

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

date_like_text = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"\A\s*\d{0,6}\s*[-/.年]\s*\d{0,3}\s*[-/.月]\s*\d{0,3}\s*[日号]?\s*\Z"),
    st.from_regex(r"\A\d{8}( \d{1,2}:\d{2}(:\d{2})?)?\Z"),
    st.text(alphabet="０１２３４５６７８９年月日-/. :T", max_size=25),
)
any_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    date_like_text,
    st.binary(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.decimals(allow_nan=True),
)


@FUZZ
@given(any_value)
def test_parse_date_only_raises_input_error(value):
    try:
        result = parse_date(value)
    except InputError as exc:
        assert exc.message  # one plain sentence
        return
    assert isinstance(result, dt.date)


@FUZZ
@given(any_value)
def test_parse_optional_date_only_raises_input_error(value):
    try:
        result = parse_optional_date(value)
    except InputError:
        return
    assert result is None or isinstance(result, dt.date)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf"), 1e300, -5, 10**30])
def test_parse_date_extreme_numbers(value):
    with pytest.raises(InputError):
        parse_date(value)


# ----------------------------------------------------------------- attachment text extraction


def _zip(members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def _valid_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("关于公开某事项的通知")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _valid_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


DOCX = _valid_docx()
PDF = _valid_pdf()
SUFFIXES = st.sampled_from([".txt", ".docx", ".pdf", ".TXT", ".exe", "", ".doc"])


def _extract_ok_or_input_error(data: bytes, name: str) -> None:
    try:
        text = extract_text(data, name)
    except InputError as exc:
        assert exc.message
        return
    assert isinstance(text, str)


@FUZZ
@given(st.binary(max_size=4000), SUFFIXES)
def test_extract_random_bytes(data, suffix):
    _extract_ok_or_input_error(data, "附件" + suffix)


@FUZZ
@given(
    st.integers(min_value=0, max_value=len(DOCX)),
    st.binary(max_size=64),
    st.sampled_from([DOCX, PDF]),
)
def test_extract_truncated_or_spliced_files(cut, junk, original):
    name = "附件.docx" if original is DOCX else "附件.pdf"
    _extract_ok_or_input_error(original[:cut] + junk, name)
    _extract_ok_or_input_error(original[: len(original) // 2] + junk + original[cut:], name)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "[Content_Types].xml",
                "word/document.xml",
                "_rels/.rels",
                "word/_rels/document.xml.rels",
                "x.bin",
            ]
        ),
        st.binary(max_size=300),
        max_size=5,
    )
)
def test_extract_docx_with_garbage_parts(members):
    _extract_ok_or_input_error(_zip(members), "附件.docx")


def test_extract_zip_bomb_refused():
    bomb = _zip({"word/document.xml": b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 200_000
    with pytest.raises(InputError, match="压缩炸弹"):
        extract_text(bomb, "炸弹.docx")


@FUZZ
@given(st.text(max_size=500), st.sampled_from(["utf-8", "gb18030", "utf-16", "latin-1"]))
def test_extract_text_in_any_encoding(text, encoding):
    data = text.encode(encoding, errors="replace")
    _extract_ok_or_input_error(data, "说明.txt")


# ----------------------------------------------------------------- holiday files

cell = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.sampled_from(["日期", "类型", "名称", "休", "班", "2026-10-01", "=CMD|' /C calc'!A0"]),
)


@FUZZ
@given(st.lists(st.lists(cell, max_size=5), max_size=12))
def test_holiday_rows_only_raise_input_error(rows):
    try:
        result = parse_holiday_rows(rows)
    except InputError as exc:
        assert exc.message
        return
    assert isinstance(result, list)


@FUZZ
@given(
    st.binary(max_size=3000), st.sampled_from(["h.csv", "h.xlsx", "h.txt", "h.xlsm", "h.xls", "h"])
)
def test_holiday_file_random_bytes(data, name):
    try:
        parse_holidays_bytes(data, name)
    except InputError as exc:
        assert exc.message


@FUZZ
@given(
    st.lists(st.lists(st.text(max_size=15), max_size=4), max_size=10),
    st.sampled_from(["utf-8", "gb18030", "utf-16"]),
)
def test_holiday_csv_text_in_any_encoding(rows, encoding):
    text = "\n".join(",".join(r) for r in rows)
    try:
        parse_holidays_bytes(text.encode(encoding, errors="replace"), "节假日.csv")
    except InputError:
        pass


def test_holiday_xlsx_zip_bomb_refused():
    bomb = _zip(
        {
            "xl/worksheets/sheet1.xml": b"<a>" + b" " * (60 * 1024 * 1024) + b"</a>",
            "[Content_Types].xml": b"<Types/>",
        }
    )
    with pytest.raises(InputError):
        parse_holidays_bytes(bomb, "节假日.xlsx")


# ----------------------------------------------------------------- scanner


@FUZZ
@given(st.text(max_size=2000), st.lists(st.text(max_size=6), max_size=8))
def test_scanner_handles_any_text_and_keywords(text, words):
    from disclosure_desk.domain.scanner import Keyword, Scanner

    scanner = Scanner([Keyword(w, "warn") for w in words] if words else ())
    for f in scanner.scan(text):
        assert 0 <= f.start < f.end <= len(text)


# ----------------------------------------------------------------- bulk-import spreadsheets


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(["导入.csv", "导入.xlsx"]))
def test_spreadsheet_reader_random_bytes(tmp_path_factory, data, name):
    from disclosure_desk.files.spreadsheet import read_table

    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(data)
    try:
        read_table(path)
    except InputError as exc:
        assert exc.message


@FUZZ
@given(
    st.lists(st.lists(st.text(max_size=20), min_size=1, max_size=4), min_size=1, max_size=8),
    st.sampled_from(["utf-8-sig", "gb18030", "utf-16", "latin-1"]),
)
def test_spreadsheet_reader_csv_any_encoding(tmp_path_factory, rows, encoding):
    from disclosure_desk.files.spreadsheet import read_table

    path = tmp_path_factory.mktemp("fuzz") / "导入.csv"
    path.write_bytes("\n".join(",".join(r) for r in rows).encode(encoding, errors="replace"))
    try:
        read_table(path)
    except InputError:
        pass


def test_spreadsheet_xlsx_zip_bomb_refused(tmp_path):
    from disclosure_desk.files.spreadsheet import read_table

    path = tmp_path / "炸弹.xlsx"
    path.write_bytes(
        _zip(
            {"xl/worksheets/sheet1.xml": b" " * (60 * 1024 * 1024), "[Content_Types].xml": b"<a/>"}
        )
    )
    with pytest.raises(InputError):
        read_table(path)


@FUZZ
@given(st.text(alphabet="=+-@ \tCMDcalc|'!A0数据", min_size=1, max_size=20))
def test_exported_cells_never_start_a_formula(tmp_path_factory, text):
    """Formula injection: every exported text cell that Excel would evaluate is neutralised."""
    from disclosure_desk.files.spreadsheet import write_table

    folder = tmp_path_factory.mktemp("export")
    write_table(folder / "x.csv", ["内容"], [[text]])
    with open(folder / "x.csv", encoding="utf-8-sig", newline="") as fh:
        cell = list(csv.reader(fh))[1][0]
    assert not cell.startswith(("=", "+", "-", "@")), cell
