"""No implicit operator (PRODUCT.md §4.1), tried from the command line as a colleague with the
database file would: every command that opens a database needs a signed-in user, except the
read-only deadline, scan and calendar show."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ADMIN_PASSWORD = "Admin@2026"


def run(
    *args: str, password: str | None = None, user: str | None = None, extra: dict | None = None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
    env.pop("USER", None)
    env["LOGNAME"] = "root"
    if password is not None:
        env["DISCLOSURE_DESK_PASSWORD"] = password
    if user is not None:
        env["DISCLOSURE_DESK_USER"] = user
    env.update(extra or {})
    return subprocess.run(
        [sys.executable, "-m", "disclosure_desk.app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("signin") / "desk.sqlite3"
    done = run(
        "--db",
        str(path),
        "init",
        "--agency",
        "青山区人民政府",
        "--code",
        "000014349",
        "--admin",
        "admin",
        password=ADMIN_PASSWORD,
    )
    assert done.returncode == 0, done.stderr
    return path


def test_database_file_is_owner_only(desk):
    assert stat.S_IMODE(desk.stat().st_mode) & 0o077 == 0


@pytest.mark.parametrize(
    "command",
    [
        ["audit", "verify"],
        ["items", "search", "通知"],
        ["items", "export", "-"],
        ["applications", "export", "out.csv"],
        ["backup"],
        ["report", "annual", "--year", "2025", "--json", "-"],
        ["calendar", "import", "none.csv"],
        ["demo", "--items", "1", "--applications", "1"],
        ["gui", "--screenshot", "shot.png"],
    ],
)
def test_every_database_command_needs_a_user(desk, command, tmp_path):
    # Even with the administrator's password in the environment, no login means no access.
    done = run("--db", str(desk), *command, password=ADMIN_PASSWORD)
    assert done.returncode == 1, done.stdout
    err = done.stderr.strip()
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert "--user" in err and "DISCLOSURE_DESK_USER" in err
    assert not (tmp_path / "out.csv").exists()


def test_env_user_signs_in_and_is_audited(desk):
    done = run("--db", str(desk), "audit", "verify", user="admin", password=ADMIN_PASSWORD)
    assert done.returncode == 0, done.stderr
    import sqlite3

    conn = sqlite3.connect(str(desk))
    users = {r[0] for r in conn.execute("SELECT user_login FROM audit_entry")}
    conn.close()
    assert not any(u.startswith("cli:") for u in users)  # the old implicit operator is gone
    assert "admin" in users


def test_wrong_password_with_env_user(desk):
    done = run("--db", str(desk), "items", "search", "x", user="admin", password="Wrong2026abc")
    assert done.returncode == 1 and "用户名或密码错误" in done.stderr


def test_read_only_commands_run_without_signing_in(desk, tmp_path):
    done = run("--db", str(desk), "deadline", "--received", "2025-09-01", "--json")
    assert done.returncode == 0, done.stderr
    done = run("--db", str(desk), "calendar", "show", "2025")
    assert done.returncode == 0, done.stderr
    text = tmp_path / "a.txt"
    text.write_text("普通的通知正文。", encoding="utf-8")
    done = run("--db", str(desk), "scan", str(text))
    assert done.returncode == 0, done.stderr
    # … and sign in when --user is given (a wrong password is refused, not ignored).
    done = run(
        "--db", str(desk), "--user", "admin", "calendar", "show", "2025", password="Wrong2026abc"
    )
    assert done.returncode == 1 and "用户名或密码错误" in done.stderr
    done = run("--db", str(desk), "--user", "admin", "scan", str(text), password="Wrong2026abc")
    assert done.returncode == 1 and "用户名或密码错误" in done.stderr


def test_demo_only_once_and_demo_accounts_must_change_password(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert (
        run(
            "--db",
            str(db),
            "init",
            "--agency",
            "青山区人民政府",
            "--code",
            "000014349",
            "--admin",
            "admin",
            password=ADMIN_PASSWORD,
        ).returncode
        == 0
    )
    first = run(
        "--db",
        str(db),
        "--user",
        "admin",
        "demo",
        "--items",
        "5",
        "--applications",
        "3",
        "--units",
        "2",
        password=ADMIN_PASSWORD,
    )
    assert first.returncode == 0, first.stderr
    again = run(
        "--db",
        str(db),
        "--user",
        "admin",
        "demo",
        "--items",
        "5",
        "--applications",
        "3",
        "--units",
        "2",
        password=ADMIN_PASSWORD,
    )
    assert again.returncode == 2
    assert "已有" in again.stderr and "Traceback" not in again.stderr
    assert len(again.stderr.strip().splitlines()) == 1
    from disclosure_desk.services.admin.demo import DEMO_PASSWORD

    done = run(
        "--db", str(db), "--user", "leader", "items", "search", "通知", password=DEMO_PASSWORD
    )
    assert done.returncode == 1 and "修改初始密码" in done.stderr
    changed = run(
        "--db",
        str(db),
        "--user",
        "leader",
        "password",
        password=DEMO_PASSWORD,
        extra={"DISCLOSURE_DESK_NEW_PASSWORD": "Leader2026own"},
    )
    assert changed.returncode == 0, changed.stderr
    done = run(
        "--db", str(db), "--user", "leader", "items", "search", "通知", password="Leader2026own"
    )
    assert done.returncode == 0, done.stderr


def test_init_refuses_a_weak_administrator_password(tmp_path):
    done = run(
        "--db",
        str(tmp_path / "weak.sqlite3"),
        "init",
        "--agency",
        "某机关",
        "--code",
        "000014349",
        "--admin",
        "admin",
        password="password123",
    )
    assert done.returncode == 2 and "常见" in done.stderr
    assert "password123" not in done.stderr
