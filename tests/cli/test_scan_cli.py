"""`disclosure-desk scan` as a subprocess: exact JSON shape, .txt (UTF-8/GB18030), .docx, .pdf,
per-file errors, and no database needed (HOME/XDG_DATA_HOME point at an empty directory)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TEXT = "申请人：张三，身份证号11010519491231002X，手机13812345678。"
FINDING_KEYS = {"kind", "severity", "start", "end", "text", "masked", "location"}


def run_scan(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from disclosure_desk.cli import main; sys.exit(main())",
            *args,
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=tmp_path,
        timeout=120,
    )


def _kinds(file_entry: dict) -> list[str]:
    return [f["kind"] for f in file_entry["findings"]]


def test_json_shape_gb18030_txt_and_missing_file(tmp_path):
    gb = tmp_path / "名单.txt"
    gb.write_bytes(TEXT.encode("gb18030"))
    proc = run_scan(tmp_path, "scan", str(gb), str(tmp_path / "nope.txt"), "--json")
    assert proc.returncode == 2, proc.stderr
    data = json.loads(proc.stdout)
    assert list(data) == ["files"]
    ok, missing = data["files"]
    assert set(ok) == {"path", "error", "findings"} and ok["error"] is None
    assert ok["path"] == str(gb)
    assert _kinds(ok) == ["person_name", "id_card", "mobile"]
    for f in ok["findings"]:
        assert set(f) == FINDING_KEYS
        assert TEXT[f["start"] : f["end"]] == f["text"]
    assert ok["findings"][1]["masked"] == "110105********002X"
    assert missing["findings"] == [] and "找不到文件" in missing["error"]
    assert not (tmp_path / "home" / "data" / "disclosure-desk").exists()  # no database created


def test_utf8_txt_offsets_and_plain_output(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("正文第一行\n" + TEXT, encoding="utf-8")
    proc = run_scan(tmp_path, "scan", str(p))
    assert proc.returncode == 3, proc.stderr  # ID number and mobile block publishing
    assert (
        "手机号码" in proc.stdout
        and "138****5678" in proc.stdout
        and "禁止发布 2 处" in proc.stdout
    )
    data = json.loads(run_scan(tmp_path, "scan", str(p), "--json").stdout)
    mobile = next(f for f in data["files"][0]["findings"] if f["kind"] == "mobile")
    assert mobile["start"] == len("正文第一行\n") + TEXT.index("138")


def test_docx_and_pdf(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("关于低保对象的公示")
    d.add_paragraph(TEXT)
    d.save(str(tmp_path / "a.docx"))

    from reportlab.pdfgen.canvas import Canvas

    from disclosure_desk.reports.fonts import register_fonts

    c = Canvas(str(tmp_path / "b.pdf"))
    c.setFont(register_fonts(), 11)
    c.drawString(50, 750, "机密★5年")
    c.drawString(50, 720, "联系电话13812345678")
    c.save()
    proc = run_scan(tmp_path, "scan", str(tmp_path / "a.docx"), str(tmp_path / "b.pdf"), "--json")
    assert proc.returncode == 3, proc.stderr
    a, b = json.loads(proc.stdout)["files"]
    assert _kinds(a) == ["person_name", "id_card", "mobile"]
    assert {"secret_marker", "mobile"} <= set(_kinds(b))


def test_unsupported_and_binary_files_are_reported_but_others_scanned(tmp_path):
    (tmp_path / "x.exe").write_bytes(b"abc")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 50)
    good = tmp_path / "g.txt"
    good.write_text(TEXT, encoding="utf-8")
    proc = run_scan(
        tmp_path, "scan", str(tmp_path / "x.exe"), str(tmp_path / "bin.txt"), str(good), "--json"
    )
    assert proc.returncode == 2
    files = json.loads(proc.stdout)["files"]
    assert "不支持" in files[0]["error"] and "不是文本文件" in files[1]["error"]
    assert files[2]["error"] is None and len(files[2]["findings"]) == 3
    assert "Traceback" not in proc.stderr


def test_database_keywords_are_used_when_given(db, tmp_path):
    if db.path is None:
        pytest.skip("keyword file test needs the SQLite fixture")
    from disclosure_desk.services.common import setup
    from disclosure_desk.services.reviews import scan as review_scan

    review_scan.add_keyword(db.admin, None, "内部通报", "block")
    setup.close()
    p = tmp_path / "k.txt"
    p.write_text("这是一份内部通报。", encoding="utf-8")
    with_db = json.loads(run_scan(tmp_path, "--db", str(db.path), "scan", str(p), "--json").stdout)
    assert [(f["kind"], f["severity"], f["text"]) for f in with_db["files"][0]["findings"]] == [
        ("keyword", "block", "内部通报")
    ]
    without = run_scan(tmp_path, "--db", str(tmp_path / "absent.sqlite3"), "scan", str(p), "--json")
    assert without.returncode == 0
    assert json.loads(without.stdout)["files"][0]["findings"] == []
    assert "数据库文件不存在" in without.stderr
    assert not (tmp_path / "absent.sqlite3").exists()


def test_exit_status_three_only_when_something_blocks(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("关于2025年预算公开的说明，金额 1,234.56 元。", encoding="utf-8")
    warn = tmp_path / "warn.txt"
    warn.write_text("联系人：王某某，地址幸福路12号3栋201室", encoding="utf-8")
    assert run_scan(tmp_path, "scan", str(clean)).returncode == 0
    assert run_scan(tmp_path, "scan", str(warn)).returncode == 0  # warnings do not block
    blocked = tmp_path / "block.txt"
    blocked.write_text("手机 １３８ １２３４ ５６７８", encoding="utf-8")
    proc = run_scan(tmp_path, "scan", str(clean), str(blocked), "--json")
    assert proc.returncode == 3
    (f,) = json.loads(proc.stdout)["files"][1]["findings"]
    assert (f["kind"], f["text"], f["masked"]) == (
        "mobile",
        "１３８ １２３４ ５６７８",
        "１３８ ＊＊＊＊ ５６７８",
    )


def test_scan_reads_standard_input(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
    env.update(HOME=str(home), XDG_DATA_HOME=str(home / "data"), PYTHONIOENCODING="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from disclosure_desk.cli import main; sys.exit(main())",
            "scan",
            "-",
            "--json",
        ],
        input=TEXT.encode("gb18030"),
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 3, proc.stderr
    (entry,) = json.loads(proc.stdout.decode("utf-8"))["files"]
    assert entry["path"] == "-" and _kinds(entry) == ["person_name", "id_card", "mobile"]


def test_xlsx_with_an_id_column_reports_each_cell(tmp_path):
    import openpyxl

    ids = ["11010519491231002X", "350211196201208674", "350203201409256054"]
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "补贴名单"
    ws.append(["序号", "姓名", "身份证号码", "发放金额"])
    for n, value in enumerate(ids, start=1):
        ws.append([n, f"张某{n}", value, 500])
    ws.append([4, "李某", "350203201409256055", 500])  # wrong check digit
    path = tmp_path / "补贴.xlsx"
    book.save(path)
    proc = run_scan(tmp_path, "scan", str(path), "--json")
    assert proc.returncode == 3, proc.stderr
    findings = json.loads(proc.stdout)["files"][0]["findings"]
    assert [(f["kind"], f["text"], f["location"]) for f in findings if f["kind"] == "id_card"] == [
        ("id_card", ids[0], "补贴名单!C2"),
        ("id_card", ids[1], "补贴名单!C3"),
        ("id_card", ids[2], "补贴名单!C4"),
    ]
    plain = run_scan(tmp_path, "scan", str(path))
    assert "补贴名单!C3" in plain.stdout


def test_image_only_pdf_exits_three_with_the_manual_check_finding(tmp_path):
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "扫描件.pdf"
    c = Canvas(str(path))
    c.rect(50, 400, 400, 300, fill=1)
    c.showPage()
    c.save()
    proc = run_scan(tmp_path, "scan", str(path), "--json")
    assert proc.returncode == 3, proc.stderr
    (f,) = json.loads(proc.stdout)["files"][0]["findings"]
    assert (f["kind"], f["severity"], f["location"]) == ("no_text_layer", "block", "第1页")
    assert set(f) == FINDING_KEYS
    plain = run_scan(tmp_path, "scan", str(path))
    assert plain.returncode == 3 and "无文字层" in plain.stdout and "人工核对" in plain.stdout
