"""Errors raised in domain/ (which cannot import i18n) reach the CLI in the interface language:
English with `--lang en` (the data the officer typed kept as typed), and byte-for-byte the same
Chinese as before without it. Expected texts are written out by hand."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from disclosure_desk.cli import main
from disclosure_desk.services.applications.spreadsheets import HEADERS
from disclosure_desk.services.common import setup

CJK = re.compile(r"[\u4e00-\u9fff]")


pytestmark = pytest.mark.usefixtures("cli_in_english_then_chinese")


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def _db(db) -> list[str]:
    return ["--db", str(db.path) if db.target.kind == "sqlite" else db.target.url]


# --- a date that does not exist ------------------------------------------------------------


def test_impossible_date_in_english(capsys):
    code, _, err = _run(capsys, "--lang", "en", "deadline", "--received", "2026-02-30")
    assert code == 2
    assert err == (
        "disclosure-desk: --received: The date “2026-02-30” does not exist; "
        "check the year, month and day.\n"
    )


def test_impossible_date_in_chinese_is_unchanged(capsys):
    code, _, err = _run(capsys, "deadline", "--received", "2026-02-30")
    assert code == 2
    assert err == "disclosure-desk: --received：日期“2026-02-30”不存在，请检查年、月、日。\n"


def test_unreadable_date_in_english_keeps_the_accepted_forms(capsys):
    code, _, err = _run(capsys, "--lang", "en", "deadline", "--received", "next tuesday")
    assert code == 2
    assert err.startswith("disclosure-desk: --received: Unrecognised date “next tuesday”; write it")
    # The accepted forms include the Chinese way of writing a date: that example is data.
    assert not CJK.search(err.replace("2025年3月5日", ""))


# --- a year without holiday data -----------------------------------------------------------


def test_year_without_holiday_data_in_english(capsys):
    code, _, err = _run(capsys, "--lang", "en", "deadline", "--received", "2040-03-02")
    assert code == 2
    assert err == (
        "disclosure-desk: There are no holiday and make-up workday data for 2040, so working days "
        "cannot be counted; import the 2040 schedule first in “Settings → Holidays” (command "
        "line: disclosure-desk calendar import FILE).\n"
    )


def test_year_without_holiday_data_in_chinese_is_unchanged(capsys):
    code, _, err = _run(capsys, "deadline", "--received", "2040-03-02")
    assert code == 2
    assert err == (
        "disclosure-desk: 缺少 2040 年的节假日和调休数据，无法计算工作日；请先在“设置 → 节假日”"
        "导入 2040 年安排（命令行：disclosure-desk calendar import 文件）。\n"
    )


# --- a fee amount that is not an amount (applications import) ------------------------------


@pytest.fixture
def fee_file(db, monkeypatch, tmp_path) -> Path:
    monkeypatch.setenv("DISCLOSURE_DESK_DB", str(db.path) if db.path else db.target.url)
    path = tmp_path / "fees.csv"
    rows = [
        {"收到日期": "2025-03-05", "申请方式": "当面", "申请人类型": "自然人", "申请人": "李四",
         "申请内容": "某文件", "收费金额": "12abc"},
        {"收到日期": "2025-03-05", "申请方式": "当面", "申请人类型": "自然人", "申请人": "李四",
         "申请内容": "某文件", "收费金额": "-5"},
    ]  # fmt: skip
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(HEADERS))
        w.writeheader()
        for r in rows:
            w.writerow({h: r.get(h, "") for h in HEADERS})
    yield path
    setup.open_target(db.target)  # main() closes the database when done


def test_bad_fee_amount_in_english(fee_file, capsys):
    code, _, err = _run(capsys, "--lang", "en", "applications", "import", str(fee_file))
    assert code == 2
    lines = err.splitlines()
    # The column is named by the file's own header (a file format, §3.1): that is the data.
    assert lines[:2] == [
        "Row 2 [收费金额] Fee “12abc” is not a valid amount.",
        "Row 3 [收费金额] Fee cannot be negative.",
    ]
    assert not CJK.search(err.replace("收费金额", ""))
    code, out, _ = _run(capsys, "--lang", "en", "applications", "import", str(fee_file), "--json")
    assert [e["message"] for e in json.loads(out)["errors"]] == [
        "Fee “12abc” is not a valid amount.",
        "Fee cannot be negative.",
    ]


def test_bad_fee_amount_in_chinese_is_unchanged(fee_file, capsys):
    code, _, err = _run(capsys, "applications", "import", str(fee_file))
    assert code == 2
    assert err.splitlines()[:2] == [
        "第 2 行【收费金额】收费金额“12abc”不是有效的金额。",
        "第 3 行【收费金额】收费金额不能为负数。",
    ]
    code, out, _ = _run(capsys, "applications", "import", str(fee_file), "--json")
    assert json.loads(out)["errors"] == [
        {"row": 2, "column": "收费金额", "message": "收费金额“12abc”不是有效的金额。"},
        {"row": 3, "column": "收费金额", "message": "收费金额不能为负数。"},
    ]


# --- duties: a month that does not exist, a time limit out of range --------------------------


def test_duty_errors_in_english(db, capsys):
    base = ["--lang", "en", *_db(db), "duties"]
    code, _, err = _run(capsys, *base, "monitor", "--year", "2025", "--month", "13")
    assert (code, err) == (2, "disclosure-desk: Invalid month: 2025-13\n")
    code, _, err = _run(capsys, *base, "rule", "art26", "--days", "400")
    assert (code, err) == (
        2,
        "disclosure-desk: The time limit must be a whole number from 1 to 365.\n",
    )


def test_duty_errors_in_chinese_are_unchanged(db, capsys):
    base = [*_db(db), "duties"]
    code, _, err = _run(capsys, *base, "monitor", "--year", "2025", "--month", "13")
    assert (code, err) == (2, "disclosure-desk: 月份不正确：2025年13月\n")
    code, _, err = _run(capsys, *base, "rule", "art26", "--days", "400")
    assert (code, err) == (2, "disclosure-desk: 期限应为 1 到 365 之间的整数。\n")


def test_duty_rules_listed_in_english(db, capsys):
    code, out, _ = _run(capsys, "--lang", "en", *_db(db), "duties", "rules")
    assert code == 0
    art26 = next(line for line in out.splitlines() if line.startswith("art26\t"))
    assert art26.split("\t")[2] == (
        "Proactively disclosed information: published within 20 working days of being made"
        " or changed"
    )
