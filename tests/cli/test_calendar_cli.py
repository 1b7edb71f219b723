"""`deadline` and `calendar` commands: JSON contract, the 2027 gap, and imports."""

from __future__ import annotations

import json

import pytest

from disclosure_desk.cli import main

DEADLINE_KEYS = {
    "received",
    "clock_start",
    "due",
    "extended_due",
    "correction_notice_due",
    "excluded_working_days",
}


@pytest.fixture
def no_default_db(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("DISCLOSURE_DESK_DB", raising=False)


def test_deadline_json_without_database(no_default_db, capsys):
    assert main(["deadline", "--received", "2025-09-26", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert DEADLINE_KEYS <= set(data)
    assert data["due"] == "2025-10-30"
    assert data["extended_due"] == "2025-11-27"
    assert data["clock_start"] == "2025-09-26"


def test_deadline_with_correction_and_pause(no_default_db, capsys):
    args = [
        "deadline",
        "--received",
        "2026-03-02",
        "--corrected",
        "2026-03-09",
        "--pause",
        "2026-03-20",
        "2026-03-24",
        "--json",
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["clock_start"] == "2026-03-09"
    # 2026-03-23 (Mon) and 03-24 (Tue) are excluded working days; 03-21/22 is a weekend.
    assert data["excluded_working_days"] == ["2026-03-23", "2026-03-24"]
    # Without the pause the 20th working day after 03-09 is 04-07 (清明 04-06 off); +2 → 04-09.
    assert data["due"] == "2026-04-09"


def test_deadline_bad_date_is_exit_2(no_default_db, capsys):
    assert main(["deadline", "--received", "2026-13-45"]) == 2
    err = capsys.readouterr().err
    assert "--received" in err and "Traceback" not in err


def test_2027_needs_data_then_succeeds(db, tmp_path, capsys):
    if db.path is None:
        pytest.skip("the CLI test addresses a SQLite file")
    path = str(db.path)
    assert main(["--db", path, "deadline", "--received", "2026-12-20", "--json"]) == 2
    assert "2027" in capsys.readouterr().err
    holidays = tmp_path / "2027.csv"
    holidays.write_text(
        "日期,类型,名称\n2027-01-01,休,元旦\n2027-02-06,休,春节\n", encoding="utf-8"
    )
    assert main(["--db", path, "calendar", "import", str(holidays)]) == 0
    capsys.readouterr()
    assert main(["--db", path, "deadline", "--received", "2026-12-20", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    # 12-21 … 12-31 are 9 working days, 2027-01-01 (Fri) is 元旦, then 01-04…01-15 are days
    # 10–19, so day 20 is Monday 2027-01-18.
    assert data["due"] == "2027-01-18"


def test_calendar_show_lists_adjusted_days(no_default_db, capsys):
    assert main(["calendar", "show", "2026", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_date = {r["date"]: r for r in rows}
    assert by_date["2026-02-14"]["type"] == "班"
    assert by_date["2026-10-01"]["type"] == "休"


def test_calendar_import_bad_file_changes_nothing(db, tmp_path, capsys):
    if db.path is None:
        pytest.skip("the CLI test addresses a SQLite file")
    bad = tmp_path / "bad.csv"
    bad.write_text("日期,类型,名称\n2027-01-01,休,元旦\n2027-02-30,休,春节\n", encoding="utf-8")
    assert main(["--db", str(db.path), "calendar", "import", str(bad)]) == 2
    assert "3" in capsys.readouterr().err  # names the bad row
    from disclosure_desk.services.common import setup
    from disclosure_desk.store.models import Holiday

    setup.open_target(db.target)  # the CLI closed the database on exit
    assert Holiday.select().count() == 0
