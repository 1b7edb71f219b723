"""Per-platform folders, the workstation config file and how it feeds the connection."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.store import db as store_db
from disclosure_desk.store import locations


@pytest.fixture
def linux(monkeypatch, tmp_path):
    monkeypatch.setattr(locations, "_windows", lambda: False)
    monkeypatch.setattr(locations.sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in (
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        locations.ENV_CONFIG,
        store_db.ENV_DB,
    ):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "home"


def test_linux_folders_follow_xdg(linux, monkeypatch, tmp_path):
    assert locations.data_dir() == linux / ".local/share/disclosure-desk"
    assert locations.config_dir() == linux / ".config/disclosure-desk"
    assert locations.log_dir() == linux / ".local/state/disclosure-desk/log"
    assert locations.system_config_file() == Path("/etc/disclosure-desk/config.toml")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_STATE_HOME", "relative/ignored")  # XDG: relative paths are invalid
    assert locations.data_dir() == tmp_path / "d/disclosure-desk"
    assert locations.user_config_file() == tmp_path / "c/disclosure-desk/config.toml"
    assert locations.log_dir() == linux / ".local/state/disclosure-desk/log"


def test_windows_folders(monkeypatch):
    monkeypatch.setattr(locations, "_windows", lambda: True)
    monkeypatch.setenv("APPDATA", "/w/Users/li/AppData/Roaming")
    monkeypatch.setenv("LOCALAPPDATA", "/w/Users/li/AppData/Local")
    monkeypatch.setenv("PROGRAMDATA", "/w/ProgramData")
    assert locations.data_dir() == Path("/w/Users/li/AppData/Local/disclosure-desk")
    assert locations.log_dir() == Path("/w/Users/li/AppData/Local/disclosure-desk/logs")
    assert locations.config_dir() == Path("/w/Users/li/AppData/Roaming/disclosure-desk")
    assert locations.system_config_file() == Path("/w/ProgramData/disclosure-desk/config.toml")


def test_no_config_means_a_file_in_the_data_folder(linux):
    target = store_db.parse_target(None)
    assert target.kind == "sqlite"
    assert target.path == linux / ".local/share/disclosure-desk/disclosure-desk.sqlite3"


def test_user_config_names_a_server_and_env_and_flag_still_win(linux, monkeypatch, tmp_path):
    cfg = linux / ".config/disclosure-desk/config.toml"
    cfg.parent.mkdir(parents=True)
    cfg.write_text(
        '[database]\nurl = "postgresql://desk@db.example.org:6432/gongkai?sslmode=verify-full"\n',
        encoding="utf-8",
    )
    target = store_db.parse_target(None)
    assert target.kind == "postgresql"
    assert target.pg == {
        "database": "gongkai",
        "user": "desk",
        "host": "db.example.org",
        "port": 6432,
        "sslmode": "verify-full",
    }  # no password: libpq reads .pgpass
    monkeypatch.setenv(store_db.ENV_DB, str(tmp_path / "env.sqlite3"))
    assert store_db.parse_target(None).path == tmp_path / "env.sqlite3"
    assert store_db.parse_target(str(tmp_path / "flag.sqlite3")).path == tmp_path / "flag.sqlite3"


def test_user_config_wins_over_the_machine_config(linux, monkeypatch, tmp_path):
    system = tmp_path / "etc/config.toml"
    system.parent.mkdir(parents=True)
    system.write_text('[database]\nservice = "quxian"\n', encoding="utf-8")
    monkeypatch.setattr(locations, "system_config_file", lambda: system)
    target = store_db.parse_target(None)
    assert target.kind == "postgresql"
    assert target.pg["service"] == "quxian" and not target.pg.get("database")
    assert "host" not in target.pg and "password" not in target.pg
    assert target.display == "postgresql:///?service=quxian"
    user = linux / ".config/disclosure-desk/config.toml"
    user.parent.mkdir(parents=True)
    user.write_text('[database]\npath = "mine.sqlite3"\n', encoding="utf-8")
    assert store_db.parse_target(None).path == user.parent / "mine.sqlite3"


def test_config_env_names_the_file(linux, monkeypatch, tmp_path):
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text('[database]\npath = "/srv/desk/tai.sqlite3"\n', encoding="utf-8")
    monkeypatch.setenv(locations.ENV_CONFIG, str(cfg))
    assert store_db.parse_target(None).path == Path("/srv/desk/tai.sqlite3")


@pytest.mark.parametrize(
    "text, words",
    [
        ('[database]\nurl = "postgresql://desk:secret@h/db"\n', "不能写数据库密码"),
        ('[database]\nurl = "postgresql://h/db"\npassword = "x"\n', "不能写数据库密码"),
        ('[database]\npath = "a"\nservice = "b"\n', "只能填写"),
        ('[database\npath = "a"\n', "格式有误"),
    ],
)
def test_bad_config_files_are_refused_in_plain_words(linux, monkeypatch, tmp_path, text, words):
    cfg = tmp_path / "c.toml"
    cfg.write_text(text, encoding="utf-8")
    monkeypatch.setenv(locations.ENV_CONFIG, str(cfg))
    with pytest.raises(InputError) as err:
        store_db.parse_target(None)
    assert words in err.value.message and str(cfg) in err.value.message
    assert "secret" not in err.value.message


def test_write_user_config_round_trips(linux):
    path = locations.write_user_config("postgresql://desk@db.example.org/gongkai?sslmode=require")
    assert path == linux / ".config/disclosure-desk/config.toml"
    assert store_db.parse_target(None).pg["sslmode"] == "require"
    locations.write_user_config("service=quxian")
    assert store_db.parse_target(None).pg["service"] == "quxian"
    locations.write_user_config(str(linux / 'D盘 "台账"/a.sqlite3'))
    assert store_db.parse_target(None).path == linux / 'D盘 "台账"/a.sqlite3'
    assert not any(p.name.endswith(".tmp") for p in path.parent.iterdir())
    with pytest.raises(InputError):
        locations.write_user_config("postgresql://desk:pw@h/db")


def test_url_parameters_reach_libpq_and_unknown_ones_are_refused():
    t = store_db.parse_target(
        "postgresql://u@h/db?sslmode=verify-ca&sslrootcert=/etc/ca.pem&connect_timeout=5"
    )
    assert (t.pg["sslmode"], t.pg["sslrootcert"], t.pg["connect_timeout"]) == (
        "verify-ca",
        "/etc/ca.pem",
        "5",
    )
    with pytest.raises(InputError, match="无法识别的参数"):
        store_db.parse_target("postgresql://u@h/db?sslmod=require")
    # the old form keeps working
    t = store_db.parse_target("postgresql://postgres:pw@127.0.0.1:5432/x")
    assert t.pg == {
        "database": "x",
        "user": "postgres",
        "password": "pw",
        "host": "127.0.0.1",
        "port": 5432,
    }


def test_sslmode_is_honoured_by_the_driver():
    """A server URL demanding TLS from a server without it fails, with libpq's own reason."""
    pg = os.environ.get("DISCLOSURE_DESK_TEST_PG", "")
    if not pg:
        pytest.skip("DISCLOSURE_DESK_TEST_PG not set")
    import psycopg2

    from disclosure_desk.domain.errors import DeskError

    conn = psycopg2.connect(pg)
    ssl_on = conn.info.ssl_in_use if hasattr(conn, "info") else False
    with conn.cursor() as cur:
        cur.execute("SHOW ssl")
        server_ssl = cur.fetchone()[0] == "on"
    conn.close()
    if server_ssl or ssl_on:
        pytest.skip("the test server offers TLS")
    target = store_db.parse_target(pg + ("&" if "?" in pg else "?") + "sslmode=require")
    with pytest.raises(DeskError, match="SSL"):
        store_db.open_database(target)
