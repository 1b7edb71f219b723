"""Messages built in store/ (database locked, full, damaged; OS reasons; the network-share advice)
read in the interface language when shown; the Chinese is unchanged. Expected texts by hand."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.store import db as store_db
from disclosure_desk.store import db_errors

MOUNTS = "//server/share /mnt/share cifs rw 0 0\n"


def test_database_failures_in_chinese_unchanged() -> None:
    full = sqlite3.OperationalError("database or disk is full")
    assert store_db.explain_error(full) == (
        "磁盘空间不足，无法写入数据库（本次没有写入任何内容）；请清理磁盘空间后重试。"
    )
    target = store_db.Target("sqlite", path=Path("/data/desk.sqlite3"))
    err = DeskError(
        "{reason}",
        reason=db_errors._damaged(target, sqlite3.DatabaseError("file is not a database")),
    )
    assert str(err) == (
        "数据库文件 /data/desk.sqlite3 已损坏（file is not a database），无法打开；"
        "请用 restore 从备份恢复（备份在数据库旁的 backups 文件夹）。"
    )
    reason = store_db.os_reason(OSError(errno.ENOSPC, "No space left on device"), Path("/"))
    assert str(DeskError("无法写入备份文件 {dest}：{value}", dest="/b/x", value=reason)) == (
        "无法写入备份文件 /b/x：磁盘空间不足"
    )


def test_database_failures_in_english(english, monkeypatch) -> None:
    full = sqlite3.OperationalError("database or disk is full")
    assert store_db.explain_error(full) == (
        "The disk is full; cannot write to the database (nothing was written). "
        "Free some disk space and try again."
    )
    monkeypatch.setattr(db_errors, "lock_holders", lambda path: ["soffice (PID 42)"])
    locked = sqlite3.OperationalError("database is locked")
    monkeypatch.setenv(db_errors.ENV_LOCK_WAIT, "15")
    assert store_db.explain_error(locked, Path("/data/desk.sqlite3")) == (
        "The database is in use by another program (soffice (PID 42)) and was not released "
        "after 15 seconds. Wait until it finishes or close it, then try again (nothing was written)."
    )
    target = store_db.Target("sqlite", path=Path("/data/desk.sqlite3"))
    err = DeskError(
        "{reason}",
        reason=db_errors._damaged(target, sqlite3.DatabaseError("file is not a database")),
    )
    assert str(err).startswith(
        "The database file /data/desk.sqlite3 is damaged (file is not a database)"
    )
    reason = store_db.os_reason(OSError(errno.EACCES, "Permission denied"), Path("/"))
    assert str(DeskError("无法写入备份文件 {dest}：{value}", dest="/b/x", value=reason)).endswith(
        "/b/x: no permission to write"
    )
    share = store_db.Target("sqlite", path=Path("/mnt/share/desk.sqlite3"))
    advice = store_db.storage_advice(share, MOUNTS)
    assert advice.startswith("The database file /mnt/share/desk.sqlite3 is on a network share")
    assert "DELETE" in advice
