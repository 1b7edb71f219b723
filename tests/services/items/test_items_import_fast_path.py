"""The items import's dry-run fast path decides exactly what the rules decide (issue 18).

``_check_rows`` accepts most rows of a dry run from memoised cell checks and sends the rest to
``_Rules.row``. Here thousands of seeded random rows — drawn from cells that are valid, wrong or
odd (spaces, full-width digits, formula guards, 29 February, limits ± 1, 国家秘密, repeated and
registered 索引号, short and long rows, blank lines) — go through the streamed import and
through the import as it was before it was streamed (written out below as the oracle: the whole
file read by ``spreadsheet.read_table``, every row through the old loop). Errors and checked
rows must be equal, for CSV and .xlsx, plain / --update / --historical, with a locked year and
for an officer who may not register for every unit.
"""

from __future__ import annotations

import csv
import datetime as dt
import random

import openpyxl
import pytest

from disclosure_desk.domain import catalogs, vocabulary
from disclosure_desk.domain import review_workflow as wf
from disclosure_desk.domain.dates import parse_optional_date
from disclosure_desk.domain.errors import InputError
from disclosure_desk.files import spreadsheet
from disclosure_desk.i18n import tr
from disclosure_desk.services.items import gate as items_gate
from disclosure_desk.services.items import register as items
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.services.items.register import content_differs
from disclosure_desk.services.items.rules import ItemInput, check, genre_list, topic_list
from disclosure_desk.services.reporting import year_lock as reports_lock
from disclosure_desk.store.models import Item

RowError = items_io.RowError
_text = items_io._text


def old_parse_sheet(actor, sheet, *, update=False, historical=False):
    """The import's check before issue 18's streaming, as it was (whole file, row by row)."""
    errors = []
    missing = sheet.missing(items_io.ITEM_HEADERS)
    if missing:
        return [], [
            RowError(1, m, tr("缺少列“{m}”；请使用导入模板（第一行为表头）。").format(m=m))
            for m in missing
        ]
    topics, genres = topic_list(), genre_list()
    units = items_io._UnitMatcher(actor)
    seen = {}
    parsed = []
    for row in sheet.rows:
        v = row.values
        problems = []
        dates = {}
        for col in items_io.DATE_COLUMNS:
            try:
                dates[col] = parse_optional_date(v.get(col))
            except InputError as exc:
                problems.append((col, exc.message))
                dates[col] = None
        disclosure = _text(v, "公开属性") or vocabulary.PROACTIVE
        reason = _text(v, "不公开理由")
        channels = tuple(
            c
            for c in _text(v, "公开方式").replace("，", ",").replace("、", ",").split(",")
            if c.strip()
        )
        publisher = _text(v, "发布机构")
        unit_id = units.unit_for(publisher, _text(v, "所属单位"))
        if unit_id is None or not actor.can_access_unit(unit_id):
            problems.append(("发布机构", tr("当前用户不能为该单位登记信息。")))
        if historical:
            problems.extend(items_io._historical_problems(v, dates["发布日期"], disclosure))
        data = ItemInput(
            title=_text(v, "标题"),
            unit_id=unit_id or 0,
            doc_no=_text(v, "文号"),
            publisher=publisher,
            formed_on=dates["成文日期"],
            published_on=dates["发布日期"],
            disclosure=disclosure,
            withhold_ground="",
            withhold_reason=reason,
            topic=_text(v, "主题分类"),
            genre=_text(v, "体裁"),
            secrecy=_text(v, "密级") or catalogs.NOT_SECRET,
            validity=_text(v, "有效性") or catalogs.VALID,
            repealed_on=dates["废止日期"],
            repealed_by=_text(v, "废止依据"),
            keywords=_text(v, "关键词"),
            summary=_text(v, "内容概述"),
            body=_text(v, "正文"),
            channels=channels,
            index_no=_text(v, "索引号"),
        )
        if update and data.index_no:
            data = items_io._merge_existing(data, sheet.headers)
        clean, more = check(data, topics, genres)
        problems.extend(more)
        if clean.index_no:
            if clean.index_no in seen:
                problems.append(
                    (
                        "索引号",
                        tr("索引号“{index_no}”与第 {value} 行重复。").format(
                            index_no=clean.index_no, value=seen[clean.index_no]
                        ),
                    )
                )
            else:
                seen[clean.index_no] = row.number
        for col, msg in problems:
            errors.append(RowError(row.number, col, msg))
        parsed.append((row.number, clean))
    numbers = list(seen)
    existing = {}
    for i in range(0, len(numbers), 500):
        for item in Item.select().where(Item.index_no.in_(numbers[i : i + 500])):
            existing[item.index_no] = item
    by_row = dict(parsed)
    for number, item in existing.items():
        row = seen[number]
        if not update:
            errors.append(
                RowError(
                    row,
                    "索引号",
                    tr("索引号“{number}”已被登记册中的其他信息使用。").format(number=number),
                )
            )
            continue
        if not actor.can_access_unit(item.unit_id):
            errors.append(
                RowError(
                    row,
                    "索引号",
                    tr("当前用户不能修改索引号“{number}”的信息。").format(number=number),
                )
            )
        elif item.status == wf.PUBLISHED and content_differs(item, by_row[row]):
            errors.append(RowError(row, "标题", tr(items_gate.PUBLISHED_CONTENT_MESSAGE)))
    errors.extend(
        items_io._locked_rows(parsed, existing=existing)
        if update
        else items_io._locked_rows(parsed)
    )
    heads = items_io.ITEM_HEADERS
    errors.sort(key=lambda e: (e.row, heads.index(e.column) if e.column in heads else 99))
    return parsed, errors


