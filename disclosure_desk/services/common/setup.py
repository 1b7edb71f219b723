"""Creating a database, opening it for a session, backups and schema upgrades."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from disclosure_desk.domain import catalogs
from disclosure_desk.domain.errors import DeskError, InputError
from disclosure_desk.domain.passwords import check_strength, hash_password
from disclosure_desk.domain.permissions import ROLE_LABELS, SYSTEM, Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common.context import Changes, change
from disclosure_desk.store import db as store_db
from disclosure_desk.store.models import Unit, User

Target = store_db.Target
parse_target = store_db.parse_target
default_data_dir = store_db.default_data_dir


def open_target(target: Target, *, create: bool = False, auto_migrate: bool = True) -> None:
    store_db.open_database(target, create=create, auto_migrate=auto_migrate)
    _invalidate_calendar()


def _invalidate_calendar() -> None:
    """Drop the cached working-day calendar (it belongs to the database just opened or closed).
    Before the calendar module is first imported nothing is cached, and start-up need not
    import it (with the holiday data and chinese_calendar) to clear nothing."""
    calendar = sys.modules.get("disclosure_desk.services.common.calendar")
    if calendar is not None:
        calendar.invalidate()


# Called (on the closing thread) before the database is closed, so background readers such as
# the dashboard loader can finish first instead of losing their connection mid-query.
_before_close: list[Callable[[], None]] = []


def before_close(hook: Callable[[], None]) -> None:
    """Run ``hook`` at the start of every ``close()`` (registered once however often called)."""
    if hook not in _before_close:
        _before_close.append(hook)


def close_thread_connection() -> None:
    """Close the calling thread's own connection (peewee keeps one per thread); a worker thread
    calls this when done so it does not leak a connection or keep a SQLite file handle."""
    from disclosure_desk.store.models import database_proxy

    database = database_proxy.obj
    if database is not None and not database.is_closed():
        database.close()


def close() -> None:
    for hook in list(_before_close):
        hook()
    store_db.close_database()
    _invalidate_calendar()


def explain_error(exc: BaseException) -> str | None:
    """A plain sentence for an unexpected failure of the database or the disk, or None."""
    import errno

    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        if exc.filename:
            return tr("磁盘空间不足，无法写入文件 {name}；请清理磁盘空间后重试。").format(
                name=exc.filename
            )
        return tr("磁盘空间不足，无法写入；请清理磁盘空间后重试。")
    return store_db.explain_error(exc)


def is_open() -> bool:
    from disclosure_desk.store.models import database_proxy

    return database_proxy.obj is not None


def is_initialised() -> bool:
    return Unit.select().exists()


SHORT_NAME_MAX = 20


def init_database(
    target: Target,
    agency: str,
    code: str,
    admin_login: str,
    password: str,
    short_name: str | None = None,
) -> Changes:
    """Create the schema with one body (the agency) and its administrator. ``short_name`` is
    what case numbers and letters use (青山区政府申〔2026〕11号); the full name when omitted."""
    agency, code, admin_login = agency.strip(), code.strip(), admin_login.strip()
    short_name = (short_name or "").strip() or agency
    if len(short_name) > SHORT_NAME_MAX:
        raise InputError(
            tr(
                "简称“{name}”过长（最多 {n} 个字）：它用于申请编号和文书，"
                "请用 --short-name 指定较短的简称。"
            ).format(name=short_name, n=SHORT_NAME_MAX)
        )
    if not agency:
        raise InputError(tr("请填写机关名称（--agency）。"))
    if not code:
        raise InputError(
            tr("请填写索引号前段码（--code），一般为 9 位组织机构代码或 18 位统一社会信用代码。")
        )
    if not admin_login or not admin_login.replace("_", "").replace(".", "").isalnum():
        raise InputError(tr("管理员登录名只能包含字母、数字、下划线和点。"))
    check_strength(password)
    if (
        target.kind == "sqlite"
        and target.path is not None
        and target.path.exists()
        and target.path.stat().st_size > 0
    ):
        open_target(target)
        if is_initialised():
            raise InputError(
                tr("数据库 {display} 已经初始化过，不能重复初始化。").format(display=target.display)
            )
    else:
        open_target(target, create=True)
        if is_initialised():
            raise InputError(
                tr("数据库 {display} 已经初始化过，不能重复初始化。").format(display=target.display)
            )
    hashed = hash_password(password)
    with change(SYSTEM, None) as tx:
        unit = Unit.create(
            code="ROOT",
            name=agency,
            short_name=short_name,
            kind=catalogs.UNIT_GOVERNMENT,
            index_prefix=code,
        )
        user = User.create(
            login=admin_login,
            name=ROLE_LABELS["admin"],
            unit=unit,
            roles="admin,supervisor",
            password_hash=hashed,
        )
        tx.audit(
            "init",
            "unit",
            unit.id,
            None,
            {"name": agency, "short_name": short_name, "index_prefix": code},
        )
        tx.audit("user.create", "user", user.id, None, {"login": admin_login, "roles": user.roles})
    return tx.changes


def migrate_now(target: Target) -> list[str]:
    store_db.open_database(target, auto_migrate=False)
    from disclosure_desk.store.models import database_proxy

    return store_db.migrate(database_proxy.obj, target)


def backup(target: Target, actor: Actor, dest: Path | None = None) -> Path:
    """Online backup of a SQLite database (consistent while others write)."""
    actor.require("backup.run")
    if target.kind != "sqlite" or target.path is None:
        raise InputError(
            tr("PostgreSQL 数据库请使用服务器端的 pg_dump 备份；本命令用于 SQLite 数据库文件。")
        )
    if dest is None:
        out = store_db.backup_sqlite_file(target.path, "manual")
    else:
        dest = Path(dest)
        if dest.exists():
            raise InputError(
                tr("目标文件已存在：{dest}（为防止覆盖，请换一个文件名）。").format(dest=dest)
            )
        if not dest.parent.is_dir():
            raise InputError(tr("备份目录不存在：{parent}").format(parent=dest.parent))
        store_db.sqlite_online_copy(target.path, dest)
        out = dest
    with change(actor, None) as tx:
        tx.audit("backup", "", "", None, {"file": str(out)})
    return out


def check_backup_file(path: Path) -> None:
    """Refuse a file that is not an intact Disclosure Desk database this version can open."""
    path = Path(path)
    if not path.is_file():
        raise InputError(tr("备份文件不存在：{path}").format(path=path))
    with open(path, "rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise InputError(tr("{path} 不是 SQLite 数据库备份文件。").format(path=path))
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise InputError(tr("备份文件无法读取：{exc}").format(exc=exc)) from None
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if result != "ok":
            raise InputError(
                tr("备份文件已损坏（完整性检查：{result}），不能用于恢复。").format(result=result)
            )
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"unit", "user", "audit_entry"} <= tables:
            raise InputError(tr("{path} 不是政务公开台账的数据库备份。").format(path=path))
        if "schema_migration" in tables:
            applied = {r[0] for r in conn.execute("SELECT name FROM schema_migration")}
            newer = sorted(applied - set(store_db.known_migrations()))
            if newer:
                raise InputError(
                    tr("备份来自更新版本的程序（架构版本 {value}），请升级程序后再恢复。").format(
                        value=", ".join(newer)
                    )
                )
    except sqlite3.DatabaseError as exc:
        raise InputError(tr("备份文件无法读取：{exc}").format(exc=exc)) from None
    finally:
        conn.close()


def restore(target: Target, source: Path) -> Path:
    """Replace the SQLite database with a checked backup; the current file is backed up first.

    Returns the backup of the replaced database (or the database path when there was none)."""
    if target.kind != "sqlite" or target.path is None:
        raise InputError(tr("PostgreSQL 数据库请使用服务器端的 pg_restore 恢复。"))
    source = Path(source)
    check_backup_file(source)
    if source.resolve() == target.path.resolve():
        raise InputError(tr("不能用数据库文件本身恢复它自己。"))
    kept = None
    if target.path.exists():
        kept = store_db.backup_sqlite_file(target.path, "before-restore", keep=10)
    close()
    # Written in place with SQLite's backup API, one step under the database's write lock: other
    # workstations keep their connections and their later commits land in the restored database
    # (replacing the file would leave them writing into an unlinked copy, silently lost).
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(str(target.path), timeout=30)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        os.chmod(target.path, 0o600)
    except (sqlite3.Error, OSError) as exc:
        open_target(target)
        raise DeskError(tr("恢复未完成，数据库未改动：{exc}").format(exc=exc)) from None
    open_target(target)
    return kept or target.path
