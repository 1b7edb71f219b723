"""The fast path of the applications import decides exactly what the rules decide (issue 18).

``_check_rows`` accepts most rows from memoised cell checks and sends the rest to ``_parse_row``.
Here thousands of seeded random rows — drawn from cells that are valid, wrong, odd (spaces,
full-width digits, formula guards, 29 February, short and long rows, blank lines, repeated
numbers) — go through ``_check_rows`` and through the straightforward row-by-row check the
import did before it was tuned (written out below as the oracle: every row through
``_parse_row``, repeats, extensions, the year-lock guard). Errors, checked rows, numbers seen
and every parsed value must be equal, for CSV and .xlsx, dry run and real import.
"""

from __future__ import annotations

import csv
import datetime as dt
import random

import openpyxl
import pytest
from app_helpers import valid_id, valid_uscc

from disclosure_desk.domain.checkdigits import id_check_char
from disclosure_desk.domain.errors import LockedYearError
from disclosure_desk.files import table_stream
from disclosure_desk.i18n import tr
from disclosure_desk.services.applications import spreadsheets as applications_io
from disclosure_desk.services.reporting import year_lock as reports_lock
from disclosure_desk.services.reporting.year_lock_guard import guard_application

RowError = applications_io.RowError


def _id(first17: str) -> str:
    return first17 + id_check_char(first17)


LEAP = _id("11010520000229123")  # 29 February of a leap year: valid
IDS = [
    "",
    valid_id(5),
    valid_id(6).lower(),
    valid_id(7)[:6] + " " + valid_id(7)[6:],
    " " + valid_id(8) + " ",
    "110105491231002",  # 15 digits
    valid_id(9)[:-1] + ("0" if valid_id(9)[-1] != "0" else "1"),  # wrong check digit
    _id("01010519900307123"),  # area starting with 0
    _id("11010518990101123"),  # born before 1900
    _id("11010521000101123"),  # born in the future
    _id("11010519900230123"),  # 30 February
    LEAP,
    _id("11010519010229123"),  # 29 February of a common year
    "１１０１０５１９４９１２３１００２Ｘ",  # full-width digits
    valid_uscc(),
    valid_uscc()[:-1] + "A",
    "00001434-9",
    "123",
    "'=1",
]
DATES = [
    "",
    "2025-03-05",
    " 2025/3/5 ",
    "２０２５－０３－０５",
    "20250305",
    "2025.3.6",
    "2025年3月8日",
    "2025-03-07T10:30",
    "2025-03-20 00:00:00",
    "2025-02-30",
    "abc",
    "'=2025-03-05",
    "2024-12-31",
    "2025-04-30",
]
CHANNELS = ["当面", "网上申请", "online", "飞鸽", "", " 邮寄 ", "电邮"]
TYPES = ["自然人", "自然人", "自然人", "商业企业", "natural_person", "外星人", "", "其他"]
NAMES = ["张三", "李四", "", "  ", "\u3000", "'=x"]
OUTCOMES = ["", "", "3.1", "予以公开", "不知道", " 3.2 ", "3.4.1"]
EXTENSIONS = ["", "是", "否", "Yes", "maybe", "TRUE", "no"]
FEES = ["", "", "0", "50", "1,200元", "-1", "abc", "1.234", "20000000"]
NUMBERS = ["", "", "", "A-1", "A-2", " A-3 ", "'=A", "'A", "B-1", "B-2"]

HEADERS = list(applications_io.HEADERS)


