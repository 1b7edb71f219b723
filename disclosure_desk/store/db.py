"""The one place that opens a database: SQLite file or PostgreSQL URL, pragmas, migrations."""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import secrets
import sqlite3
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import peewee
from peewee import Database, DatabaseError, OperationalError, SqliteDatabase

from disclosure_desk.domain.errors import Data, DeskError, InputError, Text
from disclosure_desk.store import locations
from disclosure_desk.store.db_errors import (  # noqa: F401 (re-exported for services)
    _damaged,
    _locked_or_other,
    explain_error,
    lock_holders,
    lock_wait_seconds,
)
from disclosure_desk.store.db_url import _redact, pg_params
from disclosure_desk.store.models import database_proxy

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
MIGRATION_TABLE = "schema_migration"  # playhouse.migrations.Runner's history table
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
        """Where the data is, for messages and titles: never the password."""
        if self.kind == "sqlite":
            return str(self.path)
        p = self.pg or {}
        where = f"{p.get('host', '')}:{p.get('port', 5432)}" if p.get("host") else ""
        name = p.get("database", "")
        if p.get("service"):
            return f"postgresql://{where}/{name}?service={p['service']}"
        return f"postgresql://{where}/{name}"

    @property
    def secrets(self) -> tuple[str, ...]:
        """Text that must never be shown: the password, and the URL that may carry it."""
        p = self.pg or {}
        return tuple(x for x in (p.get("password", ""), self.url) if x)

    def scrub(self, text: str) -> str:
        for secret in sorted(self.secrets, key=len, reverse=True):
            text = text.replace(secret, "***")
        return text


def default_data_dir() -> Path:
    return locations.data_dir()


# libpq connection parameters a postgresql:// URL may carry in its query string.
PG_QUERY_PARAMS = frozenset(
    {
        "service",
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "sslcrl",
        "passfile",
        "connect_timeout",
        "application_name",
        "target_session_attrs",
        "options",
    }
)


def parse_target(value: str | None) -> Target:
    """Turn ``--db`` / ``DISCLOSURE_DESK_DB`` / the config file (store/locations.py, the one
    connection setting of a workstation) into a Target, or raise InputError. Messages never
    repeat a password given in the address."""
    value = (value or os.environ.get(ENV_DB) or "").strip()
    if not value:
        configured = locations.configured_database()
        if configured is None:
            return Target("sqlite", path=locations.default_database_file())
        value = configured[0]
    if "://" in value:
        parsed = urllib.parse.urlparse(value)
        if parsed.scheme in ("postgresql", "postgres"):
            return Target("postgresql", pg=pg_params(value, parsed), url=value)
        if parsed.scheme == "sqlite":
            return Target("sqlite", path=Path(urllib.parse.unquote(parsed.path)))
        raise InputError(
            "无法识别的数据库地址：{value}（请给出 SQLite 文件路径或 postgresql://用户@主机/库名）",
            value=_redact(value),
        )
    return Target("sqlite", path=Path(value).expanduser())


NETWORK_FSTYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "davfs", "afs"}
)


def _read_mounts() -> str:
    try:
        with open("/proc/mounts", encoding="utf-8") as fh:
            return fh.read()
    except OSError:
        return ""


def _is_network_path(path: Path, mounts: str | None = None) -> bool:
    """Best-effort detection of a network share (SMB/NFS), where WAL is unsafe.

    ``mounts`` is the text of /proc/mounts (read when not given; tests pass their own)."""
    text = str(path.resolve()) if not str(path).startswith(("\\\\", "//")) else str(path)
    if text.startswith("\\\\") or text.startswith("//"):
        return True
    best = ""
    fstype = ""
    for line in (_read_mounts() if mounts is None else mounts).splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point = parts[1].replace("\\040", " ")
        inside = text == mount_point or text.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) > len(best):
            best, fstype = mount_point, parts[2]
    return fstype in NETWORK_FSTYPES


def journal_mode_for(path: Path, mounts: str | None = None) -> str:
    """WAL on a local disk; DELETE on a network share (WAL needs shared memory that SMB/NFS
    cannot provide); ``DISCLOSURE_DESK_JOURNAL`` overrides both."""
    mode = os.environ.get(ENV_JOURNAL, "").strip().upper()
    if mode:
        if mode not in {"WAL", "DELETE", "TRUNCATE", "PERSIST"}:
            raise InputError(
                "不支持的日志模式 {mode}（可选 WAL、DELETE、TRUNCATE、PERSIST）", mode=mode
            )
        return mode
    return "DELETE" if _is_network_path(path.parent, mounts) else "WAL"


