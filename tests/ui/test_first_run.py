"""First start on a workstation: create the local database, or name the district server."""
from __future__ import annotations

import os

import pytest

pytest.importorskip("PySide6")

from disclosure_desk.services import auth, setup, workstation  # noqa: E402
from disclosure_desk.store import locations  # noqa: E402
from disclosure_desk.ui.first_run import FirstRunDialog  # noqa: E402

PG_URL = os.environ.get("DISCLOSURE_DESK_TEST_PG", "")


@pytest.fixture
def fresh_pc(tmp_path, monkeypatch):
    monkeypatch.setattr(locations, "_windows", lambda: False)
    monkeypatch.setattr(locations.sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("DISCLOSURE_DESK_DB", raising=False)
    monkeypatch.delenv(locations.ENV_CONFIG, raising=False)
    monkeypatch.setattr(locations, "system_config_file", lambda: tmp_path / "etc" / "config.toml")
    yield tmp_path
    setup.close()


def test_a_fresh_pc_needs_the_first_run_dialog_and_then_not(fresh_pc):
    assert workstation.needs_first_run()
    (fresh_pc / "config" / "disclosure-desk").mkdir(parents=True)
    (fresh_pc / "config" / "disclosure-desk" / "config.toml").write_text(
        '[database]\nservice = "gongkai"\n', encoding="utf-8")
    assert not workstation.needs_first_run()


def test_this_pc_alone_creates_the_database_in_the_data_folder(qtbot, fresh_pc):
    dlg = FirstRunDialog()
    qtbot.addWidget(dlg)
    dlg.agency.setText("青山区人民政府")
    dlg.code.setText("000014349")
    dlg.password.setText("Admin@2026x1")
    dlg.password2.setText("Admin@2026x2")
    dlg.apply()
    assert dlg.message.text() == "两次输入的密码不一致。" and not dlg.result()
    dlg.password2.setText("Admin@2026x1")
    dlg.apply()
    assert dlg.result() == FirstRunDialog.DialogCode.Accepted, dlg.message.text()
    db_file = fresh_pc / "data" / "disclosure-desk" / "disclosure-desk.sqlite3"
    assert db_file.is_file()
    assert not workstation.needs_first_run()
    setup.open_target(setup.parse_target(None))
    assert auth.sign_in("admin", "Admin@2026x1").login == "admin"


def test_server_tab_refuses_an_unreachable_server_and_saves_nothing(qtbot, fresh_pc):
    dlg = FirstRunDialog()
    qtbot.addWidget(dlg)
    dlg.tabs.setCurrentIndex(1)
    dlg.apply()
    assert "请填写服务器地址" in dlg.message.text()
    dlg.host.setText("127.0.0.1")
    dlg.port.setValue(1)  # nothing listens there
    dlg.database.setText("gongkai")
    dlg.db_user.setText("gongkai_app")
    dlg.apply()
    assert "无法连接数据库服务器" in dlg.message.text() and not dlg.result()
    assert not locations.user_config_file().exists()


def test_server_tab_saves_the_connection_without_password(qtbot, fresh_pc, db):
    if not PG_URL:
        pytest.skip("DISCLOSURE_DESK_TEST_PG not set")
    import urllib.parse

    url = urllib.parse.urlparse(db.target.url)
    setup.close()
    os.environ["PGPASSWORD"] = url.password or ""  # stands in for ~/.pgpass
    try:
        dlg = FirstRunDialog()
        qtbot.addWidget(dlg)
        dlg.tabs.setCurrentIndex(1)
        dlg.host.setText(url.hostname)
        dlg.port.setValue(url.port or 5432)
        dlg.database.setText(url.path.lstrip("/"))
        dlg.db_user.setText(url.username)
        dlg.sslmode.setCurrentIndex(dlg.sslmode.findData("prefer"))
        dlg.apply()
        assert dlg.result() == FirstRunDialog.DialogCode.Accepted, dlg.message.text()
    finally:
        del os.environ["PGPASSWORD"]
    text = locations.user_config_file().read_text(encoding="utf-8")
    assert f'url = "postgresql://{url.username}@{url.hostname}:{url.port or 5432}{url.path}?sslmode=prefer"' in text
    assert f":{url.password}@" not in text and "password" not in text
