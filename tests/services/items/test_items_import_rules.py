"""The items import's rules and messages, pinned on hand-typed ledgers (issue 18).

Written before the import was streamed: every kind of row error with its exact message, odd
cells (full-width digits, spaces, formula guards), BOM / GB18030 / blank lines, typed .xlsx
cells, title rows, --update and --historical. The streamed import must answer exactly this.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from disclosure_desk.services.items import register as items
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.services.items.rules import ItemInput
from disclosure_desk.store.models import Item

H = "索引号,标题,文号,发布机构,成文日期,发布日期,公开属性,不公开理由,主题分类,体裁,有效性,废止日期,关键词,内容概述,正文"
TOPIC = "城乡建设、环境保护\\城乡建设（含住房）"


def line(title="关于道路养护的公示", **kw) -> str:
    cells = {
        "索引号": "",
        "标题": title,
        "文号": "青建发〔2025〕1号",
        "发布机构": "青山区人民政府",
        "成文日期": "2025/3/5",
        "发布日期": "2025年3月10日",
        "公开属性": "主动公开",
        "不公开理由": "",
        "主题分类": TOPIC,
        "体裁": "公示",
        "有效性": "有效",
        "废止日期": "",
        "关键词": "道路",
        "内容概述": "概述",
        "正文": "正文",
    }
    cells.update(kw)
    return ",".join(f'"{cells[h]}"' for h in H.split(","))


# (row, column, message) — typed from the rules, not from the import's output.
LEDGER = [
    line("合格的一条"),  # 2
    line(成文日期="2025-13-40"),  # 3
    line(""),  # 4
    line("长" * 501),  # 5
    line(公开属性="半公开"),  # 6
    line(公开属性="不予公开"),  # 7
    line(公开属性="依申请公开", 不公开理由="属于内部事务信息"),  # 8 fine
    line(主题分类="火星"),  # 9
    line(体裁="小说"),  # 10
    line(有效性="作废"),  # 11
    line(有效性="废止"),  # 12
    line(废止日期="2025-06-01"),  # 13
    line(成文日期="2025-03-05", 发布日期="2025-03-01"),  # 14
    line(有效性="废止", 废止日期="2024-12-31"),  # 15
    line(文号="文" * 201),  # 16
    line(关键词="词" * 501),  # 17
    line(索引号="号" * 101),  # 18
    line(索引号="OLD-7"),  # 19
    line(索引号=" OLD-7 "),  # 20 the same number once trimmed
    "",  # 21 blank line
    "  ,  ,,,,,,,,,,,,,",  # 22 only spaces
    line(
        "全角数字的日期", 成文日期="２０２５年３月５日", 发布日期="２０２５－０３－１０"
    ),  # 23 fine
    line("'=SUM(A1)"),  # 24 our export's formula guard: fine
    line(主题分类="城乡建设、环境保护/城乡建设（含住房）"),  # 25 "/" accepted
    line(成文日期="2025-02-29"),  # 26
    line(索引号="TAKEN-1"),  # 27 already in the register
    line("两处错误", 体裁="小说", 成文日期="昨天"),  # 28
    line(发布日期="20250310", 有效性="失效"),  # 29 fine
]


def expected_errors() -> list[dict]:
    topic_msg = (
        "主题分类“火星”不在分类表中；请填写一级分类名称或“一级\\二级”形式（如“科技、教育\\科技”）。"
    )
    return [
        {"row": 3, "column": "成文日期", "message": DATE_MSG["2025-13-40"]},
        {"row": 4, "column": "标题", "message": "标题不能为空。"},
        {"row": 5, "column": "标题", "message": "标题超过 500 字。"},
        {
            "row": 6,
            "column": "公开属性",
            "message": "“半公开”不是可选值；可选：主动公开、依申请公开、不予公开。",
        },
        {
            "row": 7,
            "column": "不公开理由",
            "message": "公开属性为“不予公开”时必须填写不公开理由（条例第十四至十六条）。",
        },
        {"row": 9, "column": "主题分类", "message": topic_msg},
        {"row": 10, "column": "体裁", "message": "体裁“小说”不在体裁列表中。"},
        {
            "row": 11,
            "column": "有效性",
            "message": "有效性“作废”不是可选值；可选：有效、失效、废止。",
        },
        {"row": 12, "column": "废止日期", "message": "有效性为“废止”时必须填写废止日期。"},
        {"row": 13, "column": "废止日期", "message": "填写了废止日期，有效性应为“废止”。"},
        {"row": 14, "column": "发布日期", "message": "发布日期早于成文日期。"},
        {"row": 15, "column": "废止日期", "message": "废止日期早于成文日期。"},
        {"row": 16, "column": "文号", "message": "文号超过 200 字。"},
        {"row": 17, "column": "关键词", "message": "关键词超过 500 字。"},
        {"row": 18, "column": "索引号", "message": "索引号超过 100 字。"},
        {"row": 20, "column": "索引号", "message": "索引号“OLD-7”与第 19 行重复。"},
        {"row": 26, "column": "成文日期", "message": DATE_MSG["2025-02-29"]},
        {
            "row": 27,
            "column": "索引号",
            "message": "索引号“TAKEN-1”已被登记册中的其他信息使用。",
        },
        {"row": 28, "column": "成文日期", "message": DATE_MSG["昨天"]},
        {"row": 28, "column": "体裁", "message": "体裁“小说”不在体裁列表中。"},
    ]


DATE_MSG: dict[str, str] = {}  # filled from the domain's date parser (its own wording)


@pytest.fixture(autouse=True)
def _date_messages():
    from disclosure_desk.domain.dates import parse_optional_date
    from disclosure_desk.domain.errors import InputError

    for text in ("2025-13-40", "2025-02-29", "昨天"):
        with pytest.raises(InputError) as exc:
            parse_optional_date(text)
        DATE_MSG[text] = exc.value.message


def _taken(db) -> None:
    items.create_item(db.admin, ItemInput(title="已有", unit_id=1, index_no="TAKEN-1"))


def _answer(report) -> dict:
    out = report.as_json()
    return {k: out[k] for k in ("ok", "imported", "checked", "errors")}


def _write(path, lines, encoding="utf-8-sig") -> None:
    path.write_bytes(("\r\n".join([H, *lines]) + "\r\n").encode(encoding))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_every_row_error_with_its_message(db, tmp_path, encoding):
    _taken(db)
    path = tmp_path / "ledger.csv"
    _write(path, LEDGER, encoding)
    report = items_io.import_items(db.admin, path, dry_run=True)
    # 26 data rows (rows 21 and 22 are blank); 索引号 repeat rows are counted as checked
    assert _answer(report) == {
        "ok": False,
        "imported": 0,
        "checked": 26,
        "errors": expected_errors(),
    }
    assert Item.select().count() == 1
    real = items_io.import_items(db.admin, path)
    assert _answer(real) == {**_answer(report)}
    assert Item.select().count() == 1  # all or nothing


def test_the_good_rows_import_with_their_values(db, tmp_path):
    path = tmp_path / "good.csv"
    good = [LEDGER[0], LEDGER[6], LEDGER[21], LEDGER[22], LEDGER[23], LEDGER[27]]
    _write(path, good)
    dry = items_io.import_items(db.admin, path, dry_run=True)
    assert _answer(dry) == {"ok": True, "imported": 0, "checked": 6, "errors": []}
    real = items_io.import_items(db.admin, path)
    assert _answer(real) == {"ok": True, "imported": 6, "checked": 6, "errors": []}
    got = {i.title: i for i in Item.select()}
    assert got["全角数字的日期"].formed_on == dt.date(2025, 3, 5)
    assert got["全角数字的日期"].published_on == dt.date(2025, 3, 10)
    assert "=SUM(A1)" in got
    assert got["合格的一条"].topic == TOPIC
    assert [i.topic for i in Item.select().where(Item.title == "关于道路养护的公示")] == [TOPIC] * 3
    on_request = Item.get(Item.disclosure == "on_request")
    assert on_request.withhold_ground == "internal_affairs"
    assert Item.get(Item.validity == "失效").published_on == dt.date(2025, 3, 10)


def test_missing_columns_are_named(db, tmp_path):
    path = tmp_path / "m.csv"
    path.write_text("标题,文号,成文日期\n甲,乙,2025-01-01\n", encoding="utf-8")
    report = items_io.import_items(db.admin, path, dry_run=True)
    missing = [h for h in items_io.ITEM_HEADERS if h not in ("标题", "文号", "成文日期")]
    assert _answer(report) == {
        "ok": False,
        "imported": 0,
        "checked": 0,
        "errors": [
            {"row": 1, "column": m, "message": f"缺少列“{m}”；请使用导入模板（第一行为表头）。"}
            for m in missing
        ],
    }


def test_title_row_and_two_row_header(db, tmp_path):
    path = tmp_path / "t.csv"
    title = "2025年政府信息公开台账" + "," * 14
    _write(path, [])
    path.write_bytes(("\r\n".join([title, H, LEDGER[0], LEDGER[2]]) + "\r\n").encode("utf-8-sig"))
    report = items_io.import_items(db.admin, path, dry_run=True)
    assert _answer(report) == {
        "ok": False,
        "imported": 0,
        "checked": 2,
        "errors": [{"row": 4, "column": "标题", "message": "标题不能为空。"}],
    }
    # two-row header: 日期 over 成文日期 | 发布日期
    heads = H.split(",")
    upper = ["日期" if h == "成文日期" else ("" if h == "发布日期" else h) for h in heads]
    lower = [
        "成文日期" if h == "成文日期" else ("发布日期" if h == "发布日期" else "") for h in heads
    ]
    path2 = tmp_path / "t2.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2025年政府信息公开台账"])
    ws.append(upper)
    ws.append(lower)
    ws.append(["", "两行表头", "", "", dt.date(2025, 3, 5), dt.date(2025, 3, 1), "主动公开"])
    ws.append(["", "两行表头二", "", "", dt.date(2025, 3, 5), dt.date(2025, 3, 6), "主动公开"])
    wb.save(path2)
    report = items_io.import_items(db.admin, path2, dry_run=True)
    assert _answer(report) == {
        "ok": False,
        "imported": 0,
        "checked": 2,
        "errors": [{"row": 4, "column": "发布日期", "message": "发布日期早于成文日期。"}],
    }


def test_typed_xlsx_cells(db, tmp_path):
    path = tmp_path / "typed.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(H.split(","))
    base = ["", "标题", "文号", "青山区人民政府", None, None, "主动公开", "", TOPIC, "公示", "有效"]
    rows = [
        ["", "日期格", 2025, None, dt.date(2025, 3, 5), dt.datetime(2025, 3, 10, 0, 0)],  # 2 fine
        ["", "日期时间", 7.0, None, dt.datetime(2025, 3, 5, 9, 30), 20250310],  # 3
        ["", "数字日期", None, None, 20250305, "2025.3.10"],  # 4 fine
        ["", 12345, None, None, None, None],  # 5 a number as title: fine
        ["", "布尔", None, None, True, None],  # 6
        ["", "浮点", 1.5, None, 45000.5, None],  # 7
    ]
    for r in rows:
        full = base[:]
        full[1:6] = [r[1], r[2] if r[2] is not None else "", "青山区人民政府", r[4], r[5]]
        ws.append(full)
    wb.save(path)
    report = items_io.import_items(db.admin, path, dry_run=True)
    # a boolean is no date; date-times, Excel serials and yyyymmdd numbers are
    assert _answer(report) == {
        "ok": False,
        "imported": 0,
        "checked": 6,
        "errors": [
            {
                "row": 6,
                "column": "成文日期",
                "message": "无法识别的日期“True”；请写成 2025-03-05、2025/3/5、2025.3.5、2025年3月5日 或 20250305。",
            }
        ],
    }


def test_update_rows_by_index_number(db, tmp_path):
    draft, _ = items.create_item(db.admin, ItemInput(title="草稿", unit_id=1, index_no="U-1"))
    published, _ = items.create_item(db.admin, ItemInput(title="已发布", unit_id=1, index_no="U-2"))
    Item.update(status="published").where(Item.id == published).execute()
    path = tmp_path / "u.csv"
    _write(
        path,
        [
            line("草稿（改）", 索引号="U-1"),  # 2 updates the draft
            line("偷改已发布", 索引号="U-2"),  # 3 refused
            line("新的一条", 索引号="U-3"),  # 4 created
            line("重复的", 索引号="U-1"),  # 5 repeat
            line("", 索引号="U-4"),  # 6
        ],
    )
    report = items_io.import_items(db.admin, path, update=True, dry_run=True)
    expected = {
        "ok": False,
        "imported": 0,
        "checked": 5,
        "errors": [
            {
                "row": 3,
                "column": "标题",
                "message": "该信息已发布，标题、正文和附件不能直接修改：请先撤回发布，修改后重新提交审查。",
            },
            {"row": 5, "column": "索引号", "message": "索引号“U-1”与第 2 行重复。"},
            {"row": 6, "column": "标题", "message": "标题不能为空。"},
        ],
    }
    assert _answer(report) == expected
    assert _answer(items_io.import_items(db.admin, path, update=True)) == expected
    assert Item.get_by_id(draft).title == "草稿"
    _write(path, [line("草稿（改）", 索引号="U-1"), line("新的一条", 索引号="U-3")])
    report = items_io.import_items(db.admin, path, update=True)
    assert (report.ok, report.imported, report.updated) == (True, 2, 1)
    assert Item.get_by_id(draft).title == "草稿（改）"
    # without --update the same numbers are taken
    report = items_io.import_items(db.admin, path, dry_run=True)
    assert [(e["row"], e["column"], e["message"]) for e in _answer(report)["errors"]] == [
        (2, "索引号", "索引号“U-1”已被登记册中的其他信息使用。"),
        (3, "索引号", "索引号“U-3”已被登记册中的其他信息使用。"),
    ]


def test_historical_rows(db, tmp_path):
    path = tmp_path / "h.csv"
    _write(
        path,
        [
            line("历史一条"),  # 2 fine
            line("没有发布日期", 发布日期=""),  # 3
            line("依申请的", 公开属性="依申请公开", 不公开理由="属于内部事务信息"),  # 4
            line("代码也可以", 公开属性="proactive"),  # 5 fine
        ],
    )
    report = items_io.import_items(db.admin, path, historical=True, dry_run=True)
    assert _answer(report) == {
        "ok": False,
        "imported": 0,
        "checked": 4,
        "errors": [
            {
                "row": 3,
                "column": "发布日期",
                "message": "历史导入的信息必须填写发布日期（即当时的发布日期）。",
            },
            {
                "row": 4,
                "column": "公开属性",
                "message": "公开属性为“依申请公开”的信息不能作为已发布信息导入。",
            },
        ],
    }


@pytest.mark.parametrize("name", ["ledger_title_two_row_headers.xls", "ledger_wps.et"])
def test_xls_and_et_ledgers_are_read(db, name):
    """Old Excel and WPS files are read (whole): this one has a title row and merged headers
    but only four of the template's columns, so the answer names the others."""
    from pathlib import Path

    path = Path(__file__).parents[2] / "files" / "data" / name
    report = items_io.import_items(db.admin, path, dry_run=True)
    have = ("索引号", "标题", "成文日期", "发布日期")
    assert _answer(report) == {
        "ok": False,
        "imported": 0,
        "checked": 0,
        "errors": [
            {"row": 1, "column": m, "message": f"缺少列“{m}”；请使用导入模板（第一行为表头）。"}
            for m in items_io.ITEM_HEADERS
            if m not in have
        ],
    }


