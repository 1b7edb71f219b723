"""An attacker with the database file wipes, truncates or recomputes the audit chain (and
rewrites its head to match); `audit verify` still notices, by the anchor kept outside the
database, and names that anchor."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ADMIN_PASSWORD

from disclosure_desk.domain.errors import InputError
from disclosure_desk.services.admin import audit as audit_service
from disclosure_desk.services.admin import backups
from disclosure_desk.store import audit_anchor
from disclosure_desk.store.models import AuditEntry, database_proxy


def _sql(text: str, *params) -> None:
    database = database_proxy.obj
    if database.__class__.__name__.startswith("Postgres"):
        text = text.replace("?", "%s")
    database.execute_sql(text, params)


def _work(db, n: int = 6) -> None:
    for i in range(n):
        db.unit(f"A{i}", f"锚点测试单位{i}")
        from disclosure_desk.services.admin import users

        users.update_unit(db.admin, 1, address=f"青山路{i}号")


def _rewrite_head(last_id: int) -> None:
    """What an attacker does after cutting the chain: make audit_head agree with the rows."""
    row = AuditEntry.get_or_none(AuditEntry.id == last_id)
    _sql(
        "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1",
        last_id,
        row.hash if row else "",
    )


def _cli_verify(db) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
    env["DISCLOSURE_DESK_PASSWORD"] = ADMIN_PASSWORD
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "disclosure_desk.app",
            "--db",
            db.target.url or str(db.path),
            "--user",
            "admin",
            "audit",
            "verify",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_live_anchor_follows_every_change_and_is_owner_only(db):
    _work(db, 2)
    path = audit_anchor.live_anchor_path()
    data = json.loads(path.read_text(encoding="utf-8"))
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert data["last_id"] == last.id and data["last_hash"] == last.hash
    assert path.stat().st_mode & 0o077 == 0
    if db.path is not None:
        assert path == Path(str(db.path) + ".anchor")
    result = audit_service.verify(db.admin)
    assert result.ok and str(path) in result.message


def test_truncation_with_rewritten_head_is_caught(db):
    _work(db)
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first().id
    keep = last - 4
    _sql("DELETE FROM audit_entry WHERE id > ?", keep)
    _rewrite_head(keep)
    # The chain on its own is consistent again …
    from disclosure_desk.store import audit

    assert audit.verify().ok
    # … but the anchor beside the database remembers more.
    result = audit_service.verify(db.admin)
    assert not result.ok
    assert "截断" in result.message and str(audit_anchor.live_anchor_path()) in result.message
    done = _cli_verify(db)
    assert done.returncode == 1 and "截断" in done.stderr and "Traceback" not in done.stderr


def test_wiped_log_is_caught(db):
    _work(db, 2)
    _sql("DELETE FROM audit_entry")
    _sql("UPDATE audit_head SET last_id = 0, last_hash = '' WHERE id = 1")
    result = audit_service.verify(db.admin)
    assert not result.ok and "清空" in result.message


def test_recomputed_chain_is_caught(db):
    """Edit an old entry and recompute every hash after it, head included."""
    _work(db, 3)
    from disclosure_desk.store import audit

    rows = list(AuditEntry.select().order_by(AuditEntry.id))
    edited = next(e.id for e in rows if "青山路0号" in e.after)
    prev = audit.GENESIS
    for e in rows:
        after = e.after.replace("青山路0号", "别处") if e.id == edited else e.after
        digest = audit.entry_hash(
            e.id, e.ts, e.user_login, e.action, e.table_name, e.record_id, e.before, after, prev
        )
        _sql(
            "UPDATE audit_entry SET after = ?, prev_hash = ?, hash = ? WHERE id = ?",
            after,
            prev,
            digest,
            e.id,
        )
        prev = digest
    _sql("UPDATE audit_head SET last_hash = ? WHERE id = 1", prev)
    assert audit.verify().ok  # a perfect forgery as far as the chain can tell
    result = audit_service.verify(db.admin)
    assert not result.ok and "重新计算" in result.message


def test_deleted_live_anchor_falls_back_to_backup_sidecar(db):
    if db.path is None:
        pytest.skip("file backups are for SQLite databases")
    _work(db, 2)
    out = backups.backup_now(db.admin)
    sidecar = Path(str(out) + ".anchor")
    assert sidecar.is_file() and sidecar.stat().st_mode & 0o077 == 0
    assert out.stat().st_mode & 0o077 == 0
    at_backup = json.loads(sidecar.read_text(encoding="utf-8"))["last_id"]
    # The attacker also deletes the anchor beside the database, then truncates.
    audit_anchor.live_anchor_path().unlink()
    _sql("DELETE FROM audit_entry WHERE id > ?", at_backup - 3)
    _rewrite_head(at_backup - 3)
    result = audit_service.verify(db.admin)
    assert not result.ok and str(sidecar) in result.message


def test_exported_anchor_for_the_supervisor(db, tmp_path):
    _work(db, 2)
    kept = tmp_path / "supervisor.anchor"
    anchor = audit_service.export_anchor(db.admin, kept)
    with pytest.raises(InputError):
        audit_service.export_anchor(db.admin, kept)  # never overwrite
    assert audit_service.verify(db.admin, anchor_file=kept).ok
    # Everything near the database is rewritten: chain cut, head and live anchor forged.
    _sql("DELETE FROM audit_entry WHERE id >= ?", anchor.last_id - 1)
    _rewrite_head(anchor.last_id - 2)
    audit_anchor.refresh(force=True)
    assert audit_service.verify(db.admin).ok  # the forged local anchor agrees …
    result = audit_service.verify(db.admin, anchor_file=kept)
    assert not result.ok and str(kept) in result.message  # … the supervisor's copy does not


def test_restore_moves_the_anchor_back_without_a_false_alarm(db):
    if db.path is None:
        pytest.skip("file backups are for SQLite databases")
    first = backups.backup_now(db.admin)
    _work(db, 3)
    backups.restore_from(db.admin, first)
    result = audit_service.verify(db.admin)
    assert result.ok, result.message
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert last.action == "restore"


def test_verification_sentences_in_english(db):
    import re

    from disclosure_desk import i18n

    _work(db, 2)
    i18n.set_language("en")
    try:
        ok = audit_service.verify(db.admin)
        assert ok.ok and ok.message.startswith("Audit log complete: ")
        assert "Compared with anchor " in ok.message and "consistent." in ok.message
        assert not re.search(r"[\u4e00-\u9fff]", ok.message)
        last = AuditEntry.select().order_by(AuditEntry.id.desc()).first().id
        _sql("DELETE FROM audit_entry WHERE id > ?", last - 2)
        _rewrite_head(last - 2)
        result = audit_service.verify(db.admin)
        assert not result.ok and result.message.startswith("The audit log was truncated: anchor ")
        assert str(audit_anchor.live_anchor_path()) in result.message
        assert not re.search(r"[\u4e00-\u9fff]", result.message.replace(str(db.path), ""))
    finally:
        i18n.set_language("zh_CN")
