"""This workstation: its folders, its config file (which database to use) and its log file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from disclosure_desk.domain.errors import InputError
from disclosure_desk.i18n import tr
from disclosure_desk.store import db as store_db
from disclosure_desk.store import locations

data_dir = locations.data_dir
config_dir = locations.config_dir
log_dir = locations.log_dir
user_config_file = locations.user_config_file
system_config_file = locations.system_config_file
default_database_file = locations.default_database_file
LOG_NAME = "disclosure-desk.log"


@dataclass(frozen=True)
class Where:
    data: Path
    config: Path
    log: Path
    config_files: list[Path]
    database: str  # the connection in effect, without password
    source: str  # where it came from: 命令行/环境变量/配置文件 X/默认


def where(db_arg: str | None = None) -> Where:
    import os

    if db_arg:
        source = tr("命令行参数 --db")
    elif os.environ.get(store_db.ENV_DB, "").strip():
        source = tr("环境变量 {name}").format(name=store_db.ENV_DB)
    else:
        configured = locations.configured_database()
        source = (
            tr("配置文件 {path}").format(path=configured[1])
            if configured
            else tr("默认位置（未配置）")
        )
    target = store_db.parse_target(db_arg)
    return Where(
        data_dir(), config_dir(), log_dir(), locations.config_files(), target.display, source
    )


def needs_first_run() -> bool:
    """True when nothing names a database and the default file does not exist yet: the GUI then
    asks whether this PC works alone or with the district server."""
    import os

    if os.environ.get(store_db.ENV_DB, "").strip() or locations.configured_database():
        return False
    return not default_database_file().exists()


def save_connection(value: str) -> Path:
    """Check ``value`` (a SQLite path, ``postgresql://user@host/db?sslmode=…`` or
    ``service=NAME``) and save it in the user's config file; returns the file."""
    value = value.strip()
    if not value:
        raise InputError(tr("请填写数据库文件路径或服务器地址。"))
    if not value.startswith("service="):
        store_db.parse_target(value)  # same checks as --db
    return locations.write_user_config(value)


def server_url(host: str, port: int, database: str, user: str, sslmode: str) -> str:
    """A postgresql:// URL without password from the first-run dialog's fields."""
    import urllib.parse

    host, database, user = host.strip(), database.strip(), user.strip()
    if not host or not database or not user:
        raise InputError(tr("请填写服务器地址、数据库名和数据库用户名。"))
    if sslmode not in ("disable", "prefer", "require", "verify-ca", "verify-full"):
        raise InputError(tr("不支持的加密方式 {sslmode}").format(sslmode=sslmode))
    return (
        f"postgresql://{urllib.parse.quote(user)}@{host}:{int(port)}/"
        f"{urllib.parse.quote(database)}?sslmode={sslmode}"
    )


def open_log_file() -> TextIO:
    """The log file, opened for appending (line-buffered); falls back to a throwaway stream when
    the folder cannot be created, because logging must never stop the program."""
    import io

    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        fh = open(folder / LOG_NAME, "a", encoding="utf-8", buffering=1)
        fh.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} ---\n")
        return fh
    except OSError:
        return io.StringIO()
