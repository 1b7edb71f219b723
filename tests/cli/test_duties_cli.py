"""`duties …` from the command line: the monitoring sheet in JSON / PDF / Word, rules, training,
hand-over, and plain errors. Counts are checked against the hand-counted register below."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

from disclosure_desk.cli import main
from disclosure_desk.domain.review_workflow import PUBLISHED
from disclosure_desk.store.models import Item, Unit

D = dt.date


def _db_arg(db) -> str:
    return str(db.path) if db.target.kind == "sqlite" else db.target.url


def _register(db) -> None:
    db.unit("EDU", "区教育局")
    edu = Unit.get(Unit.code == "EDU").id
    # Penalty decisions formed Fri 2025-09-26 are due Mon 10-13 (7 working days, National Day).
    for n, pub in enumerate((D(2025, 10, 13), D(2025, 10, 14), None), 1):
        Item.create(
            index_no=f"C/{n}",
            title=f"行政处罚决定书（2025）{n}号",
            unit=edu,
            formed_on=D(2025, 9, 26),
            published_on=pub,
            status=PUBLISHED if pub else "draft",
            genre="通知",
        )


def test_monitor_json_counts_and_documents(db, capsys, tmp_path):
    _register(db)
    args = [
        "--db",
        _db_arg(db),
        "duties",
        "monitor",
        "--year",
        "2025",
        "--month",
        "10",
        "--as-of",
        "2025-11-03",
    ]
    assert main([*args, "--json", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    edu = next(u for u in out["units"] if u["unit"] == "区教育局")
    penalties = [o for o in out["obligations"] if o["rule"] == "penalty_7"]
    assert [(o["ref"], o["due"], o["state"]) for o in penalties] == [
        ("C/1", "2025-10-13", "met"),
        ("C/2", "2025-10-13", "late"),
        ("C/3", "2025-10-13", "missing"),
    ]
    assert edu["late"] >= 1 and edu["missing"] >= 1 and out["complete"] is True
    pdf, docx = tmp_path / "m.pdf", tmp_path / "m.docx"
    assert main([*args, "--pdf", str(pdf), "--docx", str(docx)]) == 0
    assert pdf.read_bytes()[:4] == b"%PDF"
    with zipfile.ZipFile(docx) as z:
        assert "区教育局" in z.read("word/document.xml").decode()


def test_rules_training_and_handover(db, capsys, tmp_path):
    _register(db)
    base = ["--db", _db_arg(db), "duties"]
    assert main([*base, "rules", "--json"]) == 0
    codes = {r["code"] for r in json.loads(capsys.readouterr().out)}
    assert {"art26", "penalty_7", "interpretation", "annual_report"} <= codes
    assert main([*base, "rule", "penalty_7", "--days", "5"]) == 0
    assert (
        main(
            [
                *base,
                "training",
                "add",
                "--unit",
                "EDU",
                "--title",
                "条例培训",
                "--on",
                "2025-05-20",
                "--hours",
                "2",
                "--attendees",
                "张三、李四",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main([*base, "training", "summary", "--year", "2025"]) == 0
    assert "培训 1 次，累计 2 学时，参训 2 人次" in capsys.readouterr().out
    out = tmp_path / "移交.zip"
    assert (
        main(
            [
                *base,
                "handover",
                "--year",
                "2025",
                "--out",
                str(out),
                "--record",
                "档案馆",
                "--on",
                "2026-01-10",
            ]
        )
        == 0
    )
    with zipfile.ZipFile(out) as z:
        assert json.loads(z.read("manifest.json"))["items"] == 2


def test_bad_input_is_one_plain_line(db, capsys):
    base = ["--db", _db_arg(db), "duties"]
    assert main([*base, "monitor", "--year", "2025", "--month", "13"]) == 2
    assert "月份不正确" in capsys.readouterr().err
    assert main([*base, "rule", "nosuch", "--days", "3"]) == 2
    assert "没有代码为" in capsys.readouterr().err


def test_documents_written_from_the_cli_are_audited_as_exports(db, capsys, tmp_path):
    from disclosure_desk.services.common import setup
    from disclosure_desk.store.models import AuditEntry

    _register(db)
    pdf = tmp_path / "m.pdf"
    args = ["--db", _db_arg(db), "duties", "monitor", "--year", "2025", "--month", "10"]
    assert main([*args, "--pdf", str(pdf)]) == 0
    assert (
        main(
            [
                "--db",
                _db_arg(db),
                "report",
                "annual",
                "--year",
                "2025",
                "--html",
                str(tmp_path / "r.html"),
            ]
        )
        == 0
    )
    setup.open_target(db.target)
    exports = [
        json.loads(e.after) for e in AuditEntry.select().where(AuditEntry.action == "export")
    ]
    assert [(e["what"], e["file"]) for e in exports] == [
        ("duty_monitoring", str(pdf)),
        ("annual_report", str(tmp_path / "r.html")),
    ]
