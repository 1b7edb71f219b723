"""`disclosure-desk items …`: JSON shapes and exit codes of PRODUCT.md §3."""

from __future__ import annotations

import csv
import json

from disclosure_desk.cli import main
from disclosure_desk.services.items import spreadsheets as items_io

HEADERS = list(items_io.ITEM_HEADERS)


def _csv(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, HEADERS)
        w.writeheader()
        for r in rows:
            w.writerow({h: r.get(h, "") for h in HEADERS})


def _db_args(db) -> list[str]:
    return ["--db", db.target.url or str(db.path)]


def test_import_search_export_template(db, tmp_path, capsys):
    src = tmp_path / "in.csv"
    _csv(
        src,
        [
            {"标题": "关于老旧小区改造的通知", "发布日期": "2025/3/5", "公开属性": "主动公开"},
            {"标题": "第二条通知", "公开属性": "不予公开"},
        ],
    )
    assert main([*_db_args(db), "items", "import", str(src), "--json"]) == 2
    out = json.loads(capsys.readouterr().out)
    assert out == {
        "ok": False,
        "imported": 0,
        "created": 0,
        "updated": 0,
        "checked": 2,
        "dry_run": False,
        "historical": False,
        "flagged": 0,
        "errors": [{"row": 3, "column": "不公开理由", "message": out["errors"][0]["message"]}],
    }
    _csv(
        src,
        [
            {"标题": "关于老旧小区改造的通知", "发布日期": "2025/3/5", "公开属性": "主动公开"},
            {"标题": "第二条通知", "公开属性": "不予公开", "不公开理由": "个人隐私"},
        ],
    )
    assert main([*_db_args(db), "items", "import", str(src), "--dry-run", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 0
    assert main([*_db_args(db), "items", "import", str(src), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["imported"] == 2

    assert main([*_db_args(db), "items", "search", "老旧小", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found["total"] == 1
    assert {"index_no", "title", "unit", "published_on"} <= set(found["items"][0])
    assert found["items"][0]["index_no"] == "000014349/2025-00001"
    assert found["items"][0]["published_on"] == "2025-03-05"
    assert main([*_db_args(db), "items", "search", "通知", "--json", "--limit", "0"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 2

    out_csv = tmp_path / "out.csv"
    assert main([*_db_args(db), "items", "export", str(out_csv)]) == 0
    assert out_csv.read_bytes().startswith(b"\xef\xbb\xbf" + "索引号,标题".encode())
    assert main([*_db_args(db), "items", "template", str(tmp_path / "t.xlsx")]) == 0
    assert (tmp_path / "t.xlsx").stat().st_size > 0


def test_bad_file_is_one_line_exit_2(db, tmp_path, capsys):
    assert main([*_db_args(db), "items", "import", str(tmp_path / "none.xlsx")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "找不到" in err[0]