TOPIC = "城乡建设、环境保护\\城乡建设（含住房）"
POOLS = {
    "索引号": [
        "",
        "",
        "",
        "A-1",
        "A-2",
        " A-2 ",
        "A-3",
        "A-4",
        "TAKEN-1",
        "'=X",
        "号" * 100,
        "号" * 101,
        *[f"N-{i}" for i in range(40)],
    ],
    "标题": ["关于道路养护的公示"] * 6
    + ["", "  ", "长" * 500, "长" * 501, "'=SUM(1)", "'", " 标题 "],
    "文号": ["", "青建发〔2025〕1号", "x" * 200, "x" * 201, "'-1"],
    "发布机构": ["青山区人民政府"] * 4 + ["", "不存在的机构", "区教育局", "区卫生健康委", "UA"],
    "成文日期": [
        "",
        "2025-03-05",
        "2025/3/5",
        "２０２５年３月５日",
        "20250305",
        "2025-02-29",
        "2024-02-29",
        "2025-13-40",
        "昨天",
        " 2025-03-04 ",
        "2024-12-31",
        "2026-01-01",
    ],
    "发布日期": ["", "2025-03-10", "2025-03-01", "2025年3月10日", "2026-01-05", "bad"],
    "公开属性": ["主动公开"] * 5
    + ["", "proactive", "依申请公开", "不予公开", "withheld", "on_request", "半公开", " 主动公开 "],
    "不公开理由": ["", "", " ", "涉及个人隐私", "属于内部事务信息", "'=x"],
    "主题分类": [TOPIC] * 3
    + ["", "城乡建设、环境保护/城乡建设（含住房）", "火星", "城乡建设、环境保护"],
    "体裁": ["公示"] * 3 + ["", "通知", "规章", "行政规范性文件", "小说"],
    "有效性": ["有效"] * 3 + ["", "失效", "废止", "作废"],
    "废止日期": ["", "", "", "2025-06-01", "2024-01-01", "2025-02-30"],
    "关键词": ["", "词", "词" * 500, "词" * 501],
    "内容概述": ["", "概述"],
    "正文": ["", "正文", " 前后有空格 "],
    "密级": ["", "非密", "非密", "内部", "秘密", "绝密", "顶级"],
    "公开方式": ["", "政府网站", "政府网站、政务新媒体", "飞鸽", "政府网站,政府网站", "，"],
    "废止依据": ["", "新规"],
    "所属单位": ["", "", "", "UA", "区卫生健康委"],
}


def _headers(rng: random.Random) -> list[str]:
    heads = list(items_io.ITEM_HEADERS)
    heads += [h for h in items_io.EXTRA_HEADERS if rng.random() < 0.7]
    rng.shuffle(heads)
    return heads


