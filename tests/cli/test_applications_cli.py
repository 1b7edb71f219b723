"""`applications import|export|template`: JSON shape, all-or-nothing, Chinese row errors, round trip."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from app_helpers import valid_id, valid_uscc

from disclosure_desk.cli import main
from disclosure_desk.services.applications.spreadsheets import HEADERS
from disclosure_desk.services.common import setup
from disclosure_desk.store.models import Application, ApplicationEvent


@pytest.fixture
def cli(db, monkeypatch, capsys):
    monkeypatch.setenv("DISCLOSURE_DESK_DB", str(db.path) if db.path else db.target.url)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        setup.open_target(db.target)  # main() closes the database when done
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(HEADERS))
        w.writeheader()
        for r in rows:
            w.writerow({h: r.get(h, "") for h in HEADERS})
    return path


GOOD = [
    {
        "收到日期": "2025/3/5",
        "申请方式": "当面",
        "申请人类型": "自然人",
        "申请人": "李四",
        "证件号码": valid_id(11),
        "申请内容": "某文件",
        "办理结果": "予以公开",
        "答复日期": "2025-03-20",
        "是否延期": "否",
    },
    {
        "申请编号": "旧申〔2024〕7号",
        "收到日期": "2024年12月1日",
        "申请方式": "网络",
        "申请人类型": "商业企业",
        "申请人": "某公司",
        "证件号码": valid_uscc(),
        "申请内容": "合同",
        "补正告知日期": "20241203",
        "补正收到日期": "2024.12.9",
        "办理结果": "3.4.1",
        "答复日期": "2024-12-30",
        "是否延期": "是",
        "收费金额": "100",
    },
    {
        "收到日期": "2025-04-01",
        "申请方式": "邮寄",
        "申请人类型": "其他",
        "申请人": "某协会",
        "申请内容": "办理中的申请",
    },
]


def test_dry_run_then_import(cli, tmp_path):
    f = write_csv(tmp_path / "a.csv", GOOD)
    code, out, _ = cli("applications", "import", str(f), "--dry-run", "--json")
    assert code == 0 and json.loads(out) == {"ok": True, "imported": 0, "errors": []}
    assert Application.select().count() == 0
    code, out, _ = cli("applications", "import", str(f), "--json")
    assert code == 0 and json.loads(out)["imported"] == 3
    legacy = Application.get(Application.reg_no == "旧申〔2024〕7号")
    assert (legacy.status, legacy.outcome_code, legacy.extended) == ("replied", "3.4.1", True)
    assert str(legacy.correction_received_on) == "2024-12-09"
    assert float(legacy.fee_collected) == 100
    pending = Application.get(Application.applicant_name == "某协会")
    assert pending.status == "registered" and pending.reg_no
    kinds = {
        e.kind for e in ApplicationEvent.select().where(ApplicationEvent.application == legacy.id)
    }
    assert {"receipt", "correction_requested", "correction_received", "extension", "reply"} <= kinds


def test_any_bad_row_imports_nothing(cli, tmp_path):
    bad = [
        *GOOD,
        {"收到日期": "2025-13-40", "申请方式": "飞鸽", "申请人类型": "自然人", "申请人": "王五"},
        {
            "收到日期": "2025-01-02",
            "申请方式": "当面",
            "申请人类型": "外星人",
            "申请人": "赵六",
            "办理结果": "不知道",
        },
        {
            "收到日期": "2025-01-02",
            "申请方式": "当面",
            "申请人类型": "自然人",
            "申请人": "",
            "证件号码": "123",
        },
        {
            "收到日期": "2025-01-02",
            "申请方式": "当面",
            "申请人类型": "自然人",
            "申请人": "孙七",
            "办理结果": "3.1",
        },
    ]
    f = write_csv(tmp_path / "b.csv", bad)
    code, out, _ = cli("applications", "import", str(f), "--json")
    data = json.loads(out)
    assert code == 2 and data["ok"] is False and data["imported"] == 0
    cells = {(e["row"], e["column"]) for e in data["errors"]}
    assert {
        (5, "收到日期"),
        (5, "申请方式"),
        (6, "申请人类型"),
        (6, "办理结果"),
        (7, "申请人"),
        (8, "答复日期"),
    } <= cells
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e["message"]) for e in data["errors"])
    assert Application.select().count() == 0
    code, _, err = cli("applications", "import", str(f))
    assert code == 2 and "第 5 行【申请方式】" in err and "未导入任何记录" in err


def test_export_round_trip_and_template(cli, tmp_path, db):
    f = write_csv(tmp_path / "a.csv", GOOD)
    assert cli("applications", "import", str(f))[0] == 0
    out = tmp_path / "out.xlsx"
    # §4.1: personal data is masked by default; the full file (for re-import) needs --unmasked.
    code, text, _ = cli("applications", "export", str(out), "--unmasked")
    assert code == 0 and "3 件" in text
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.values)
    assert tuple(rows[0][: len(HEADERS)]) == HEADERS
    assert len(rows) == 4
    # The exported file imports again unchanged into a fresh register (numbers kept).
    Application.update(reg_no=Application.reg_no + "-旧").execute()
    code, outjson, _ = cli("applications", "import", str(out), "--dry-run", "--json")
    assert json.loads(outjson)["ok"] is True, outjson
    tpl = tmp_path / "t.xlsx"
    assert cli("applications", "template", str(tpl))[0] == 0
    wb = openpyxl.load_workbook(tpl)
    assert tuple(next(wb.worksheets[0].values)) == HEADERS
    assert "可选值" in wb.sheetnames
    csv_out = tmp_path / "out.csv"
    assert cli("applications", "export", str(csv_out))[0] == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_import_with_formula_text_is_neutralised_on_export(cli, tmp_path):
    rows = [dict(GOOD[2], 申请内容='=HYPERLINK("http://x")')]
    assert cli("applications", "import", str(write_csv(tmp_path / "f.csv", rows)))[0] == 0
    out = tmp_path / "f_out.csv"
    cli("applications", "export", str(out))
    assert "'=HYPERLINK" in out.read_text(encoding="utf-8-sig")
