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


# --- issue 13: more mistakes and accidents, each one clear sentence -------------------------


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["deadline", "--received", "9999-12-31"], "超出可计算的范围"),
        (["deadline", "--received", "0001-01-01", "--json"], "超出可计算的范围"),
        (["calendar", "show", "0"], "不在有效范围内"),
        (["calendar", "show", "99999"], "不在有效范围内"),
    ],
)
def test_far_off_dates_and_years(args, fragment, tmp_path):
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert_one_sentence(done, fragment)


def test_report_year_zero(desk, tmp_path):
    for args in (
        ["report", "quarterly", "--year", "0", "--quarter", "1", "--pdf", str(tmp_path / "q.pdf")],
        ["report", "annual", "--year", "0", "--json", "-"],
    ):
        done = run("--db", str(desk), "--user", "admin", *args, password=ADMIN_PASSWORD)
        assert done.returncode == 2
        assert_one_sentence(done, "不在有效范围内")


def test_db_is_a_directory(tmp_path):
    done = run("--db", str(tmp_path), "--user", "admin", "audit", "verify", password=ADMIN_PASSWORD)
    assert done.returncode == 2
    assert_one_sentence(done, "文件夹")


def test_corrupt_database_file(desk, tmp_path):
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(desk.read_bytes()[:100] + os.urandom(40_000))
    done = run("--db", str(broken), "--user", "admin", "audit", "verify", password=ADMIN_PASSWORD)
    assert done.returncode == 1
    assert_one_sentence(done, "已损坏", "restore")


HOLDER = r"""
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
conn.execute("UPDATE unit SET address = address")
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
"""


def test_database_locked_by_another_program_names_it(desk, tmp_path):
    """Another program (here a Python script; in real life a DB browser) holds the write lock:
    the command waits the configured time, then says who holds the file."""
    import shutil

    copy = tmp_path / "held.sqlite3"
    shutil.copyfile(desk, copy)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(copy), "30"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
        env.update(DISCLOSURE_DESK_PASSWORD=ADMIN_PASSWORD, DISCLOSURE_DESK_LOCK_WAIT="2")
        import time

        t0 = time.monotonic()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "disclosure_desk.app",
                "--db",
                str(copy),
                "--user",
                "admin",
                "items",
                "search",
                "通知",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        waited = time.monotonic() - t0
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1
    assert_one_sentence(done, "占用", f"PID {holder.pid}", "2 秒")
    assert 2 <= waited < 30  # a bounded wait, not forever


def test_disk_full_while_importing(desk, tmp_path, monkeypatch, capsys):
    """SQLite's max_page_count makes the database "full" exactly as a full disk would."""
    import shutil

    from disclosure_desk.cli import main
    from disclosure_desk.services.common import setup
    from disclosure_desk.store.models import database_proxy

    copy = tmp_path / "full.sqlite3"
    shutil.copyfile(desk, copy)
    sheet = tmp_path / "many.csv"
    from disclosure_desk.services.items.spreadsheets import ITEM_HEADERS

    with open(sheet, "w", encoding="utf-8-sig") as fh:
        fh.write(",".join(ITEM_HEADERS) + "\n")
        for i in range(3000):
            fh.write(f",关于第{i}批老旧小区改造项目的通知{'甲' * 200},,,,,主动公开,,,,,,,,\n")
    real_open = setup.open_target

    def open_then_fill(target, **kw):
        real_open(target, **kw)
        pages = database_proxy.obj.execute_sql("PRAGMA page_count").fetchone()[0]
        database_proxy.obj.execute_sql(f"PRAGMA max_page_count = {pages + 5}")

    monkeypatch.setattr(setup, "open_target", open_then_fill)
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code = main(["--db", str(copy), "--user", "admin", "items", "import", str(sheet)])
    err = capsys.readouterr().err.strip()
    assert code == 1
    assert "磁盘空间不足" in err and "Traceback" not in err and len(err.splitlines()) == 1
    import sqlite3

    conn = sqlite3.connect(str(copy))
    assert conn.execute("SELECT count(*) FROM item").fetchone()[0] == 0  # nothing half-written
    conn.close()


def test_disk_full_while_exporting(desk, tmp_path, monkeypatch, capsys):
    import errno

    from disclosure_desk.cli import main
    from disclosure_desk.files import spreadsheet

    def no_space(*args, **kw):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "out.xlsx"))

    monkeypatch.setattr(spreadsheet, "write_table", no_space)
    monkeypatch.setenv("DISCLOSURE_DESK_PASSWORD", ADMIN_PASSWORD)
    code = main(
        ["--db", str(desk), "--user", "admin", "items", "export", str(tmp_path / "out.xlsx")]
    )
    err = capsys.readouterr().err.strip()
    assert code == 1 and "磁盘空间不足" in err and len(err.splitlines()) == 1


def test_no_user_is_refused_with_one_sentence(desk):
    done = run("--db", str(desk), "audit", "verify", password=ADMIN_PASSWORD)
    assert done.returncode == 1
    assert_one_sentence(done, "--user")
