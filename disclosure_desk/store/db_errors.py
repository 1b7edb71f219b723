"""Database failures in plain words: a file held by another program (and which), a full
disk, a damaged file; and how long a write waits for someone else's lock."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from peewee import DatabaseError

from disclosure_desk.domain.errors import Data, Seq, Text

if TYPE_CHECKING:
    from disclosure_desk.store.db import Target

ENV_LOCK_WAIT = "DISCLOSURE_DESK_LOCK_WAIT"


def lock_wait_seconds() -> float:
    """How long a write waits for another program's lock before giving up (default 15 s)."""
    try:
        value = float(os.environ.get(ENV_LOCK_WAIT, "") or 15)
    except ValueError:
        return 15.0
    return min(max(value, 0.1), 600.0)


def lock_holders(path: Path) -> list[str]:
    """Programs that have the SQLite file (or its -wal/-shm) open, as "名称 (PID n)", as far as
    this machine lets us see (Linux /proc; other users' and other computers' are invisible)."""
    wanted = {
        str(path.resolve()),
        str(path.resolve()) + "-wal",
        str(path.resolve()) + "-shm",
        str(path.resolve()) + "-journal",
    }
    me = os.getpid()
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return []
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == me:
            continue
        try:
            fds = list((entry / "fd").iterdir())
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(fd) in wanted:
                    name = (entry / "comm").read_text(encoding="utf-8", errors="replace").strip()
                    found.append(f"{name} (PID {entry.name})")
                    break
            except OSError:
                continue
    return sorted(set(found))


def explain_error(exc: BaseException, target_path: Path | None = None) -> str | None:
    """One plain sentence for a database error met in the middle of a command, or None.

    SQLite rolls a transaction back itself on a full disk; peewee's own ROLLBACK then fails
    ("no transaction is active") and hides the cause, so the exception's context is read too."""
    text = _explain(exc, target_path)
    return str(text) if text is not None else None


def _explain(exc: BaseException | None, target_path: Path | None = None) -> Text | None:
    """explain_error's sentence, kept as a Text (shown in the language of whoever shows it)."""
    seen = 0
    while exc is not None and seen < 5:
        message = _explain_one(exc, target_path)
        if message is not None:
            return message
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


def _explain_one(exc: BaseException, target_path: Path | None) -> Text | None:
    if not isinstance(exc, (DatabaseError, sqlite3.Error)):
        return None
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = text.lower()
    from disclosure_desk.store.db import current_sqlite_path

    path = target_path or current_sqlite_path()
    if "locked" in low or "busy" in low:
        holders = lock_holders(path) if path is not None else []
        who = (
            Seq(Data(h) for h in holders)
            if holders
            else Text("无法确定是哪个程序，可能是另一台电脑或另一项导入")
        )
        return Text(
            "数据库正被其他程序占用（{who}），已等待 {seconds:g} 秒仍未释放；"
            "请等其完成或关闭该程序后重试（本次没有写入任何内容）。",
            who=who,
            seconds=lock_wait_seconds(),
        )
    if "full" in low:
        return Text("磁盘空间不足，无法写入数据库（本次没有写入任何内容）；请清理磁盘空间后重试。")
    if "malformed" in low or "not a database" in low:
        return Text(
            "数据库文件已损坏，无法继续；请用 restore 从备份恢复（备份在数据库旁的 backups 文件夹）。"
        )
    if "readonly" in low or "read-only" in low:
        return Text("数据库文件是只读的，无法写入；请检查文件权限。")
    return None


def _locked_or_other(target: Target, exc: Exception) -> Text:
    return _explain(exc, target.path) or Text(
        "无法打开数据库文件 {path}：{reason}", path=Data(str(target.path)), reason=Data(str(exc))
    )


def _damaged(target: Target, exc: Exception) -> Text:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return Text(
            "数据库文件 {path} 已损坏（{reason}），无法打开；"
            "请用 restore 从备份恢复（备份在数据库旁的 backups 文件夹）。",
            path=Data(target.display),
            reason=Data(text),
        )
    return Text("无法打开数据库 {path}：{reason}", path=Data(target.display), reason=Data(text))
