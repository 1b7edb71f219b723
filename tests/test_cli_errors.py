"""Each common mistake ends with one clear sentence on stderr, a non-zero exit and no traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ADMIN_PASSWORD = "Admin@2026"
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(
    *args: str, password: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
    if password is not None:
        env["DISCLOSURE_DESK_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "disclosure_desk.app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )


def assert_one_sentence(done: subprocess.CompletedProcess, *fragments: str) -> str:
    assert done.returncode != 0, done.stdout
    err = done.stderr.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert err.startswith("disclosure-desk:") and CJK.search(err), err
    for fragment in fragments:
        assert fragment in err, err
    return err


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "desk.sqlite3"
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


def test_wrong_password(desk):
    done = run("--db", str(desk), "--user", "admin", "audit", "verify", password="Wrong@2026")
    assert done.returncode == 1
    assert_one_sentence(done, "用户名或密码错误")
    assert (
        run(
            "--db", str(desk), "--user", "admin", "audit", "verify", password=ADMIN_PASSWORD
        ).returncode
        == 0
    )


def test_unknown_user(desk):
    done = run("--db", str(desk), "--user", "nobody", "audit", "verify", password=ADMIN_PASSWORD)
    assert_one_sentence(done, "用户名或密码错误")


def test_no_password_and_no_terminal(desk):
    done = run("--db", str(desk), "--user", "admin", "audit", "verify")
    assert done.returncode == 2
    assert_one_sentence(done, "DISCLOSURE_DESK_PASSWORD")


def test_missing_database_file(tmp_path):
    missing = tmp_path / "nowhere" / "desk.sqlite3"
    done = run("--db", str(missing), "audit", "verify")
    assert done.returncode == 2
    assert_one_sentence(done, "数据库文件不存在", "init")
    assert not missing.exists() and not missing.parent.exists()  # nothing created by accident


def test_not_a_database(tmp_path):
    bogus = tmp_path / "notes.sqlite3"
    bogus.write_text("这不是数据库\n" * 20, encoding="utf-8")
    done = run("--db", str(bogus), "audit", "verify")
    assert_one_sentence(done, "不是")


def test_unwritable_directory_even_as_root(tmp_path):
    """A path below a regular file cannot be created by anyone, root included."""
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    done = run(
        "--db",
        str(blocker / "sub" / "desk.sqlite3"),
        "init",
        "--agency",
        "某机关",
        "--code",
        "000014349",
        "--admin",
        "admin",
        password=ADMIN_PASSWORD,
    )
    assert_one_sentence(done, "无法创建数据目录")


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores permission bits"
)
def test_read_only_directory(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        done = run(
            "--db",
            str(ro / "desk.sqlite3"),
            "init",
            "--agency",
            "某机关",
            "--code",
            "000014349",
            "--admin",
            "admin",
            password=ADMIN_PASSWORD,
        )
        assert_one_sentence(done, "没有写入权限")
    finally:
        ro.chmod(0o700)


def test_read_only_filesystem_as_root(tmp_path):
    """/proc is read-only for root too: a second, permission-independent unwritable place."""
    target = Path("/proc/disclosure-desk-test/desk.sqlite3")
    done = run(
        "--db",
        str(target),
        "init",
        "--agency",
        "某机关",
        "--code",
        "000014349",
        "--admin",
        "admin",
        password=ADMIN_PASSWORD,
    )
    assert_one_sentence(done)


@pytest.mark.parametrize(
    ("url", "fragment", "code"),
    [
        ("mysql://x", "无法识别的数据库地址", 2),
        ("postgresql://", "缺少数据库名", 2),
        ("postgresql://u@127.0.0.1:notaport/db", "端口", 2),
        ("postgresql://u@127.0.0.1:1/db", "无法连接数据库服务器", 1),
    ],
)
def test_bad_db_url(url, fragment, code):
    done = run("--db", url, "audit", "verify")
    assert done.returncode == code
    assert_one_sentence(done, fragment)


def test_newer_database_refused_from_cli(desk, tmp_path):
    import shutil
    import sqlite3

    copy = tmp_path / "future.sqlite3"
    shutil.copyfile(desk, copy)
    conn = sqlite3.connect(str(copy))
    conn.execute(
        "INSERT INTO schema_migration (name, applied) VALUES ('0999_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    done = run("--db", str(copy), "audit", "verify")
    assert done.returncode == 1
    assert_one_sentence(done, "更新版本", "0999_future")


def test_bad_backup_file_refused(desk, tmp_path):
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(b"SQLite format 3\x00" + os.urandom(5000))
    done = run("--db", str(desk), "--user", "admin", "restore", str(bogus), password=ADMIN_PASSWORD)
    assert done.returncode == 2
    assert_one_sentence(done, "备份")
