"""`config` shows this workstation's folders and connection and saves a connection; --version."""

from __future__ import annotations

import re

import pytest

from disclosure_desk.cli import main
from disclosure_desk.store import locations


@pytest.fixture
def pc(tmp_path, monkeypatch):
    monkeypatch.setattr(locations, "_windows", lambda: False)
    monkeypatch.setattr(locations.sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in (
        "XDG_DATA_HOME",
        "XDG_CONFIG_HOME",
        "XDG_STATE_HOME",
        "DISCLOSURE_DESK_DB",
        locations.ENV_CONFIG,
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(locations, "system_config_file", lambda: tmp_path / "etc" / "config.toml")
    return tmp_path


def test_config_shows_defaults_then_saves_a_server(pc, capsys):
    assert main(["config"]) == 0
    out = capsys.readouterr().out
    assert (
        f"数据库：{pc}/.local/share/disclosure-desk/disclosure-desk.sqlite3（来自默认位置（未配置））"
        in out
    )
    assert f"日志目录：{pc}/.local/state/disclosure-desk/log" in out
    assert (
        main(["config", "--set-db", "postgresql://desk@db.example.org/gongkai?sslmode=verify-full"])
        == 0
    )
    out = capsys.readouterr().out
    assert f"已写入配置文件 {pc}/.config/disclosure-desk/config.toml" in out
    assert "数据库：postgresql://db.example.org:5432/gongkai（来自配置文件" in out
    assert main(["--db", str(pc / "x.sqlite3"), "config"]) == 0
    assert "来自命令行参数 --db" in capsys.readouterr().out


def test_config_refuses_a_password_with_exit_2(pc, capsys):
    assert main(["config", "--set-db", "postgresql://desk:Secret123@db/gongkai"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "不能写数据库密码" in err and "Secret123" not in err
    assert not (pc / ".config" / "disclosure-desk" / "config.toml").exists()


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert re.fullmatch(r"disclosure-desk \d+\.\d+\.\d+\n", capsys.readouterr().out)
