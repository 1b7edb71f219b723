"""Bulk import/export: all-or-nothing, every bad row reported, exports import again unchanged."""

from __future__ import annotations

import csv
import datetime as dt

import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.files import spreadsheet
from disclosure_desk.services.items import register as items
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.store.models import AuditEntry, Item, ItemSearch

HEADERS = list(items_io.ITEM_HEADERS)


def _row(i: int, **over) -> dict:
    row = {
        "索引号": "",
        "标题": f"关于第{i}批城市道路养护工程的公示",
        "文号": f"青建发〔2025〕{i}号",
        "发布机构": "青山区人民政府",
        "成文日期": "2025/3/5",
        "发布日期": "2025年3月10日",
        "公开属性": "主动公开",
        "不公开理由": "",
        "主题分类": "城乡建设、环境保护\\城乡建设（含住房）",
        "体裁": "公示",
        "有效性": "有效",
        "废止日期": "",
        "关键词": "道路,养护",
        "内容概述": f"第{i}批工程",
        "正文": f"正文{i}",
    }
    row.update(over)
    return row


def _write_csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, HEADERS)
        w.writeheader()
        w.writerows(rows)


def test_one_bad_row_among_thousands_imports_nothing_then_fixed_file_imports_all(db, tmp_path):
    rows = [_row(i) for i in range(3000)]
    rows[1733] = _row(1733, 成文日期="2025-13-40")
    path = tmp_path / "items.csv"
    _write_csv(path, rows)
    report = items_io.import_items(db.admin, path)
    assert not report.ok and report.imported == 0
    assert [(e.row, e.column) for e in report.errors] == [(1735, "成文日期")]  # header is row 1
    assert "日期" in report.errors[0].message
    assert Item.select().count() == 0 and ItemSearch.select().count() == 0
    rows[1733] = _row(1733)
    _write_csv(path, rows)
    report = items_io.import_items(db.admin, path)
    assert report.ok and report.imported == 3000 and report.errors == ()
    nos = [i.index_no for i in Item.select().order_by(Item.id)]
    assert nos[0] == "000014349/2025-00001" and nos[-1] == "000014349/2025-03000"
    assert items.search_items(db.admin, "第2999批")[0] == 1


def test_every_bad_row_is_reported_with_column_and_dry_run_writes_nothing(db, tmp_path):
    rows = [
        _row(1),
        _row(2, 公开属性="不予公开"),
        _row(3, 主题分类="火星"),
        _row(4, 标题=""),
        _row(5, 索引号="X-1"),
        _row(6, 索引号="X-1"),
        _row(7, 公开属性="依申请公开", 不公开理由="属于内部事务信息"),
        _row(8, 有效性="废止", 废止日期="20250401"),
    ]
    path = tmp_path / "bad.csv"
    _write_csv(path, rows)
    report = items_io.import_items(db.admin, path, dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "不公开理由"),
        (4, "主题分类"),
        (5, "标题"),
        (7, "索引号"),
    ]
    assert all(e.message for e in report.errors)
    del rows[1:4]
    del rows[2]
    _write_csv(path, rows)
    dry = items_io.import_items(db.admin, path, dry_run=True)
    assert dry.ok and dry.imported == 0 and dry.checked == 4 and Item.select().count() == 0
    assert items_io.import_items(db.admin, path).imported == 4
    got = {i.index_no: i for i in Item.select()}
    assert "X-1" in got
    assert (
        next(i for i in got.values() if i.disclosure == "on_request").withhold_ground
        == "internal_affairs"
    )
    assert next(i for i in got.values() if i.validity == "废止").repealed_on == dt.date(2025, 4, 1)


def test_missing_columns_and_existing_numbers(db, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("标题,文号\n甲,乙\n", encoding="utf-8")
    report = items_io.import_items(db.admin, path)
    assert not report.ok and {e.column for e in report.errors} >= {"索引号", "公开属性"}
    _write_csv(path, [_row(1, 索引号="OLD-1")])
    assert items_io.import_items(db.admin, path).ok
    report = items_io.import_items(db.admin, path)
    assert not report.ok and report.errors[0].column == "索引号" and Item.select().count() == 1


def test_cancel_rolls_back(db, tmp_path):
    path = tmp_path / "c.csv"
    _write_csv(path, [_row(i) for i in range(250)])
    with pytest.raises(InputError, match="取消"):
        items_io.import_items(db.admin, path, progress=lambda done, total, label: done < 200)
    assert (
        Item.select().count() == 0
        and AuditEntry.select().where(AuditEntry.action == "item.import").count() == 0
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_imports_again_unchanged(db, tmp_path, suffix):
    src = tmp_path / "src.csv"
    _write_csv(
        src,
        [
            _row(1, 标题='=HYPERLINK("http://x")'),
            _row(
                2,
                公开属性="不予公开",
                不公开理由="涉及商业秘密",
                发布日期="",
                有效性="废止",
                废止日期="2025-05-01",
            ),
            _row(3, 正文="多行\n正文", 关键词="-负号开头"),
        ],
    )
    assert items_io.import_items(db.admin, src).ok
    fields = (
        "index_no",
        "title",
        "doc_no",
        "publisher",
        "formed_on",
        "published_on",
        "disclosure",
        "withhold_reason",
        "withhold_ground",
        "topic",
        "genre",
        "validity",
        "repealed_on",
        "keywords",
        "summary",
        "body",
        "secrecy",
        "channels",
    )
    before = sorted(tuple(getattr(i, f) for f in fields) for i in Item.select())
    out = tmp_path / f"out{suffix}"
    assert items_io.export_items(db.admin, out) == 3
    sheet = spreadsheet.read_table(out)
    assert sheet.headers[:15] == items_io.ITEM_HEADERS
    if suffix == ".csv":
        assert out.read_bytes().startswith(b"\xef\xbb\xbf")
        assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")  # formula neutralised
    ItemSearch.delete().execute()
    Item.delete().execute()
    report = items_io.import_items(db.admin, out)
    assert report.ok, report.errors
    after = sorted(tuple(getattr(i, f) for f in fields) for i in Item.select())
    assert after == before


def test_template_has_allowed_values(db, tmp_path):
    import openpyxl

    path = tmp_path / "t.xlsx"
    items_io.write_template(path)
    wb = openpyxl.load_workbook(path)
    assert [c.value for c in wb["数据"][1]][:15] == HEADERS
    ref = wb["可选值"]
    header = [c.value for c in ref[1]]
    col = header.index("公开属性") + 1
    assert [ref.cell(row=r, column=col).value for r in range(2, 5)] == [
        "主动公开",
        "依申请公开",
        "不予公开",
    ]
    assert spreadsheet.read_table(path).rows == ()
