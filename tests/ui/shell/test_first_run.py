"""First run in the window: the setup dialog creates a working database (and `init
--short-name` does the same from the command line)."""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure_desk.cli import main as cli_main
from disclosure_desk.services.applications import cases as svc
from disclosure_desk.services.common import auth, setup
from disclosure_desk.store.models import Unit
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.shell.first_run import FirstRunDialog, needs_first_run


@pytest.fixture
def fresh(tmp_path):
    yield tmp_path / "新机关" / "desk.sqlite3"
    setup.close()


def _fill(dlg, password="Qingshan@2026") -> None:
    dlg.agency.setText("青山区人民政府")
    dlg.short_name.setText("青山区政府")
    dlg.code.setText("000014349")
    dlg.admin.setText("admin")
    dlg.password.setText(password)
    dlg.password2.setText(password)


def test_first_run_dialog_creates_a_working_database(fresh, qtbot) -> None:
    script = dialogs.use(dialogs.ScriptedDialogs())
    target = setup.parse_target(str(fresh))
    assert needs_first_run(target)
    dlg = FirstRunDialog(target)
    qtbot.addWidget(dlg)
    assert dlg.local.isChecked() and dlg.path.text() == str(fresh)
    _fill(dlg)
    assert dlg.example.text().startswith("申请编号示例：青山区政府申〔")
    dlg.create_button.click()
    assert dlg.result() == FirstRunDialog.DialogCode.Accepted, dlg.message.text()
    assert fresh.exists() and not needs_first_run(setup.parse_target(str(fresh)))
    assert dlg.admin_login == "admin"
    assert script.calls[-1][1] == "数据库已创建" and "节假日数据" in script.calls[-1][2]
    # It works: sign in, register an application, numbered with the short name.
    setup.close()
    setup.open_target(setup.parse_target(str(fresh)))
    admin = auth.sign_in("admin", "Qingshan@2026")
    root = Unit.get(Unit.code == "ROOT")
    assert (root.name, root.short_name, root.index_prefix) == (
        "青山区人民政府",
        "青山区政府",
        "000014349",
    )
    app_id, _ = svc.register(
        admin,
        svc.NewApplication(
            unit_id=root.id,
            received_on=dt.date(2026, 3, 2),
            channel="当面",
            applicant_type="natural_person",
            applicant_name="张三",
            id_number="11010519491231002X",
            content="2025年区级财政预算执行情况",
        ),
    )
    from disclosure_desk.store.models import Application

    assert Application.get_by_id(app_id).reg_no.startswith("青山区政府申〔2026〕")


def test_first_run_dialog_says_what_is_wrong(fresh, qtbot) -> None:
    dialogs.use(dialogs.ScriptedDialogs())
    dlg = FirstRunDialog(setup.parse_target(str(fresh)))
    qtbot.addWidget(dlg)
    _fill(dlg)
    dlg.password2.setText("different@1")
    dlg.create_button.click()
    assert dlg.result() != FirstRunDialog.DialogCode.Accepted
    assert dlg.message.text() == "两次输入的密码不一致。" and not fresh.exists()
    _fill(dlg, password="short")
    dlg.create_button.click()
    assert "密码至少需要" in dlg.message.text()


def test_init_short_name_on_the_command_line(tmp_path, monkeypatch, capsys) -> None:
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", "Qingshan@2026")
    args = ["--db", str(path), "init", "--agency", "青山区人民政府", "--code", "000014349"]
    assert cli_main([*args, "--admin", "admin", "--short-name", "青山区政府"]) == 0
    assert "简称“青山区政府”" in capsys.readouterr().out
    setup.open_target(setup.parse_target(str(path)))
    try:
        assert Unit.get(Unit.code == "ROOT").short_name == "青山区政府"
    finally:
        setup.close()
