"""The streaming table reader gives the same rows as the whole-file reader, in bounded memory."""

from __future__ import annotations

import csv
import datetime as dt

import openpyxl
import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.files import spreadsheet, table_stream

ROWS = [
    ["", "", ""],
    ["索引号", "标题", "成文日期"],
    ["A-1", "  关于低保的通知 ", "2024-01-02"],
    ["", "", ""],
    ["A-2", "'=SUM(1)", ""],
    ["A-3", "€ 和 😀", "2025-12-31"],
]


def _write_csv(path, encoding: str) -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(ROWS)


def _streamed(path):
    with table_stream.open_table(path) as (headers, rows):
        return headers, list(rows)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_rows_equal_the_whole_file_reader(tmp_path, encoding):
    path = tmp_path / "t.csv"
    if encoding == "gb18030":
        rows = [r[:] for r in ROWS]
        rows[5][1] = "中文 only"  # GB18030 covers everything, but keep the sample plain
        with open(path, "w", encoding=encoding, newline="") as fh:
            csv.writer(fh).writerows(rows)
    else:
        _write_csv(path, encoding)
    sheet = spreadsheet.read_table(path)
    headers, rows = _streamed(path)
    assert headers == sheet.headers == ("索引号", "标题", "成文日期")
    assert rows == list(sheet.rows)
    assert [r.number for r in rows] == [3, 5, 6]  # spreadsheet row numbers, blanks skipped
    assert rows[0].values["标题"] == "关于低保的通知" and rows[1].values["标题"] == "=SUM(1)"


def test_xlsx_rows_equal_the_whole_file_reader(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    for r in ROWS:
        wb.active.append([None if v == "" else v for v in r])
    wb.active.append(["A-4", "日期", dt.datetime(2024, 3, 1)])
    wb.save(path)
    sheet = spreadsheet.read_table(path)
    headers, rows = _streamed(path)
    assert headers == sheet.headers and rows == list(sheet.rows)
    assert rows[-1].values["成文日期"] == dt.date(2024, 3, 1)


def test_plain_errors(tmp_path):
    empty = tmp_path / "e.csv"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="是空的"):
        _streamed(empty)
    dup = tmp_path / "d.csv"
    dup.write_text("标题,标题\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="表头重复：标题"):
        _streamed(dup)
    bad = tmp_path / "b.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(InputError, match="不是有效的 .xlsx"):
        _streamed(bad)
    with pytest.raises(InputError, match="找不到文件"):
        _streamed(tmp_path / "missing.csv")
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"a,b\n\x00\x01\n")
    with pytest.raises(InputError, match="不是文本格式"):
        _streamed(binary)


def test_rows_are_produced_lazily(tmp_path):
    path = tmp_path / "t.csv"
    _write_csv(path, "utf-8")
    with table_stream.open_table(path) as (_headers, rows):
        assert not isinstance(rows, list | tuple)
        assert next(rows).number == 3


def test_size_cap_is_the_streaming_one(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    _write_csv(path, "utf-8")
    monkeypatch.setattr(spreadsheet, "MAX_FILE_BYTES", 10)  # the whole-file cap does not apply
    assert len(_streamed(path)[1]) == 3
    monkeypatch.setattr(table_stream, "MAX_STREAM_BYTES", 10)
    with pytest.raises(InputError, match="无法导入"):
        _streamed(path)


LAYOUTS = {
    # a title row (one cell across the table) above the headers
    "title.csv": "2026年台账,,\n标题,文号,成文日期\n甲,青政发〔2026〕1号,2026-01-02\n\n乙,,\n",
    # a one-column file keeps its first row as the header
    "single.csv": "标题\n甲\n乙\n",
    # the row after the header is data, not a second header row
    "data-after-header.csv": "索引号,标题,备注,\n000014349/2026-00001,甲,,\n",
    # 日期 merged across two columns over 成文日期 | 发布日期
    "two-row.csv": "索引号,标题,日期,\n,,成文日期,发布日期\nA-1,甲,2026-05-06,\n",
    # a header cell with a line break in it (Alt+Enter in Excel)
    "newline.csv": '"成文\n日期",标题\n2026-01-02,甲\n',
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_real_ledger_layouts_read_as_the_whole_file_reader_reads_them(tmp_path, name):
    path = tmp_path / name
    path.write_text(LAYOUTS[name], encoding="utf-8")
    sheet = spreadsheet.read_table(path)
    headers, rows = _streamed(path)
    assert (headers, rows) == (sheet.headers, list(sheet.rows))


def test_xlsx_title_row_and_two_row_headers(tmp_path):
    path = tmp_path / "ledger.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["区政府信息公开台账（2026年）", None, None, None])
    ws.merge_cells("A1:D1")
    ws.append(["索引号", "标题", "日期", None])
    ws.append([None, None, "成文日期", "发布日期"])
    ws.merge_cells("A2:A3")
    ws.merge_cells("B2:B3")
    ws.merge_cells("C2:D2")
    ws.append(["000014349/2026-00003", "甲", dt.datetime(2026, 5, 6), None])
    wb.save(path)
    headers, rows = _streamed(path)
    assert headers == ("索引号", "标题", "成文日期", "发布日期")
    assert [(r.number, r.values["标题"], r.values["成文日期"]) for r in rows] == [
        (4, "甲", dt.date(2026, 5, 6))
    ]


@pytest.mark.parametrize("name", ["ledger_title_two_row_headers.xls", "ledger_wps.et"])
def test_other_formats_are_read_whole_with_the_same_rows(name):
    from pathlib import Path

    path = Path(__file__).parent / "data" / name
    sheet = spreadsheet.read_table(path)
    headers, rows = _streamed(path)
    assert (headers, rows) == (sheet.headers, list(sheet.rows))
    assert [r.number for r in rows] == [4, 5]


def test_plain_errors_in_both_languages(tmp_path):
    """The streamed reader's refusals read in the interface language; the Chinese is unchanged.
    Expected sentences written by hand."""
    from disclosure_desk import i18n

    dup = tmp_path / "d.csv"
    dup.write_text("标题,文号,标题,文号\n1,2,3,4\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        _streamed(dup)
    assert str(info.value) == "文件“d.csv”第 1 行的表头重复：文号、标题。"
    i18n.set_language("en")
    try:
        assert str(info.value) == "The headers in row 1 of “d.csv” repeat: 文号, 标题."
        with pytest.raises(InputError) as missing:
            _streamed(tmp_path / "gone.csv")
        assert str(missing.value) == f"File “{tmp_path / 'gone.csv'}” not found."
    finally:
        i18n.set_language("zh_CN")


def test_a_title_saved_as_a_single_cell(tmp_path):
    """A CSV whose title line has no commas (WPS, a hand-edited file) — found on a ledger
    built from real report titles in GB18030: the title is skipped by both readers, and a
    genuine one-column file keeps its header."""
    titled = tmp_path / "t.csv"
    titled.write_bytes(
        "青山区政府信息公开台账（2025年）\n索引号,标题\nA-1,关于低保的通知\n".encode("gb18030")
    )
    headers, rows = _streamed(titled)
    assert headers == ("索引号", "标题")
    assert [r.values for r in rows] == [{"索引号": "A-1", "标题": "关于低保的通知"}]
    sheet = spreadsheet.read_table(titled)
    assert sheet.headers == ("索引号", "标题") and sheet.rows[0].number == 3
    single = tmp_path / "s.csv"
    single.write_text("标题\n关于低保的通知\n", encoding="utf-8")
    assert _streamed(single)[0] == ("标题",)
    assert spreadsheet.read_table(single).headers == ("标题",)
