"""The one place that opens a database: SQLite file or PostgreSQL URL, pragmas, migrations."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from peewee import Database, OperationalError, PostgresqlDatabase, SqliteDatabase
from playhouse.migrations import Runner

from disclosure_desk.domain.errors import DeskError, InputError
from disclosure_desk.store.models import database_proxy

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
ENV_DB = "DISCLOSURE_DESK_DB"
ENV_JOURNAL = "DISCLOSURE_DESK_JOURNAL"


@dataclass(frozen=True)
class Target:
    """Where the data lives: a SQLite path or PostgreSQL connection parameters."""

    kind: str  # "sqlite" | "postgresql"
    path: Path | None = None
    pg: dict | None = None
    url: str = ""

    @property
    def display(self) -> str:
        if self.kind == "sqlite":
            return str(self.path)
        p = self.pg or {}
        return f"postgresql://{p.get('host', '')}:{p.get('port', 5432)}/{p.get('database', '')}"


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    if os.name == "nt":
        base = os.environ.get("APPDATA", base)
    return Path(base) / "disclosure-desk"


def parse_target(value: str | None) -> Target:
    """Turn ``--db`` / ``DISCLOSURE_DESK_DB`` into a Target, or raise InputError."""
    value = (value or os.environ.get(ENV_DB) or "").strip()
    if not value:
        return Target("sqlite", path=default_data_dir() / "disclosure-desk.sqlite3")
    if "://" in value:
        parsed = urllib.parse.urlparse(value)
        if parsed.scheme in ("postgresql", "postgres"):
            database = parsed.path.lstrip("/")
            if not database:
                raise InputError(f"数据库地址缺少数据库名：{value}（格式：postgresql://用户:密码@主机:端口/库名）")
            try:
                port = parsed.port or 5432
            except ValueError:
                raise InputError(f"数据库地址的端口不是数字：{value}") from None
            pg = {
                "database": urllib.parse.unquote(database),
                "user": urllib.parse.unquote(parsed.username or ""),
                "password": urllib.parse.unquote(parsed.password or ""),
                "host": parsed.hostname or "localhost",
                "port": port,
            }
            return Target("postgresql", pg=pg, url=value)
        if parsed.scheme == "sqlite":
            return Target("sqlite", path=Path(urllib.parse.unquote(parsed.path)))
        raise InputError(
            f"无法识别的数据库地址：{value}（请给出 SQLite 文件路径或 postgresql://用户:密码@主机/库名）"
        )
    return Target("sqlite", path=Path(value).expanduser())


def _is_network_path(path: Path) -> bool:
    """Best-effort detection of a network share (SMB/NFS), where WAL is unsafe."""
    text = str(path.resolve())
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    try:
        best = ""
        fstype = ""
        with open("/proc/mounts", encoding="utf-8") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 3 and text.startswith(parts[1]) and len(parts[1]) > len(best):
                    best, fstype = parts[1], parts[2]
        return fstype in {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs"}
    except OSError:
        return False


def journal_mode_for(path: Path) -> str:
    mode = os.environ.get(ENV_JOURNAL, "").strip().upper()
    if mode:
        if mode not in {"WAL", "DELETE", "TRUNCATE", "PERSIST"}:
            raise InputError(f"不支持的日志模式 {mode}（可选 WAL、DELETE、TRUNCATE、PERSIST）")
        return mode
    return "DELETE" if _is_network_path(path.parent) else "WAL"


def make_database(target: Target) -> Database:
    if target.kind == "postgresql":
        return PostgresqlDatabase(autorollback=True, **(target.pg or {}))
    assert target.path is not None
    return SqliteDatabase(
        str(target.path),
        pragmas={
            "journal_mode": journal_mode_for(target.path),
            "foreign_keys": 1,
            "busy_timeout": 15000,
            "synchronous": "NORMAL",
            "cache_size": -32000,
        },
        timeout=15,
        lock_type="IMMEDIATE",
    )


def _connect(db: Database, target: Target) -> None:
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1")
    except OperationalError as exc:
        if target.kind == "postgresql":
            raise DeskError(f"无法连接数据库服务器 {target.display}：{str(exc).strip().splitlines()[0]}") from None
        raise DeskError(f"无法打开数据库文件 {target.path}：{exc}") from None
    except Exception as exc:  # psycopg2 errors on bad credentials etc.
        if target.kind == "postgresql":
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DeskError(f"无法连接数据库服务器 {target.display}：{first}") from None
        raise


def known_migrations() -> list[str]:
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def schema_status(db: Database) -> tuple[list[str], list[str]]:
    """(applied names, pending names); raise when the database is newer than the app."""
    runner = Runner(db, directory=str(MIGRATIONS_DIR))
    applied = sorted(runner.applied())
    known = known_migrations()
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise DeskError(
            f"这个数据库由更新版本的政务公开台账创建（包含本程序不认识的架构版本 {', '.join(unknown)}），"
            "为避免损坏数据，本程序拒绝打开；请升级程序后再使用。"
        )
    return applied, [name for name in known if name not in applied]


def backup_sqlite_file(path: Path, reason: str) -> Path:
    """Copy a SQLite database with the online backup API; returns the backup path."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest_dir = path.parent / "backups"
    dest_dir.mkdir(parents=True, exist_ok=True)
    dest = dest_dir / f"{path.stem}-{reason}-{stamp}.sqlite3"
    n = 1
    while dest.exists():
        n += 1
        dest = dest_dir / f"{path.stem}-{reason}-{stamp}-{n}.sqlite3"
    src = sqlite3.connect(str(path))
    try:
        out = sqlite3.connect(str(dest))
        try:
            src.backup(out)
        finally:
            out.close()
    finally:
        src.close()
    return dest


def migrate(db: Database, target: Target) -> list[str]:
    """Apply pending migrations, backing up a SQLite file that already holds data."""
    applied, pending = schema_status(db)
    if not pending:
        return []
    if applied and target.kind == "sqlite" and target.path and target.path.exists():
        backup_sqlite_file(target.path, "before-migrate")
    runner = Runner(db, directory=str(MIGRATIONS_DIR))
    return runner.up()


def open_database(target: Target, *, create: bool = False, auto_migrate: bool = True) -> Database:
    """Open (and bind the models to) the database; create it only when asked."""
    if target.kind == "sqlite":
        assert target.path is not None
        path = target.path
        if not path.exists():
            if not create:
                raise InputError(
                    f"数据库文件不存在：{path}。请先运行 disclosure-desk init 创建，或用 --db 指定已有的数据库。"
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DeskError(f"无法创建数据目录 {path.parent}：{exc.strerror or exc}") from None
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise DeskError(f"没有写入权限：{path}。请换一个可写的目录，或请管理员调整权限。")
        if path.exists() and path.stat().st_size > 0:
            with open(path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise InputError(f"{path} 不是政务公开台账的数据库文件（不是 SQLite 格式）。")
    db = make_database(target)
    _connect(db, target)
    database_proxy.initialize(db)
    if auto_migrate:
        migrate(db, target)
    else:
        schema_status(db)
    return db


def close_database() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()


def copy_file(src: Path, dest: Path) -> None:
    shutil.copy2(src, dest)


def is_sqlite() -> bool:
    return isinstance(database_proxy.obj, SqliteDatabase)


def is_postgres() -> bool:
    return isinstance(database_proxy.obj, PostgresqlDatabase)