def test_xls_rows_go_through_the_rules(db, tmp_path, monkeypatch):
    """A full .xls ledger is not at hand (no writer in the project): the rows of a sheet read
    whole are fed the way an .xls is (``read_table``), from a typed .xlsx."""
    from disclosure_desk.files import spreadsheet

    path = tmp_path / "typed.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(H.split(","))
    ws.append(["", "合格", "", "青山区人民政府", dt.date(2025, 3, 5), None, "主动公开"])
    ws.append(["", "", "", "青山区人民政府", dt.date(2025, 3, 5), None, "主动公开"])
    wb.save(path)
    xls = tmp_path / "ledger.xls"
    xls.write_bytes(b"")
    monkeypatch.setattr(
        spreadsheet, "read_table", lambda p: spreadsheet._read_xlsx(path.read_bytes(), "x")
    )
    report = items_io.import_items(db.admin, xls, dry_run=True)
    assert _answer(report) == {
        "ok": False,
        "imported": 0,
        "checked": 2,
        "errors": [{"row": 3, "column": "标题", "message": "标题不能为空。"}],
    }


@pytest.mark.parametrize("where", ["header", "row"])
def test_a_monstrous_cell_is_refused_in_plain_words(db, tmp_path, where):
    from disclosure_desk.domain.errors import InputError

    path = tmp_path / "huge.csv"
    huge = "长" * 200_000
    lines = [line("合格的一条")] * 3 + [line(huge)]
    text = "\r\n".join([H + "," + huge if where == "header" else H, *lines])
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        items_io.import_items(db.admin, path, dry_run=True)
    assert exc.value.message == (
        "CSV 文件“huge.csv”中有单元格超过 131,072 个字符，疑似异常文件，无法导入。"
    )
