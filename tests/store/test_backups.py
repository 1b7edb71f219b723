"""Rotating backups (online backup API), restore with integrity check, network-share detection."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.services.admin import backups
from disclosure_desk.services.common import session_policy, setup
from disclosure_desk.store import db as store_db
from disclosure_desk.store.models import AuditEntry, Unit

T0 = dt.datetime(2026, 3, 2, 8, 30, 0)


@pytest.fixture
def sqlite_db(db):
    if db.path is None:
        pytest.skip("file backups concern SQLite; PostgreSQL is backed up with pg_dump")
    return db


def test_daily_backup_once_per_day_and_rotation(sqlite_db):
    session_policy.save(sqlite_db.admin, backup_keep=3)
    first = backups.daily_if_due(T0)
    assert first is not None and first.exists()
    assert backups.daily_if_due(T0 + dt.timedelta(hours=5)) is None  # same day: nothing
    made = [first]
    for day in range(1, 6):
        made.append(backups.daily_if_due(T0 + dt.timedelta(days=day)))
    kept = store_db.list_backup_files(sqlite_db.path, "daily")
    assert [b.path for b in kept] == made[-1:-4:-1]  # the three newest, newest first
    assert not made[0].exists() and not made[2].exists()
    assert all(b.kind == "daily" for b in kept)


def test_kinds_rotate_independently(sqlite_db):
    session_policy.save(sqlite_db.admin, backup_keep=2)
    for i in range(4):
        backups.on_exit(T0 + dt.timedelta(minutes=i))
        backups.before_import(T0 + dt.timedelta(minutes=i))
    assert len(store_db.list_backup_files(sqlite_db.path, "exit")) == 2
    assert len(store_db.list_backup_files(sqlite_db.path, "before-import")) == 2
    listing = backups.listing(sqlite_db.admin)
    assert len(listing) == 4 and listing[0].created >= listing[-1].created
    assert backups.kind_label("before-import") == "导入前备份"


def test_backup_is_consistent_copy_with_data(sqlite_db):
    sqlite_db.unit("BK", "备份测试单位")
    out = backups.make("manual", T0)
    conn = sqlite3.connect(str(out))
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT name FROM unit WHERE code='BK'").fetchone() == ("备份测试单位",)
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert not Path(str(out) + ".part").exists()


def test_restore_checks_integrity_first(sqlite_db, tmp_path):
    target = sqlite_db.target
    good = setup.backup(target, sqlite_db.admin, tmp_path / "good.sqlite3")
    sqlite_db.unit("LATE", "备份之后新建")
    # A damaged copy: valid header, garbage pages.
    damaged = tmp_path / "damaged.sqlite3"
    data = bytearray(good.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page : page * 8] = b"\xff" * (page * 7)  # pages 2–8 (table roots and indexes)
    damaged.write_bytes(bytes(data))
    for bad in (damaged, tmp_path / "missing.sqlite3"):
        with pytest.raises(InputError):
            setup.restore(target, bad)
    assert Unit.select().where(Unit.code == "LATE").exists()  # nothing replaced
    kept = setup.restore(target, good)
    assert kept.exists() and "before-restore" in kept.name
    assert not Unit.select().where(Unit.code == "LATE").exists()
    assert AuditEntry.select().count() > 0


def test_restore_refuses_newer_backup(sqlite_db, tmp_path):
    out = setup.backup(sqlite_db.target, sqlite_db.admin, tmp_path / "b.sqlite3")
    conn = sqlite3.connect(str(out))
    conn.execute(
        "INSERT INTO schema_migration (name, applied) VALUES ('0999_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(InputError, match="更新版本"):
        setup.check_backup_file(out)


def test_backup_refuses_to_overwrite(sqlite_db, tmp_path):
    out = setup.backup(sqlite_db.target, sqlite_db.admin, tmp_path / "b.sqlite3")
    with pytest.raises(InputError, match="已存在"):
        setup.backup(sqlite_db.target, sqlite_db.admin, out)


def test_postgres_has_no_file_backups(db):
    if db.path is not None:
        pytest.skip("PostgreSQL only")
    assert backups.daily_if_due(T0) is None and backups.on_exit() is None
    with pytest.raises(InputError, match="pg_dump"):
        setup.backup(db.target, db.admin)


# ----------------------------------------------------------------- network shares

MOUNTS = """/dev/vda / ext4 rw 0 0
//fileserver/gongkai /mnt/share cifs rw 0 0
server:/export /srv/nfs nfs4 rw 0 0
/dev/vdb /srv/nfs-local ext4 rw 0 0
"""


def test_network_share_detection():
    assert store_db._is_network_path(Path("/mnt/share/desk"), MOUNTS)
    assert store_db._is_network_path(Path("/srv/nfs"), MOUNTS)
    assert not store_db._is_network_path(Path("/srv/nfs-local/x"), MOUNTS)  # prefix, not inside
    assert not store_db._is_network_path(Path("/home/user"), MOUNTS)
    assert store_db._is_network_path(Path("//fileserver/gongkai/desk"), "")
    assert store_db._is_network_path(Path("\\\\fileserver\\gongkai"), "")


def test_network_share_gets_safe_journal_and_advice(monkeypatch):
    monkeypatch.delenv(store_db.ENV_JOURNAL, raising=False)
    share = store_db.Target("sqlite", path=Path("/mnt/share/desk.sqlite3"))
    local = store_db.Target("sqlite", path=Path("/home/user/desk.sqlite3"))
    assert store_db.journal_mode_for(share.path, MOUNTS) == "DELETE"
    assert store_db.journal_mode_for(local.path, MOUNTS) == "WAL"
    advice = store_db.storage_advice(share, MOUNTS)
    assert advice and "网络共享盘" in advice and "PostgreSQL" in advice and "DELETE" in advice
    assert store_db.storage_advice(local, MOUNTS) is None
    # The override wins, and the advice then warns about WAL on a share.
    monkeypatch.setenv(store_db.ENV_JOURNAL, "wal")
    assert store_db.journal_mode_for(share.path, MOUNTS) == "WAL"
    assert "可能损坏数据" in store_db.storage_advice(share, MOUNTS)
    monkeypatch.setenv(store_db.ENV_JOURNAL, "MEMORY")
    with pytest.raises(InputError, match="不支持的日志模式"):
        store_db.journal_mode_for(local.path, MOUNTS)


def test_import_writes_a_backup_first(db, tmp_path):
    """A bulk import leaves a before-import copy of the database to go back to."""
    if db.path is None:
        pytest.skip("file backups are for SQLite")
    from disclosure_desk.services.items import spreadsheets as items_io

    template = tmp_path / "t.csv"
    items_io.write_template(template)
    rows = template.read_text(encoding="utf-8-sig").splitlines()[:1]
    rows.append(",关于测试导入的通知,,青山区人民政府,2025-03-05,,主动公开,,综合政务,通知,有效,,,,")
    data = tmp_path / "import.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8-sig")
    report = items_io.import_items(db.admin, data)
    assert report.ok, report
    backups_dir = db.path.parent / "backups"
    assert any("before-import" in p.name for p in backups_dir.iterdir())
