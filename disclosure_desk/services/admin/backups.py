"""Automatic rotating backups of a SQLite database: daily, on exit, before imports.

All copies use SQLite's online backup API (store/db.py ``backup_sqlite_file``), so they are
consistent while other workstations write. Each kind keeps the newest N files (the
``backup_keep`` security setting); migrations keep their own backups (store/db.py). PostgreSQL
databases are backed up on the server (pg_dump), so these functions return None there.

Callers: the GUI calls :func:`daily_if_due` after sign-in and :func:`on_exit` when the window
closes; bulk imports call :func:`before_import` before their transaction.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.common import session_policy
from disclosure_desk.services.common.context import Changes, change
from disclosure_desk.store import audit_anchor
from disclosure_desk.store import db as store_db
from disclosure_desk.store.models import ALL_MODELS

BackupFile = store_db.BackupFile
# After a restore every open view must reload.
EVERY_TABLE = tuple(m._meta.table_name for m in ALL_MODELS)
KINDS = {
    "daily": N_("每日自动备份"),
    "exit": N_("退出时备份"),
    "before-import": N_("导入前备份"),
    "before-migrate": N_("升级前备份"),
    "before-restore": N_("恢复前备份"),
    "manual": N_("手动备份"),
}


def _path() -> Path | None:
    return store_db.current_sqlite_path()


def _keep() -> int:
    try:
        return session_policy.load().backup_keep
    except Exception:  # noqa: BLE001 — a backup must not fail because settings are unreadable
        return session_policy.DEFAULT.backup_keep


def make(kind: str, now: dt.datetime | None = None) -> Path | None:
    """Back up the open SQLite database as ``kind`` and rotate that kind; None on PostgreSQL."""
    if kind not in KINDS:
        raise ValueError(kind)
    path = _path()
    if path is None or not path.exists():
        return None
    return store_db.backup_sqlite_file(path, kind, keep=_keep(), now=now)


def daily_if_due(now: dt.datetime | None = None) -> Path | None:
    """The first call of a calendar day makes that day's backup; later calls do nothing."""
    path = _path()
    if path is None:
        return None
    now = now or dt.datetime.now()
    latest = store_db.list_backup_files(path, "daily")
    if latest and latest[0].created.date() >= now.date():
        return None
    return make("daily", now)


def on_exit(now: dt.datetime | None = None) -> Path | None:
    return make("exit", now)


def before_import(now: dt.datetime | None = None) -> Path | None:
    return make("before-import", now)


def listing(actor: Actor) -> list[BackupFile]:
    """Backups next to the open database, newest first (for the settings view)."""
    actor.require("backup.run")
    path = _path()
    return store_db.list_backup_files(path) if path is not None else []


def kind_label(kind: str) -> str:
    return tr(KINDS[kind]) if kind in KINDS else kind


def backup_now(actor: Actor, dest: Path | None = None) -> Path:
    """A manual backup of the open database (settings view, ``backup`` command)."""
    from disclosure_desk.services.common import setup

    path = _path()
    if path is None:
        raise InputError(
            tr("PostgreSQL 数据库请使用服务器端的 pg_dump 备份；本功能用于 SQLite 数据库文件。")
        )
    return setup.backup(store_db.Target("sqlite", path=path), actor, dest)


def restore_from(actor: Actor, source: Path) -> tuple[Path, Changes]:
    """Replace the open database with a checked backup (admin only); the current file is backed
    up first, and the restore itself is recorded in the restored database's audit log."""
    from disclosure_desk.services.common import setup

    actor.require("backup.restore")
    path = _path()
    if path is None:
        raise InputError(tr("PostgreSQL 数据库请使用服务器端的 pg_restore 恢复。"))
    kept = setup.restore(store_db.Target("sqlite", path=path), Path(source))
    with change(actor, None) as tx:
        # The restored database's own log records who restored what (its chain goes on from
        # the backup's tip; the anchor beside the database moves back to it, saying why).
        tx.audit("restore", "", "", None, {"file": str(source), "kept": str(kept)})
        tx.touch(*EVERY_TABLE)
    audit_anchor.refresh(force=True, reason=f"restore {Path(source).name}")
    return kept, tx.changes


def storage_advice(target: store_db.Target) -> str | None:
    """A sentence for the officer when the SQLite file sits on a network share (else None)."""
    return store_db.storage_advice(target)


def file_backups_available() -> bool:
    """True for a SQLite database (file backups); False on PostgreSQL (use pg_dump)."""
    return _path() is not None
