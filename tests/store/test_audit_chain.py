"""`audit verify` (service and CLI) passes on a demo database and names the entry that was
altered, deleted or inserted directly in the database."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ADMIN_PASSWORD

from disclosure_desk.services.admin import audit as audit_service
from disclosure_desk.services.admin import demo
from disclosure_desk.store import audit
from disclosure_desk.store.models import AuditEntry, database_proxy


@pytest.fixture
def demo_db(db):
    demo.generate(db.admin, items=40, applications=15, units=3, seed=7)
    # A few more ordinary entries so that "middle" and "last" differ.
    for i in range(4):
        db.unit(f"Z{i}", f"测试单位{i}")
        audit.append(
            [dict(user="admin", action="unit.test", table="unit", record_id=i, after={"i": i})]
        )
    return db


def _sql(text: str, *params) -> None:
    database = database_proxy.obj
    if database.__class__.__name__.startswith("Postgres"):
        text = text.replace("?", "%s")
    database.execute_sql(text, params)


def _last_id() -> int:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).first().id


def _cli_verify(db) -> subprocess.CompletedProcess:
    target = db.target.url or str(db.path)
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
    env["DISCLOSURE_DESK_PASSWORD"] = ADMIN_PASSWORD
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "disclosure_desk.app",
            "--db",
            target,
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


def _assert_names(db, entry_id: int) -> None:
    result = audit_service.verify(db.admin)
    assert not result.ok
    assert result.entry_id == entry_id
    assert f"第 {entry_id} 条" in result.message
    done = _cli_verify(db)
    assert done.returncode == 1
    assert f"第 {entry_id} 条" in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_fresh_demo_database_verifies(demo_db):
    result = audit_service.verify(demo_db.admin)
    assert result.ok and result.checked == _last_id() and result.entry_id is None
    done = _cli_verify(demo_db)
    assert done.returncode == 0, done.stderr
    assert "通过" in done.stdout


def test_edited_row_is_named(demo_db):
    target = _last_id() // 2
    _sql("UPDATE audit_entry SET after = ? WHERE id = ?", json.dumps({"name": "篡改"}), target)
    _assert_names(demo_db, target)


def test_edited_user_or_timestamp_is_named(demo_db):
    _sql("UPDATE audit_entry SET user_login = 'someone' WHERE id = 3")
    _assert_names(demo_db, 3)


def test_deleted_middle_row_is_named(demo_db):
    target = _last_id() // 2
    _sql("DELETE FROM audit_entry WHERE id = ?", target)
    _assert_names(demo_db, target)


def test_deleted_last_row_is_named(demo_db):
    last = _last_id()
    _sql("DELETE FROM audit_entry WHERE id = ?", last)
    _assert_names(demo_db, last)


def test_inserted_row_with_forged_hash_is_named(demo_db):
    """Even an insert that computes a correct-looking hash is caught by the chain tip."""
    last = AuditEntry.get_by_id(_last_id())
    new_id = last.id + 1
    digest = audit.entry_hash(
        new_id, last.ts, "admin", "user.create", "user", "99", "", "{}", last.hash
    )
    _sql(
        "INSERT INTO audit_entry (id, ts, user_login, action, table_name, record_id, before, after, "
        "prev_hash, hash) VALUES (?, ?, 'admin', 'user.create', 'user', '99', '', '{}', ?, ?)",
        new_id,
        last.ts,
        last.hash,
        digest,
    )
    _assert_names(demo_db, new_id)


def test_inserted_row_with_garbage_is_named(demo_db):
    new_id = _last_id() + 1
    _sql(
        "INSERT INTO audit_entry (id, ts, user_login, action, table_name, record_id, before, after, "
        "prev_hash, hash) VALUES (?, '2026-01-01T00:00:00', 'x', 'x', '', '', '', '', 'abc', 'def')",
        new_id,
    )
    _assert_names(demo_db, new_id)


def test_replaced_middle_row_is_named(demo_db):
    """Deleting a row and inserting a forged one in its place breaks the next link."""
    target = _last_id() // 2
    old = AuditEntry.get_by_id(target)
    _sql("DELETE FROM audit_entry WHERE id = ?", target)
    digest = audit.entry_hash(
        target,
        old.ts,
        old.user_login,
        "forged",
        old.table_name,
        old.record_id,
        old.before,
        old.after,
        old.prev_hash,
    )
    _sql(
        "INSERT INTO audit_entry (id, ts, user_login, action, table_name, record_id, before, after, "
        "prev_hash, hash) VALUES (?, ?, ?, 'forged', ?, ?, ?, ?, ?, ?)",
        target,
        old.ts,
        old.user_login,
        old.table_name,
        old.record_id,
        old.before,
        old.after,
        old.prev_hash,
        digest,
    )
    _assert_names(demo_db, target + 1)
