"""Where a workstation keeps its data, its configuration and its logs, and which database it uses.

Folders follow each platform's convention:

==========  ==========================================  ===========================================
            Linux (XDG)                                 Windows
==========  ==========================================  ===========================================
data        $XDG_DATA_HOME/disclosure-desk              %LOCALAPPDATA%\\disclosure-desk
            (~/.local/share/disclosure-desk)
config      $XDG_CONFIG_HOME/disclosure-desk            %APPDATA%\\disclosure-desk
            (~/.config/disclosure-desk)
logs        $XDG_STATE_HOME/disclosure-desk/log         %LOCALAPPDATA%\\disclosure-desk\\logs
            (~/.local/state/disclosure-desk/log)
==========  ==========================================  ===========================================

The connection comes from, first to last: ``--db``, env ``DISCLOSURE_DESK_DB``, the user's
``config.toml``, the machine-wide one (``/etc/disclosure-desk/config.toml``,
``%PROGRAMDATA%\\disclosure-desk\\config.toml``), else a SQLite file in the data folder. Env
``DISCLOSURE_DESK_CONFIG`` names another config file instead of the two.

A config file holds one ``[database]`` table with exactly one of ``path`` (a SQLite file), ``url``
(``postgresql://user@host:port/db?sslmode=verify-full`` — without a password) or ``service`` (a
libpq service name from ``pg_service.conf``). Passwords never go in it: libpq reads them from
``~/.pgpass`` (``%APPDATA%\\postgresql\\pgpass.conf``) or the service file.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from pathlib import Path

from disclosure_desk.domain.errors import InputError

APP_DIR = "disclosure-desk"
CONFIG_NAME = "config.toml"
ENV_CONFIG = "DISCLOSURE_DESK_CONFIG"
DB_KEYS = ("path", "url", "service")


def _windows() -> bool:
    return os.name == "nt"


def _home() -> Path:
    return Path(os.path.expanduser("~"))


def _env_dir(name: str, fallback: Path) -> Path:
    value = os.environ.get(name, "").strip()
    return Path(value) if value and os.path.isabs(value) else fallback


def data_dir() -> Path:
    """The user's data folder (the local SQLite database and its backups live here)."""
    if _windows():
        return _env_dir("LOCALAPPDATA", _home() / "AppData" / "Local") / APP_DIR
    if sys.platform == "darwin":
        return _home() / "Library" / "Application Support" / APP_DIR
    return _env_dir("XDG_DATA_HOME", _home() / ".local" / "share") / APP_DIR


def config_dir() -> Path:
    if _windows():
        return _env_dir("APPDATA", _home() / "AppData" / "Roaming") / APP_DIR
    if sys.platform == "darwin":
        return _home() / "Library" / "Preferences" / APP_DIR
    return _env_dir("XDG_CONFIG_HOME", _home() / ".config") / APP_DIR


def log_dir() -> Path:
    if _windows():
        return _env_dir("LOCALAPPDATA", _home() / "AppData" / "Local") / APP_DIR / "logs"
    if sys.platform == "darwin":
        return _home() / "Library" / "Logs" / APP_DIR
    return _env_dir("XDG_STATE_HOME", _home() / ".local" / "state") / APP_DIR / "log"


def system_config_file() -> Path:
    if _windows():
        return _env_dir("PROGRAMDATA", Path("C:/ProgramData")) / APP_DIR / CONFIG_NAME
    return Path("/etc") / APP_DIR / CONFIG_NAME


def user_config_file() -> Path:
    return config_dir() / CONFIG_NAME


def config_files() -> list[Path]:
    """The config files consulted, most important first."""
    env = os.environ.get(ENV_CONFIG, "").strip()
    if env:
        return [Path(env).expanduser()]
    return [user_config_file(), system_config_file()]


def default_database_file() -> Path:
    return data_dir() / "disclosure-desk.sqlite3"


def read_config(path: Path) -> dict:
    """The ``[database]`` table of one config file ({} when the file does not exist)."""
    import tomllib  # only when a config file is read (not on every start-up)

    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InputError(
            "无法读取配置文件 {path}：{value}", path=path, value=exc.strerror or exc
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError("配置文件 {path} 格式有误：{exc}", path=path, exc=exc) from None
    db = data.get("database", {})
    if not isinstance(db, dict):
        raise InputError("配置文件 {path} 中 [database] 应当是一个表。", path=path)
    given = [k for k in DB_KEYS if str(db.get(k, "")).strip()]
    if len(given) > 1:
        raise InputError(
            "配置文件 {path} 的 [database] 只能填写 path、url、service 其中一项（现在填了 {value}）。",
            path=path,
            value="、".join(given),
        )
    if "password" in db or _url_has_password(str(db.get("url", ""))):
        raise InputError(
            "配置文件 {path} 中不能写数据库密码；请把密码放在 libpq 的 .pgpass 文件或服务文件中（见 docs/deploy-postgresql.md）。",
            path=path,
        )
    return {k: str(db[k]).strip() for k in given}


def _url_has_password(url: str) -> bool:
    if "://" not in url:
        return False
    try:
        return urllib.parse.urlparse(url).password is not None
    except ValueError:
        return False


def configured_database() -> tuple[str, Path] | None:
    """(value for parse_target, the file it came from) from the first config file that names a
    database; None when none does."""
    for path in config_files():
        db = read_config(path)
        if "path" in db:
            value = Path(db["path"]).expanduser()
            if not value.is_absolute():
                value = path.parent / value
            return str(value), path
        if "url" in db:
            return db["url"], path
        if "service" in db:
            return "postgresql:///?service=" + urllib.parse.quote(db["service"]), path
    return None


def config_text(database: str) -> str:
    """The text of a user config file naming ``database`` (a SQLite path or a server URL)."""
    if "://" in database and _url_has_password(database):
        raise InputError("配置文件中不能写数据库密码；请把密码放在 .pgpass 文件或服务文件中。")
    if database.startswith("service="):
        key, value = "service", database.removeprefix("service=")
    elif "://" in database:
        key, value = "url", database
    else:
        key, value = "path", str(Path(database).expanduser().absolute())
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return (
        "# 政务公开台账 — 本机设置（由程序写入，可以手工修改）\n"
        "# Disclosure Desk workstation settings\n"
        "[database]\n"
        f'{key} = "{quoted}"\n'
    )


def write_user_config(database: str) -> Path:
    """Save the connection in the user's config file (written whole, then moved into place)."""
    text = config_text(database)
    path = user_config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