def storage_advice(target: Target, mounts: str | None = None) -> str | None:
    """One sentence for the officer when the SQLite file sits on a network share; None otherwise."""
    if (
        target.kind != "sqlite"
        or target.path is None
        or not _is_network_path(target.path.parent, mounts)
    ):
        return None
    mode = journal_mode_for(target.path, mounts)
    if mode == "WAL":
        return str(
            Text(
                "数据库文件 {path} 位于网络共享盘，却按环境变量 {env} 使用了 WAL 模式，"
                "多台电脑同时使用可能损坏数据；建议删除该设置，或改用 PostgreSQL 服务器。",
                path=Data(str(target.path)),
                env=Data(ENV_JOURNAL),
            )
        )
    return str(
        Text(
            "数据库文件 {path} 位于网络共享盘，已改用较安全的 {mode} 日志模式；"
            "多人同时使用时建议改用 PostgreSQL 服务器（--db postgresql://…），或把文件放到本机磁盘。",
            path=Data(str(target.path)),
            mode=Data(mode),
        )
    )


class _Psycopg2Adapter(peewee.Psycopg2Adapter):
    """peewee's psycopg2 adapter with the driver imported when a PostgreSQL database is made,
    not when peewee is imported (see store/__init__.py): the rest is peewee's own."""

    def __init__(self) -> None:
        import psycopg2
        from psycopg2 import extensions, extras

        extras.register_uuid()  # as peewee's import does
        self._driver, self._extensions = psycopg2, extensions
        self.txn_idle = extensions.TRANSACTION_STATUS_IDLE
        self.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
        self.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN
        super().__init__()
        self.json_type = self.jsonb_type = extras.Json

    def check_driver(self) -> None:
        pass  # imported above

    def get_binary_type(self):
        return self._driver.Binary

    def connect(self, db, **params):
        if db.database.startswith("postgresql://"):
            params.setdefault("dsn", db.database)
        else:
            params.setdefault("dbname", db.database)
        conn = self._driver.connect(**params)
        if db._register_unicode:
            self._extensions.register_type(self._extensions.UNICODE, conn)
            self._extensions.register_type(self._extensions.UNICODEARRAY, conn)
        if db._encoding:
            conn.set_client_encoding(db._encoding)
        return conn


class PostgresqlDatabase(peewee.PostgresqlDatabase):
    """peewee's PostgreSQL database on psycopg2, the driver this app ships, imported on first
    use (whichever adapter peewee would pick)."""

    psycopg2_adapter = psycopg3_adapter = _Psycopg2Adapter


def make_database(target: Target) -> Database:
    if target.kind == "postgresql":
        params = dict(target.pg or {})
        # A service-only address has no database name; peewee then passes this URI as the dsn
        # and libpq takes the name (with host, port, user…) from the service file.
        database = params.pop("database", "") or "postgresql:///?" + urllib.parse.urlencode(
            {"service": params.pop("service", "")}
        )
        return PostgresqlDatabase(database, **params)
    assert target.path is not None
    return SqliteDatabase(
        str(target.path),
        pragmas={
            "journal_mode": journal_mode_for(target.path),
            "foreign_keys": 1,
            "busy_timeout": int(lock_wait_seconds() * 1000),
            "synchronous": "NORMAL",
            "cache_size": -32000,
        },
        timeout=lock_wait_seconds(),
        lock_type="IMMEDIATE",
    )


def _connect(db: Database, target: Target) -> None:
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT 1")
    except Exception as exc:  # psycopg2 errors on bad credentials, peewee's wrappers …
        if target.kind == "postgresql":
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            raise DeskError(
                "无法连接数据库服务器 {display}：{value}",
                display=target.display,
                value=target.scrub(first),
            ) from None
        if isinstance(exc, OperationalError):
            raise DeskError("{reason}", reason=_locked_or_other(target, exc)) from None
        if isinstance(exc, DatabaseError):
            raise DeskError("{reason}", reason=_damaged(target, exc)) from None
        raise


def known_migrations() -> list[str]:
    return sorted(p.stem for p in MIGRATIONS_DIR.glob("[0-9]*.py"))