def _random_row(rng: random.Random, n: int) -> list[str]:
    good = rng.random() < 0.5  # half the rows mostly valid, to exercise the fast path
    received = "2025-03-05" if good else rng.choice(DATES)
    replied = rng.choice(["", "2025-03-20", "2025-03-01", "2025-04-30", "2025/2/30"])
    outcome = rng.choice(OUTCOMES)
    if good and rng.random() < 0.7:
        outcome, replied = rng.choice([("", ""), ("3.1", "2025-03-20"), ("予以公开", "2025-03-21")])
    requested, corrected = "", ""
    if rng.random() < 0.3:
        requested = rng.choice(["2025-03-06", "2025-03-01", "", "bad"])
        corrected = rng.choice(["2025-03-08", "2025-03-06", "2025-03-05", ""])
    row = {
        "申请编号": rng.choice(NUMBERS) if rng.random() < 0.5 else f"N-{n}",
        "收到日期": received,
        "申请方式": "当面" if good else rng.choice(CHANNELS),
        "申请人类型": "自然人" if good else rng.choice(TYPES),
        "申请人": rng.choice(NAMES) if not good else "张三",
        "证件号码": rng.choice(IDS[:6] + [LEAP]) if good else rng.choice(IDS),
        "联系电话": rng.choice(["", "13800000000", " 0571-1 "]),
        "申请内容": rng.choice(["", "某文件", " 合同 "]),
        "补正告知日期": requested,
        "补正收到日期": corrected,
        "办理结果": outcome,
        "答复日期": replied,
        "是否延期": rng.choice(EXTENSIONS) if rng.random() < 0.3 else "",
        "收费金额": rng.choice(["", "50", "1,200元"] if good else FEES),
        "备注": rng.choice(["", "备注"]),
    }
    cells = [row[h] for h in HEADERS]
    r = rng.random()
    if r < 0.03:
        cells = cells[: rng.randrange(4, len(cells))]  # a short row
    elif r < 0.05:
        cells = [*cells, "多出的格"]  # a long row
    elif r < 0.07:
        cells = [" "] * len(cells)  # a blank line
    return cells


def _oracle(path, unit_id: int, *, keep: bool, can_extend: bool):
    """The import's row check before it was tuned: every row through ``_parse_row``."""
    errors: list[RowError] = []
    parsed = []
    seen: dict[str, int] = {}
    checked = 0
    with table_stream.open_table(path) as (_headers, rows):
        for row in rows:
            if not any(str(v).strip() for v in row.values.values() if v is not None):
                continue
            p = applications_io._parse_row(row.number, row.values, unit_id, errors)
            if p is None:
                continue
            if p.reg_no:
                if p.reg_no in seen:
                    errors.append(
                        RowError(
                            p.row,
                            "申请编号",
                            tr("申请编号与第 {value} 行重复。").format(value=seen[p.reg_no]),
                        )
                    )
                    continue
                seen[p.reg_no] = p.row
            if p.extended and not can_extend:
                errors.append(RowError(p.row, "是否延期", "EXT"))
            errors.extend(_oracle_locks([p]))
            checked += 1
            if keep:
                parsed.append(p)
    return errors, parsed, checked, seen


def _oracle_locks(parsed) -> list[RowError]:
    out = []
    for p in parsed:
        fact = {
            "unit_id": p.data.unit_id,
            "received_on": p.data.received_on,
            "replied_on": p.replied_on,
            "outcome_code": p.outcome_code,
            "applicant_type": p.data.applicant_type,
            "fee_paid_on": p.replied_on if p.fee else None,
            "fee_collected": p.fee,
        }
        try:
            guard_application(None, fact)
        except LockedYearError as exc:
            column = "收到日期" if str(p.data.received_on.year) in exc.message else "答复日期"
            out.append(RowError(p.row, column, exc.message))
    return out


def _fast(path, unit_id: int, *, keep: bool, can_extend: bool):
    with table_stream.open_cells(path) as table:
        return applications_io._check_rows(table, unit_id, keep=keep, can_extend=can_extend)


def _compare(path, unit_id: int, *, can_extend: bool = False) -> tuple[int, int]:
    for keep in (False, True):
        errors, parsed, checked, seen = _fast(path, unit_id, keep=keep, can_extend=can_extend)
        o_errors, o_parsed, o_checked, o_seen = _oracle(
            path, unit_id, keep=keep, can_extend=can_extend
        )
        got = sorted(
            (
                (
                    e.row,
                    e.column,
                    "EXT" if e.column == "是否延期" and "主管领导" in e.message else e.message,
                )
                for e in errors
            ),
            key=lambda e: e[0],
        )
        want = sorted(((e.row, e.column, e.message) for e in o_errors), key=lambda e: e[0])
        assert got == want
        assert checked == o_checked and seen.as_dict() == o_seen
        assert parsed == o_parsed
    return checked, len(errors)


