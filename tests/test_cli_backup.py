"""`backup` / `restore` from the command line: an online copy, and a checked restore that keeps
the replaced database aside."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ADMIN_PASSWORD = "Admin@2026"


def run(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
    env["DISCLOSURE_DESK_PASSWORD"] = ADMIN_PASSWORD
    return subprocess.run(
        [sys.executable, "-m", "disclosure_desk.app", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def _units(path: Path) -> list[str]:
    conn = sqlite3.connect(str(path))
    try:
        return [r[0] for r in conn.execute("SELECT code FROM unit ORDER BY code")]
    finally:
        conn.close()


def test_backup_then_restore_round_trip(tmp_path):
    db = tmp_path / "desk.sqlite3"
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
        ).returncode
        == 0
    )
    copy = tmp_path / "copy.sqlite3"
    done = run("--db", str(db), "--user", "admin", "backup", "--to", str(copy))
    assert done.returncode == 0, done.stderr
    assert (
        run("--db", str(db), "--user", "admin", "backup", "--to", str(copy)).returncode == 2
    )  # never overwrite
    # Change the live database after the backup.
    assert (
        run(
            "--db",
            str(db),
            "--user",
            "admin",
            "demo",
            "--items",
            "5",
            "--applications",
            "2",
            "--units",
            "2",
        ).returncode
        == 0
    )
    assert "U01" in _units(db)
    done = run("--db", str(db), "--user", "admin", "restore", str(copy))
    assert done.returncode == 0, done.stderr
    assert _units(db) == ["ROOT"]
    kept = list((tmp_path / "backups").glob("desk-before-restore-*.sqlite3"))
    assert len(kept) == 1 and "U01" in _units(kept[0])
    assert str(kept[0]) in done.stdout
    assert run("--db", str(db), "--user", "admin", "audit", "verify").returncode == 0
    assert (
        run("--db", str(db), "--user", "admin", "backup").returncode == 0
    )  # default: into backups/ beside the file
    assert len(list((tmp_path / "backups").glob("desk-manual-*.sqlite3"))) == 1