def schema_status(db: Database) -> tuple[list[str], list[str]]:
    """(applied names, pending names); raise when the database is newer than the app."""
    # Read the history table directly: playhouse.migrations (≈ 10 ms of imports) is only needed
    # when something is pending, not on every start-up.
    if db.table_exists(MIGRATION_TABLE):
        applied = sorted(r[0] for r in db.execute_sql(f"SELECT name FROM {MIGRATION_TABLE}"))
    else:
        applied = []
    known = known_migrations()
    unknown = [name for name in applied if name not in known]
    if unknown:
        raise DeskError(
            "这个数据库由更新版本的政务公开台账创建（包含本程序不认识的架构版本 {value}），为避免损坏数据，本程序拒绝打开；请升级程序后再使用。",
            value=", ".join(unknown),
        )
    return applied, [name for name in known if name not in applied]


BACKUP_DIR_NAME = "backups"
MIGRATE_BACKUPS_KEPT = 10
_BACKUP_RE = re.compile(
    r"^(?P<kind>[a-z]+(?:-[a-z]+)*)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.sqlite3$"
)


@dataclass(frozen=True)
class BackupFile:
    path: Path
    kind: str  # daily / exit / before-migrate / before-import / before-restore / manual
    created: dt.datetime
    size: int


def backup_dir(path: Path) -> Path:
    return path.parent / BACKUP_DIR_NAME


def list_backup_files(path: Path, kind: str | None = None) -> list[BackupFile]:
    """Backups of the database file ``path`` (newest first), optionally of one kind."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    found: list[tuple[tuple[str, int], BackupFile]] = []
    for entry in folder.iterdir():
        if not entry.name.startswith(path.stem + "-"):
            continue
        m = _BACKUP_RE.match(entry.name[len(path.stem) + 1 :])
        if not m or (kind is not None and m.group("kind") != kind):
            continue
        created = dt.datetime.strptime(m.group("stamp"), "%Y%m%d-%H%M%S")
        found.append(
            (
                (m.group("stamp"), int(m.group("n") or 1)),
                BackupFile(entry, m.group("kind"), created, entry.stat().st_size),
            )
        )
    found.sort(key=lambda pair: pair[0], reverse=True)
    return [b for _key, b in found]


def prune_backups(path: Path, kind: str, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest backups of one kind; returns what was removed."""
    removed = []
    for old in list_backup_files(path, kind)[max(1, keep) :]:
        try:
            old.path.unlink()
            removed.append(old.path)
            Path(str(old.path) + ".anchor").unlink(missing_ok=True)
        except OSError:
            pass  # a backup someone has open stays; the next rotation retries
    return removed


def sqlite_online_copy(src_path: Path, dest: Path) -> None:
    """Copy with SQLite's online backup API into ``dest`` via a temporary name, so an
    interrupted copy never leaves a file that looks like a finished backup."""
    # A name of our own: two backups started in the same second must not share a temporary file.
    tmp = dest.with_name(f"{dest.name}.{os.getpid()}-{secrets.token_hex(4)}.part")
    src = sqlite3.connect(str(src_path), timeout=15)
    try:
        out = sqlite3.connect(str(tmp))
        try:
            src.backup(out)
            # A self-contained single file: no WAL side files next to the backup.
            out.execute("PRAGMA journal_mode=DELETE")
            head = _audit_tip(out)
        finally:
            out.close()
        os.chmod(tmp, 0o600)  # a backup holds applicants' personal data: owner only
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise DeskError("无法写入备份文件 {dest}：{value}", dest=dest, value=_plain(exc)) from None
    finally:
        src.close()
    tmp.replace(dest)
    if head is not None:
        from disclosure_desk.store import audit_anchor

        data = {
            "last_id": head[0],
            "last_hash": head[1],
            "at": dt.datetime.now().isoformat(timespec="microseconds"),
            "database": str(src_path.resolve()),
            "reason": f"backup {dest.name}",
        }
        audit_anchor.write_sidecar(dest, data)


def _audit_tip(conn: sqlite3.Connection) -> tuple[int, str] | None:
    try:
        row = conn.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    return (int(row[0]), str(row[1] or "")) if row else (0, "")


def _plain(exc: Exception) -> Text | Data:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return Text("磁盘空间不足")
    if isinstance(exc, sqlite3.Error) and "full" in str(exc).lower():
        return Text("磁盘空间不足")
    return Data(str(exc))


