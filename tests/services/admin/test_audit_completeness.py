"""Audit completeness and personal data (PRODUCT.md §4.1), checked the way someone reading the
audit table or an exported file would: exports, denied attempts and restores are recorded;
证件号码 and 联系电话 never appear there in clear; masking a document keeps no original."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from app_helpers import new_app, valid_id

from disclosure_desk.domain.errors import PermissionDenied
from disclosure_desk.services.applications import spreadsheets as applications_io
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.services.reviews import query as reviews_query
from disclosure_desk.store.models import AuditEntry, Item, Unit, database_proxy

ID = valid_id(77)
PHONE = "13912345678"


def _audit_text() -> str:
    """Every audit row as stored, read with raw SQL (what a person with the file sees)."""
    rows = database_proxy.obj.execute_sql(
        "SELECT user_login, action, table_name, record_id, before, after FROM audit_entry"
    ).fetchall()
    return "\n".join(" ".join(str(c) for c in r) for r in rows)


def _register(actor) -> int:
    return new_app(
        actor,
        dt.date(2025, 9, 1),
        ident=ID,
        contact_phone=PHONE,
        note=f"申请人留言：请打 {PHONE} 联系，身份证 {ID}",
    )


def test_personal_data_never_in_the_audit_log(db):
    _register(db.admin)
    text = _audit_text()
    assert ID not in text and PHONE not in text
    assert "139****5678" in text  # masked, still recognisable for whoever reads the log


def _read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_application_export_masked_by_default_and_audited(db, tmp_path):
    _register(db.admin)
    out = tmp_path / "apps.csv"
    assert applications_io.export_applications(db.admin, out) == 1
    row = _read_csv(out)[1]
    assert ID not in row and PHONE not in row
    assert ID[:3] + "*" * 11 + ID[-4:] in row and "139****5678" in row
    entry = AuditEntry.select().where(AuditEntry.action == "export").get()
    after = json.loads(entry.after)
    assert after == {"what": "applications", "rows": 1, "file": str(out), "unmasked": False}
    assert entry.user_login == "admin"


def test_unmasked_export_needs_the_permission_and_is_audited(db, tmp_path):
    officer = db.user("officer9", "officer")
    _register(officer)
    with pytest.raises(PermissionDenied):
        applications_io.export_applications(officer, tmp_path / "x.csv", unmasked=True)
    assert not (tmp_path / "x.csv").exists()
    denied = AuditEntry.select().where(AuditEntry.action == "denied").get()
    assert denied.user_login == "officer9" and "export.unmasked" in denied.after
    out = tmp_path / "full.csv"
    applications_io.export_applications(db.admin, out, unmasked=True)
    row = _read_csv(out)[1]
    assert ID in row and PHONE in row  # the administrator may, and it is on record
    last = (
        AuditEntry.select()
        .where(AuditEntry.action == "export")
        .order_by(AuditEntry.id.desc())
        .get()
    )
    assert json.loads(last.after)["unmasked"] is True


def test_items_export_is_audited_with_its_row_count(db, tmp_path):
    src = tmp_path / "in.csv"
    with open(src, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, list(items_io.ITEM_HEADERS))
        w.writeheader()
        for i in range(3):
            w.writerow(
                {h: "" for h in items_io.ITEM_HEADERS}
                | {"标题": f"通知{i}", "公开属性": "主动公开"}
            )
    assert items_io.import_items(db.admin, src).ok
    items_io.export_items(db.admin, tmp_path / "out.xlsx")
    entry = AuditEntry.select().where(AuditEntry.action == "export").get()
    assert json.loads(entry.after)["rows"] == 3 and json.loads(entry.after)["what"] == "items"


BODY = (
    "关于第三批低保对象的公示\n申请人：张三，身份证号11010519491231002X，联系电话13812345678。\n"
    "现住址青山区幸福路12号3栋2单元501室。"
)


def test_masking_a_document_leaves_no_original_in_the_audit_log(db):
    officer = db.user("officer8", "officer")
    item = Item.create(
        index_no="000014349/2025-99999",
        title="关于第三批低保对象的公示",
        unit=Unit.get(Unit.code == "ROOT"),
        body=BODY,
        status="draft",
        created_by=officer.user_id,
    )
    reviews.submit(officer, item.id)
    reviews.mask_findings(officer, item.id)  # every personal-data finding
    body = Item.get_by_id(item.id).body
    assert "11010519491231002X" not in body and "13812345678" not in body
    text = _audit_text()
    for original in ("11010519491231002X", "13812345678", "幸福路12号"):
        assert original not in text
    entry = AuditEntry.select().where(AuditEntry.action == "item.mask").get()
    assert json.loads(entry.before)["body"].startswith("sha256:")
    assert all("original" not in e for e in json.loads(entry.after)["mask_log"])
    # The masked copy shown to reviewers still works from the stored text.
    assert "138****5678" in reviews_query.masked_copy(officer, item.id).text


def test_cli_unmasked_export_refused_for_an_officer(db, tmp_path, monkeypatch, capsys):
    if db.path is None:
        pytest.skip("the CLI test addresses a SQLite file")
    from disclosure_desk.cli import main
    from disclosure_desk.services.common import setup

    db.user("officer7", "officer", password="Officer2026x")
    _register(db.admin)
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "Officer2026x")
    out = tmp_path / "o.csv"
    code = main(
        [
            "--db",
            str(db.path),
            "--user",
            "officer7",
            "applications",
            "export",
            str(out),
            "--unmasked",
        ]
    )
    setup.open_target(db.target)
    assert code == 1 and "导出未遮盖的个人信息" in capsys.readouterr().err
    assert not out.exists()
    code = main(["--db", str(db.path), "--user", "officer7", "applications", "export", str(out)])
    setup.open_target(db.target)
    assert code == 0 and ID not in out.read_text(encoding="utf-8-sig")
