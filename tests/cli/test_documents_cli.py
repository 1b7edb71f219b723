"""`report annual --docx/--html`, `report catalogue --html`, `applications letter` from the CLI."""

from __future__ import annotations

import io
import json

import docx
import pdfplumber
from app_helpers import acceptance_case
from reports_data import YEAR, build

from disclosure_desk.cli import main
from disclosure_desk.store import db as store_db
from disclosure_desk.store.models import Application

COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
)


def _db_arg(db) -> str:
    return str(db.path) if db.target.kind == "sqlite" else db.target.url


def test_annual_docx_and_html_carry_the_known_figures(db, tmp_path, capsys) -> None:
    data = build(db)
    d, h = tmp_path / "r.docx", tmp_path / "r.html"
    args = ["--db", _db_arg(db), "report", "annual", "--year", str(YEAR)]
    assert main([*args, "--docx", str(d), "--html", str(h)]) == 0
    table = docx.Document(str(d)).tables[1]
    total_row = [c.text for c in table.rows[-2].cells[3:]]  # （七）总计
    assert total_row == [str(data["applications"]["3.7"][c]) for c in COLUMNS]
    new_row = [c.text for c in table.rows[3].cells[3:]]
    assert new_row == [str(data["applications"]["1"][c]) for c in COLUMNS]
    html = h.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "三、收到和处理政府信息公开申请情况" in html
    # --html - writes the page to stdout.
    store_db.close_database()
    capsys.readouterr()
    assert main([*args, "--html", "-"]) == 0
    assert capsys.readouterr().out == html
    assert main([*args, "--html", "-", "--json", "-"]) == 2


def test_catalogue_html(db, tmp_path) -> None:
    build(db)
    out = tmp_path / "c.html"
    assert main(["--db", _db_arg(db), "report", "catalogue", "--html", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "政府信息公开目录" in text and "<table>" in text and "索引号" in text


def test_applications_letter_lists_and_writes(db, tmp_path, capsys) -> None:
    app_id = acceptance_case(db.admin)
    reg_no = Application.get_by_id(app_id).reg_no
    base = ["--db", _db_arg(db), "applications"]
    assert main([*base, "letter", reg_no, "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [x["kind"] for x in listed["letters"]] == [
        "receipt",
        "correction",
        "consultation",
        "extension",
    ]
    # Without contact settings: refused with the missing settings named, exit 2.
    pdf = tmp_path / "x.pdf"
    assert main([*base, "letter", reg_no, "extension", "--pdf", str(pdf)]) == 2
    assert "联系电话" in capsys.readouterr().err and not pdf.exists()
    assert (
        main(
            [
                *base,
                "letter-settings",
                "--contact",
                "王明",
                "--phone",
                "0571-87654321",
                "--address",
                "青山区人民路1号",
            ]
        )
        == 0
    )
    capsys.readouterr()
    word = tmp_path / "x.docx"
    assert main([*base, "letter", reg_no, "extension", "--pdf", str(pdf), "--docx", str(word)]) == 0
    with pdfplumber.open(str(pdf)) as p:
        text = "".join(page.extract_text() for page in p.pages)
    assert "延期答复告知书" in "".join(text.split())
    assert "0571-87654321" in "".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert main([*base, "letter", reg_no, "nonsense", "--pdf", str(pdf)]) == 2
    assert main([*base, "letter", "不存在的编号"]) != 0


def test_letter_pdf_to_stdout(db, capsysbinary) -> None:
    from app_helpers import set_letter_contact

    app_id = acceptance_case(db.admin)
    set_letter_contact(db.admin)
    reg_no = Application.get_by_id(app_id).reg_no
    assert (
        main(["--db", _db_arg(db), "applications", "letter", reg_no, "receipt", "--pdf", "-"]) == 0
    )
    out = capsysbinary.readouterr()
    assert out.out.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(out.out)) as p:
        assert "接收回执" in "".join(p.pages[0].extract_text().split())
    assert "已出具" in out.err.decode("utf-8")