def _rows(rng: random.Random, heads: list[str], n: int) -> list[list[object]]:
    rows = []
    for _ in range(n):
        roll = rng.random()
        if roll < 0.02:
            rows.append([""] * len(heads))  # blank
            continue
        cells = [rng.choice(POOLS[h]) for h in heads]
        if roll < 0.5:  # mostly valid rows, for the fast path
            good = {
                "标题": "关于道路养护的公示",
                "成文日期": "2025-03-05",
                "发布日期": "2025-03-10",
                "公开属性": "主动公开",
                "有效性": "有效",
                "废止日期": "",
                "密级": "非密",
                "关键词": "词",
                "文号": "1号",
                "体裁": "公示",
                "公开方式": "政府网站",
            }
            for h, v in good.items():
                if h in heads and rng.random() < 0.9:
                    cells[heads.index(h)] = v
        if roll > 0.97:
            cells = cells[: rng.randrange(1, len(cells))]  # short row
        elif roll > 0.95:
            cells = [*cells, "多出来的"]  # long row
        rows.append(cells)
    return rows


def _typed(v: object, rng: random.Random) -> object:
    if v == "":
        return None if rng.random() < 0.5 else ""
    if v in ("2025-03-05", "2025-03-10") and rng.random() < 0.5:
        return dt.date.fromisoformat(v)
    if v == "20250305" and rng.random() < 0.5:
        return 20250305
    if v == "1号" and rng.random() < 0.3:
        return 1
    return v


def _write(path, heads, rows, rng) -> None:
    if path.suffix == ".csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(heads)
            w.writerows(rows)
        return
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("信息登记")
    ws.append(heads)
    for r in rows:
        ws.append([_typed(v, rng) for v in r])
    wb.save(path)


def _fixtures(db) -> None:
    db.unit("UA", "区教育局")
    db.unit("UB", "区卫生健康委")
    items.create_item(db.admin, ItemInput(title="已有", unit_id=1, index_no="TAKEN-1"))
    items.create_item(db.admin, ItemInput(title="草稿", unit_id=1, index_no="A-3"))
    published, _ = items.create_item(db.admin, ItemInput(title="已发布", unit_id=1, index_no="A-4"))
    Item.update(status="published").where(Item.id == published).execute()


def _compare(actor, path, **mode) -> int:
    _parsed, want = old_parse_sheet(actor, spreadsheet.read_table(path), **mode)
    report = items_io.import_items(actor, path, dry_run=True, **mode)
    got = [(e.row, e.column, e.message) for e in report.errors]
    assert got == [(e.row, e.column, e.message) for e in want]
    assert report.checked == len(_parsed)
    assert report.ok is (not want)
    return len(want)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(
    "mode", [{}, {"update": True}, {"historical": True}], ids=["plain", "update", "historical"]
)
def test_fast_path_matches_the_rules_on_random_rows(db, tmp_path, suffix, mode):
    _fixtures(db)
    rng = random.Random(f"{suffix}{sorted(mode)}")
    total_errors = 0
    for round_ in range(3):
        heads = _headers(rng)
        path = tmp_path / f"r{round_}{suffix}"
        _write(path, heads, _rows(rng, heads, 400), rng)
        total_errors += _compare(db.admin, path, **mode)
    assert total_errors > 300  # the pools do reach the rules


def test_fast_path_matches_with_a_locked_year_and_a_unit_officer(db, tmp_path):
    _fixtures(db)
    reports_lock.lock_year(db.admin, 2025)
    officer = db.user("off_a", "officer", "UA")
    rng = random.Random(99)
    for round_ in range(3):
        heads = _headers(rng)
        path = tmp_path / f"l{round_}.csv"
        _write(path, heads, _rows(rng, heads, 400), rng)
        _compare(db.admin, path)
        _compare(officer, path)
        _compare(db.admin, path, update=True)


def test_a_valid_ledger_is_all_fast_and_agrees(db, tmp_path):
    """Only valid rows (the common case): same answer, and the real import takes them all."""
    _fixtures(db)
    heads = list(items_io.ITEM_HEADERS)
    rows = []
    for i in range(300):
        rows.append(
            [
                f"V-{i}",
                f"标题{i}",
                f"{i}号",
                "青山区人民政府",
                f"2025-01-{i % 28 + 1:02d}",
                "2025-02-01",
                ("主动公开", "依申请公开", "不予公开")[i % 3],
                "" if i % 3 == 0 else "涉及个人隐私",
                TOPIC,
                "通知",
                "有效",
                "",
                "",
                "",
                "",
            ]
        )
    path = tmp_path / "v.csv"
    _write(path, heads, rows, random.Random(1))
    assert _compare(db.admin, path) == 0
    assert items_io.import_items(db.admin, path).imported == 300
