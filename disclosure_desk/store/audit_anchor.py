"""Audit anchors: copies of the chain tip kept outside the database (PRODUCT.md §4.1).

Someone who can write the database can delete audit rows, cut the chain short and rewrite
``audit_head`` to match, or recompute every hash after an edit: the chain alone cannot tell.
An anchor ``{"last_id", "last_hash", "at", "database"}`` written elsewhere can. Anchors live in

* ``<db>.anchor`` beside a SQLite file, or ``anchors/<host>-<port>-<db>.anchor`` in the
  workstation's data folder for PostgreSQL (out of reach of whoever administers the server),
  refreshed after every committed change;
* a sidecar ``<backup>.anchor`` next to each backup file;
* any file exported for the supervisor (``audit anchor --to FILE``).

``audit verify`` compares the chain against the newest anchor it can find (by time written)
and names it. An anchor is only ever moved backwards by a restore, which records why.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from peewee import PostgresqlDatabase, SqliteDatabase

from disclosure_desk.store.models import AuditEntry, AuditHead, database_proxy

SUFFIX = ".anchor"
ENV_DATA = "XDG_DATA_HOME"


@dataclass(frozen=True)
class Anchor:
    last_id: int
    last_hash: str
    at: str
    database: str
    path: Path | None = None
    reason: str = ""

    def describe(self) -> str:
        where = str(self.path) if self.path else "（未保存）"
        return f"锚点 {where}（{self.at} 记录，第 {self.last_id} 条）"


def _data_dir() -> Path:
    from disclosure_desk.store.db import default_data_dir

    return default_data_dir()


def database_label() -> str:
    db = database_proxy.obj
    if isinstance(db, SqliteDatabase):
        return str(Path(db.database).resolve()) if db.database not in ("", ":memory:") else ""
    if isinstance(db, PostgresqlDatabase):
        if db.database.startswith("postgresql:"):  # a service-only address (store/db.py)
            return "postgresql-service-" + db.database.rsplit("service=", 1)[-1]
        params = db.connect_params
        where = params.get("host") or params.get("service") or "localhost"
        return f"postgresql://{where}:{params.get('port', 5432)}/{db.database}"
    return ""


def live_anchor_path() -> Path | None:
    """Where this database's own anchor lives (beside the SQLite file; else the data folder)."""
    db = database_proxy.obj
    if isinstance(db, SqliteDatabase):
        if db.database in ("", ":memory:"):
            return None
        return Path(db.database).with_name(Path(db.database).name + SUFFIX)
    if isinstance(db, PostgresqlDatabase):
        label = re.sub(r"[^A-Za-z0-9_.-]+", "-", database_label().split("://", 1)[-1]).strip("-")
        return _data_dir() / "anchors" / f"{label}{SUFFIX}"
    return None


def current_head() -> tuple[int, str]:
    head = AuditHead.get_or_none(AuditHead.id == 1)
    if head is None:
        return 0, ""
    return head.last_id, head.last_hash or ""


def _write(path: Path, anchor: dict) -> None:
    """Write atomically with owner-only permissions (the anchor says how much log exists)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Several processes refresh the same anchor: each writes its own temporary file.
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(anchor, fh, ensure_ascii=False)
    tmp.replace(path)


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="microseconds")


def read(path: Path) -> Anchor | None:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Anchor(
            int(data["last_id"]),
            str(data["last_hash"]),
            str(data["at"]),
            str(data.get("database", "")),
            Path(path),
            str(data.get("reason", "")),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def anchor_data(reason: str = "") -> dict:
    last_id, last_hash = current_head()
    return {
        "last_id": last_id,
        "last_hash": last_hash,
        "at": _now(),
        "database": database_label(),
        "reason": reason,
    }


def refresh(*, force: bool = False, reason: str = "") -> Path | None:
    """Move the live anchor up to the current chain tip (never backwards unless ``force``).

    Best effort: an anchor that cannot be written never stops the officer's work."""
    path = live_anchor_path()
    if path is None:
        return None
    try:
        data = anchor_data(reason)
        if not force:
            old = read(path)
            if old is not None and old.last_id >= data["last_id"]:
                return path
        _write(path, data)
    except OSError:
        return None
    return path


def write_sidecar(backup_file: Path, data: dict) -> Path | None:
    """The anchor of a backup: the chain tip the backup holds, written next to it."""
    out = Path(str(backup_file) + SUFFIX)
    try:
        _write(out, data)
    except OSError:
        return None
    return out


def export_to(dest: Path) -> Anchor:
    data = anchor_data("export")
    _write(Path(dest), data)
    anchor = read(Path(dest))
    assert anchor is not None
    return anchor


def candidates(backup_dir: Path | None) -> list[Anchor]:
    """Every anchor of the open database that can be found, newest first."""
    found: list[Anchor] = []
    live = live_anchor_path()
    if live is not None and live.is_file():
        a = read(live)
        if a is not None:
            found.append(a)
    if backup_dir is not None and backup_dir.is_dir():
        for side in backup_dir.glob(f"*{SUFFIX}"):
            a = read(side)
            if a is not None:
                found.append(a)
    found.sort(key=lambda a: a.at, reverse=True)
    return found


def check(anchor: Anchor) -> str | None:
    """None when the chain still holds the anchored tip; else one sentence on what is wrong."""
    if anchor.last_id == 0:
        return None
    last_id, _ = current_head()
    entry = AuditEntry.get_or_none(AuditEntry.id == anchor.last_id)
    count = AuditEntry.select().count()
    if entry is None:
        if count == 0:
            return (
                f"审计日志已被清空：{anchor.describe()}记载至少有 {anchor.last_id} 条，"
                "数据库中一条也没有。"
            )
        return (
            f"审计日志被截断：{anchor.describe()}记载至少有 {anchor.last_id} 条，"
            f"数据库中只到第 {min(last_id, count)} 条（链尾记录也被改写）。"
        )
    if entry.hash != anchor.last_hash:
        return (
            f"审计日志被改写：第 {anchor.last_id} 条的哈希与{anchor.describe()}不符"
            "（哈希链被重新计算过）。"
        )
    if last_id < anchor.last_id:
        return f"审计日志链尾被改写：链尾记录为第 {last_id} 条，早于{anchor.describe()}。"
    return None
