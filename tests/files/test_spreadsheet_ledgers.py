"""Real ledgers: a title row above the headers, two-row merged headers, .xls and WPS .et files.

data/ledger_title_two_row_headers.xls was written with xlwt (BIFF8, as Excel 97–2003 saves):
row 1 a title merged across A:D; 索引号 and 标题 merged down rows 2–3; 日期 merged across C:D
over 成文日期 | 发布日期; two data rows. ledger_wps.et is the same workbook under WPS's suffix.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.files import spreadsheet

DATA = Path(__file__).parent / "data"
EXPECTED_HEADERS = ("索引号", "标题", "成文日期", "发布日期")


@pytest.mark.parametrize("name", ["ledger_title_two_row_headers.xls", "ledger_wps.et"])
def test_xls_and_et_with_title_row_and_merged_headers(name):
    sheet = spreadsheet.read_table(DATA / name)
    assert sheet.headers == EXPECTED_HEADERS
    assert [r.number for r in sheet.rows] == [4, 5]
    first = sheet.rows[0].values
    assert first["索引号"] == "000014349/2026-00001"
    assert first["标题"] == "关于做好2026年政务公开工作的通知"
    assert first["成文日期"] == dt.date(2026, 3, 2)
    assert first["发布日期"] == dt.date(2026, 3, 5)


def _merged_xlsx(path: Path) -> None:
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


def test_xlsx_with_title_row_and_two_row_headers(tmp_path):
    p = tmp_path / "ledger.xlsx"
    _merged_xlsx(p)
    sheet = spreadsheet.read_table(p)
    assert sheet.headers == EXPECTED_HEADERS
    assert [(r.number, r.values["标题"], r.values["成文日期"]) for r in sheet.rows] == [
        (4, "甲", dt.date(2026, 5, 6))
    ]


def test_csv_title_row_is_skipped_but_a_one_column_file_keeps_its_header(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text(
        "2026年台账,,\n标题,文号,成文日期\n甲,青政发〔2026〕1号,2026-01-02\n", encoding="utf-8-sig"
    )
    sheet = spreadsheet.read_table(p)
    assert sheet.headers == ("标题", "文号", "成文日期")
    assert sheet.rows[0].number == 3 and sheet.rows[0].values["文号"] == "青政发〔2026〕1号"
    single = tmp_path / "b.csv"
    single.write_text("标题\n甲\n乙\n", encoding="utf-8")
    assert spreadsheet.read_table(single).headers == ("标题",)
    assert len(spreadsheet.read_table(single).rows) == 2


def test_a_data_row_right_after_the_header_is_not_taken_for_a_subheader(tmp_path):
    p = tmp_path / "a.csv"
    p.write_text("索引号,标题,备注,\n000014349/2026-00001,甲,,\n", encoding="utf-8")
    sheet = spreadsheet.read_table(p)
    assert sheet.headers == ("索引号", "标题", "备注")
    assert sheet.rows[0].values["标题"] == "甲"


def test_broken_xls_says_so(tmp_path):
    p = tmp_path / "bad.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError, match="无法读取表格文件"):
        spreadsheet.read_table(p)


def test_items_import_accepts_a_real_ledger_layout(db, tmp_path):
    from disclosure_desk.services.items import spreadsheets as items_io
    from disclosure_desk.store.models import Item

    headers = list(items_io.ITEM_HEADERS)
    p = tmp_path / "台账.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["青山区人民政府 2026年政府信息公开台账"] + [None] * (len(headers) - 1))
    upper = [h if h not in ("成文日期", "发布日期") else None for h in headers]
    upper[headers.index("成文日期")] = "日期"
    lower = [h if h in ("成文日期", "发布日期") else None for h in headers]
    ws.append(upper)
    ws.append(lower)
    row = {h: None for h in headers}
    row.update(
        {"标题": "真实台账导入的信息", "成文日期": dt.date(2026, 1, 5), "公开属性": "主动公开"}
    )
    ws.append([row[h] for h in headers])
    wb.save(p)
    report = items_io.import_items(db.admin, p)
    assert report.ok, report
    assert Item.select().where(Item.title == "真实台账导入的信息").count() == 1