def backup_sqlite_file(
    path: Path, reason: str, keep: int | None = None, now: dt.datetime | None = None
) -> Path:
    """Copy a SQLite database with the online backup API into backups/; returns the backup path.

    With ``keep``, older backups of the same ``reason`` beyond the newest ``keep`` are deleted."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    dest_dir = backup_dir(path)
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DeskError(
            "无法创建备份目录 {dest_dir}：{value}", dest_dir=dest_dir, value=exc.strerror or exc
        ) from None
    n = 1
    while True:
        dest = dest_dir / (
            f"{path.stem}-{reason}-{stamp}.sqlite3"
            if n == 1
            else f"{path.stem}-{reason}-{stamp}-{n}.sqlite3"
        )
        try:  # reserve the name atomically: a parallel import takes the next number
            os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            break
        except FileExistsError:
            n += 1
        except OSError as exc:
            raise DeskError(
                "无法写入备份文件 {dest}：{value}", dest=dest, value=os_reason(exc, dest)
            ) from None
    try:
        sqlite_online_copy(path, dest)
    except DeskError:
        dest.unlink(missing_ok=True)
        raise
    if keep is not None:
        prune_backups(path, reason, keep)
    return dest


def current_sqlite_path() -> Path | None:
    """The file of the open SQLite database, or None (PostgreSQL, or nothing open)."""
    db = database_proxy.obj
    if isinstance(db, SqliteDatabase) and db.database not in (":memory:", ""):
        return Path(db.database)
    return None


def migrate(db: Database, target: Target) -> list[str]:
    """Apply pending migrations, backing up a SQLite file that already holds data."""
    applied, pending = schema_status(db)
    if not pending:
        return []
    if applied and target.kind == "sqlite" and target.path and target.path.exists():
        backup_sqlite_file(target.path, "before-migrate", keep=MIGRATE_BACKUPS_KEPT)
    from playhouse.migrations import Runner

    runner = Runner(db, directory=str(MIGRATIONS_DIR), table_name=MIGRATION_TABLE)
    return runner.up()


_ERRNO_TEXT = {
    errno.EACCES: Text("没有写入权限"),
    errno.EPERM: Text("没有写入权限"),
    errno.EROFS: Text("所在磁盘为只读"),
    errno.ENOSPC: Text("磁盘空间不足"),
    errno.ENOENT: Text("上级路径不存在"),
}


def os_reason(exc: OSError, path: Path) -> Text | Data:
    """A short reason for a file-system error (the OS text is often English), as a value of an
    error message: shown in the interface language."""
    # A regular file somewhere on the way makes mkdir fail with EEXIST/ENOTDIR.
    for parent in (path, *path.parents):
        if parent.exists():
            if not parent.is_dir():
                return Text("{path} 是一个文件而不是文件夹", path=Data(str(parent)))
            break
    return _ERRNO_TEXT.get(exc.errno or 0) or Data(exc.strerror or str(exc))


def open_database(target: Target, *, create: bool = False, auto_migrate: bool = True) -> Database:
    """Open (and bind the models to) the database; create it only when asked."""
    if target.kind == "sqlite":
        assert target.path is not None
        path = target.path
        if path.is_dir():
            raise InputError(
                "“{path}”是一个文件夹，不是数据库文件（--db 应指向 .sqlite3 文件）。", path=path
            )
        if not path.exists():
            if not create:
                raise InputError(
                    "数据库文件不存在：{path}。请先运行 disclosure-desk init 创建，或用 --db 指定已有的数据库。",
                    path=path,
                )
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DeskError(
                    "无法创建数据目录 {parent}：{value}",
                    parent=path.parent,
                    value=os_reason(exc, path.parent),
                ) from None
            if os.access(path.parent, os.W_OK):
                # Applicants' personal data: the file (and SQLite's -wal/-shm, which copy its
                # mode) is readable by its owner only.
                try:
                    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                except FileExistsError:
                    pass
                except OSError as exc:
                    raise DeskError(
                        "无法创建数据库文件 {path}：{value}", path=path, value=os_reason(exc, path)
                    ) from None
        if not os.access(path.parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
            raise DeskError(
                "没有写入权限：{path}。请换一个可写的目录，或请管理员调整权限。", path=path
            )
        if path.exists() and path.stat().st_size > 0:
            with open(path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise InputError(
                        "{path} 不是政务公开台账的数据库文件（不是 SQLite 格式）。", path=path
                    )
    db = make_database(target)
    _connect(db, target)
    database_proxy.initialize(db)
    try:
        if auto_migrate:
            migrate(db, target)
        else:
            schema_status(db)
    except DatabaseError as exc:
        close_database()
        raise DeskError("{reason}", reason=_damaged(target, exc)) from None
    return db


def close_database() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()
    database_proxy.initialize(None)


def is_sqlite() -> bool:
    return isinstance(database_proxy.obj, SqliteDatabase)


def is_postgres() -> bool:
    return isinstance(database_proxy.obj, peewee.PostgresqlDatabase)
