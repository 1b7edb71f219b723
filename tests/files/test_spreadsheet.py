"""The generic spreadsheet reader/writer shared by item and application import/export."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.files import spreadsheet


def test_csv_with_bom_and_gb18030(tmp_path):
    p = tmp_path / "a.csv"
    p.write_bytes("\ufeff标题,日期\n\n甲,2025-03-05\n".encode())
    sheet = spreadsheet.read_table(p)
    assert sheet.headers == ("标题", "日期")
    assert [(r.number, dict(r.values)) for r in sheet.rows] == [
        (3, {"标题": "甲", "日期": "2025-03-05"})
    ]
    p.write_bytes("标题,日期\n乙,2025年3月5日\n".encode("gb18030"))
    assert spreadsheet.read_table(p).rows[0].values["标题"] == "乙"


def test_xlsx_dates_numbers_and_row_numbers(tmp_path):
    p = tmp_path / "a.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["标题", "成文日期", "件数"])
    ws.append(["甲", dt.datetime(2025, 3, 5), 3.0])
    ws.append([None, None, None])
    ws.append(["乙", dt.date(2024, 1, 2), 2.5])
    wb.save(p)
    rows = spreadsheet.read_table(p).rows
    assert [r.number for r in rows] == [2, 4]
    assert rows[0].values == {"标题": "甲", "成文日期": dt.date(2025, 3, 5), "件数": 3}
    assert rows[1].values["件数"] == 2.5


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formula_injection_is_neutralised_and_round_trips(tmp_path, suffix):
    p = tmp_path / f"out{suffix}"
    values = ["=1+2", "+86 571", "-负数", "@SUM(A1)", "普通", dt.date(2025, 1, 2)]
    spreadsheet.write_table(p, ["a", "b", "c", "d", "e", "f"], [values])
    if suffix == ".csv":
        raw = p.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        assert "'=1+2" in raw.decode("utf-8-sig")
    else:
        cell = openpyxl.load_workbook(p).worksheets[0]["A2"]
        assert cell.data_type == "s" and cell.value == "'=1+2"
    row = spreadsheet.read_table(p).rows[0].values
    assert [row[k] for k in "abcde"] == values[:5]
    assert row["f"] in (dt.date(2025, 1, 2), "2025-01-02")


def test_bad_files_give_clear_input_errors(tmp_path):
    for name, data, words in (
        ("x.xlsx", b"not a zip", "不是有效的 .xlsx"),
        ("x.csv", b"", "空的"),
        ("x.ods", b"abc", "只能导入"),
        ("x.xls", b"abc", "不是有效的 .xls"),
        ("dup.csv", "a,a\n1,2\n".encode(), "重复"),
    ):
        p = tmp_path / name
        p.write_bytes(data)
        with pytest.raises(InputError, match=words):
            spreadsheet.read_table(p)
    with pytest.raises(InputError, match="找不到"):
        spreadsheet.read_table(tmp_path / "missing.csv")


def test_zip_bomb_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    p = tmp_path / "bomb.xlsx"
    p.write_bytes(buf.getvalue())
    with pytest.raises(InputError, match="解压后过大"):
        spreadsheet.read_table(p)


def test_template_lists_allowed_values(tmp_path):
    p = tmp_path / "t.xlsx"
    spreadsheet.write_template(
        p, ["公开属性", "标题"], {"公开属性": ["主动公开", "不予公开"]}, {"标题": "必填"}
    )
    wb = openpyxl.load_workbook(p)
    assert wb.sheetnames == ["数据", "可选值"]
    assert [c.value for c in wb["可选值"]["A"]] == ["公开属性", "主动公开", "不予公开"]
    assert wb["数据"]["B1"].comment.text == "必填"
