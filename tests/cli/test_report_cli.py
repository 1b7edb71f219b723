"""`report annual|quarterly|catalogue` on a data set with known answers."""

from __future__ import annotations

import io
import json

import pdfplumber
from reports_data import YEAR, build

from disclosure_desk.cli import main
from disclosure_desk.services.reporting import annual as reports


def _db_arg(db) -> str:
    return str(db.path) if db.target.kind == "sqlite" else db.target.url


def test_annual_json_stdout_equals_service(db, capsys) -> None:
    data = build(db)
    expected = reports.annual_json(db.admin, YEAR)
    unit_a = reports.annual_json(db.admin, YEAR, "A")
    assert main(["--db", _db_arg(db), "report", "annual", "--year", str(YEAR), "--json", "-"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out == json.loads(json.dumps(expected))
    assert out["applications"] == data["applications"]
    assert out["proactive"]["fees_wan"] == 11.7346
    assert (
        main(
            [
                "--db",
                _db_arg(db),
                "report",
                "annual",
                "--year",
                str(YEAR),
                "--unit",
                "A",
                "--json",
                "-",
            ]
        )
        == 0
    )
    assert json.loads(capsys.readouterr().out) == json.loads(json.dumps(unit_a))


def test_annual_pdf_and_json_files(db, tmp_path, capsys) -> None:
    build(db)
    pdf, js = tmp_path / "r.pdf", tmp_path / "r.json"
    args = [
        "--db",
        _db_arg(db),
        "report",
        "annual",
        "--year",
        str(YEAR),
        "--pdf",
        str(pdf),
        "--json",
        str(js),
    ]
    assert main(args) == 0
    assert json.loads(js.read_text("utf-8"))["fees"] == {"count": 2, "amount_yuan": 300}
    with pdfplumber.open(io.BytesIO(pdf.read_bytes())) as doc:
        text = "".join("".join((p.extract_text() or "").split()) for p in doc.pages)
    assert "本年度共收取信息处理费300元。" in text


def test_bad_input_exits_2(db, capsys) -> None:
    build(db)
    assert (
        main(
            [
                "--db",
                _db_arg(db),
                "report",
                "annual",
                "--year",
                str(YEAR),
                "--unit",
                "ZZ",
                "--json",
                "-",
            ]
        )
        == 2
    )
    assert "没有代码为“ZZ”的单位" in capsys.readouterr().err
    assert main(["--db", _db_arg(db), "report", "annual", "--year", str(YEAR)]) == 2


def test_quarterly_and_catalogue_files(db, tmp_path) -> None:
    build(db)
    q = tmp_path / "q.pdf"
    assert (
        main(
            [
                "--db",
                _db_arg(db),
                "report",
                "quarterly",
                "--year",
                str(YEAR),
                "--quarter",
                "1",
                "--pdf",
                str(q),
            ]
        )
        == 0
    )
    assert q.read_bytes().startswith(b"%PDF")
    c = tmp_path / "c.xlsx"
    assert (
        main(["--db", _db_arg(db), "report", "catalogue", "--xlsx", str(c), "--year", str(YEAR)])
        == 0
    )
    assert c.stat().st_size > 0
    p = tmp_path / "c.pdf"
    assert main(["--db", _db_arg(db), "report", "catalogue", "--pdf", str(p)]) == 0
    assert p.read_bytes().startswith(b"%PDF")