def _write_csv(path, rows, headers=HEADERS) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(headers)
        w.writerows(rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_csv_rows_are_decided_as_the_rules_decide(db, tmp_path, seed):
    rng = random.Random(seed)
    rows = [_random_row(rng, n) for n in range(1500)]
    path = tmp_path / "r.csv"
    _write_csv(path, rows)
    unit_id = applications_io._root_unit()
    checked, errors = _compare(path, unit_id)
    assert checked > 200 and errors > 200  # both kinds of rows were really there
    _compare(path, unit_id, can_extend=True)


def test_columns_reordered_and_some_missing(db, tmp_path):
    rng = random.Random(7)
    dropped = {"收费金额", "补正收到日期", "申请编号", "备注"}
    headers = [h for h in reversed(HEADERS) if h not in dropped]
    rows = []
    for n in range(800):
        full = dict(zip(HEADERS, _random_row(rng, n) + [""] * 15, strict=False))
        rows.append([full[h] for h in headers])
    path = tmp_path / "cols.csv"
    _write_csv(path, rows, headers)
    checked, _errors = _compare(path, applications_io._root_unit())
    assert checked > 100


def test_with_a_locked_year(db, tmp_path):
    boss = db.user("boss", "supervisor")
    reports_lock.lock_year(boss, 2024)
    rng = random.Random(11)
    rows = []
    for n in range(600):
        cells = _random_row(rng, n)
        if len(cells) == len(HEADERS) and rng.random() < 0.5:
            cells[1] = rng.choice(["2024-06-01", "2024-12-31", "2025-01-05"])
            cells[11] = rng.choice(["", "2025-01-10", "2024-12-31"])
            cells[10] = "3.1" if cells[11] else ""
        rows.append(cells)
    path = tmp_path / "locked.csv"
    _write_csv(path, rows)
    _checked, errors = _compare(path, applications_io._root_unit())
    assert errors > 50


def _typed(value: str):
    """The same cell as Excel might hold it: dates as dates, numbers as numbers."""
    if value in ("2025-03-05", "2025-03-20"):
        return dt.date.fromisoformat(value)
    if value == "2025-03-01":
        return dt.datetime(2025, 3, 1, 9, 30)
    if value == "50":
        return 50
    if value == "1.234":
        return 1.234
    if value == "是":
        return True
    if value == "否":
        return False
    if value == "":
        return None
    return value


def test_random_xlsx_rows_are_decided_as_the_rules_decide(db, tmp_path):
    rng = random.Random(5)
    path = tmp_path / "r.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for n in range(700):
        ws.append([_typed(c) for c in _random_row(rng, n)])
    ws.append([7, 45721, "当面", "其他", "甲", None, None, None, None, None, None, 20250320])
    ws.append([7.0, 20250305, "当面", "其他", "乙", None, None, None, None, None, "3.1", 45736])
    wb.save(path)
    checked, errors = _compare(path, applications_io._root_unit())
    assert checked > 50 and errors > 50


def test_rows_of_a_sheet_read_whole_are_decided_the_same(db, tmp_path):
    """.xls and .et files are read whole (cells already cleaned): the same decisions."""
    from disclosure_desk.files import spreadsheet

    rng = random.Random(9)
    path = tmp_path / "w.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for n in range(500):
        ws.append([_typed(c) for c in _random_row(rng, n)])
    wb.save(path)
    unit_id = applications_io._root_unit()
    sheet = spreadsheet.read_table(path)
    for keep in (False, True):
        table = table_stream.Cells(
            sheet.headers,
            False,
            path.name,
            table_stream._numbered(iter(sheet.rows), sheet.headers),
            sheet.rows[0].number,
            None,
            table_stream._as_is,
        )
        errors, parsed, checked, seen = applications_io._check_rows(
            table, unit_id, keep=keep, can_extend=True
        )
        o_errors, o_parsed, o_checked, o_seen = _oracle(path, unit_id, keep=keep, can_extend=True)
        assert [(e.row, e.column, e.message) for e in sorted(errors, key=lambda e: e.row)] == [
            (e.row, e.column, e.message) for e in sorted(o_errors, key=lambda e: e.row)
        ]
        assert (parsed, checked, seen.as_dict()) == (o_parsed, o_checked, o_seen)
    assert checked > 30
