"""Attacks and accidents that need real parallel processes: password guessing past the lockout,
two imports started at the same moment, a restore while another workstation is connected."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from disclosure_desk.services.admin import audit as audit_service
from disclosure_desk.services.items import spreadsheets as items_io
from disclosure_desk.store.models import AuditEntry, Item, Unit, User

GUESSER = r"""
import sys, time
from disclosure_desk.domain.errors import PermissionDenied
from disclosure_desk.services.common import auth, setup
target, start_at, guesses = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
setup.open_target(setup.parse_target(target))
while time.time() < start_at:
    time.sleep(0.002)
checked = 0
for i in range(guesses):
    try:
        auth.sign_in("victim", f"Guess{i:04d}abc")
    except PermissionDenied as exc:
        if "锁定" in exc.message and "连续错误" not in exc.message:
            continue  # refused before any password was checked
        checked += 1
print("checked", checked)
"""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    return env


def test_eight_parallel_guessers_get_no_more_than_the_lockout(db):
    """Today's threat: 8 processes got 40 guesses past a 5-failure lockout."""
    db.user("victim", password="Victim2026ok")
    target = db.target.url or str(db.path)
    start_at = time.time() + 3.0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", GUESSER, target, str(start_at), "10"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for _ in range(8)
    ]
    outputs = [p.communicate(timeout=300) for p in procs]
    checked = 0
    for proc, (out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        checked += int(out.split()[-1])
    # Failures recorded in the log are the passwords actually tried: exactly the lockout's 5.
    failed = AuditEntry.select().where(AuditEntry.action == "signin.failed").count()
    assert failed == 5
    assert checked == 5
    assert User.get(User.login == "victim").locked_until is not None


IMPORTER = r"""
import sys, time
from disclosure_desk.services.common import auth, setup
from disclosure_desk.services.items import spreadsheets as items_io
target, sheet, start_at = sys.argv[1], sys.argv[2], float(sys.argv[3])
setup.open_target(setup.parse_target(target))
admin = auth.sign_in("admin", "Admin@2026")
while time.time() < start_at:
    time.sleep(0.002)
report = items_io.import_items(admin, sheet)
print("imported", report.imported, report.ok)
"""


def _sheet(path: Path, prefix: str, n: int) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, list(items_io.ITEM_HEADERS))
        w.writeheader()
        for i in range(n):
            w.writerow(
                {h: "" for h in items_io.ITEM_HEADERS}
                | {"标题": f"{prefix}通知{i}", "公开属性": "主动公开"}
            )
    return path


def test_two_imports_at_the_same_moment_both_land(db, tmp_path):
    if db.path is None:
        pytest.skip("before-import backups are file copies (SQLite)")
    sheets = [_sheet(tmp_path / f"{p}.csv", p, 30) for p in ("甲", "乙")]
    start_at = time.time() + 3.0
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORTER, str(db.path), str(s), str(start_at)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        for s in sheets
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert out.strip() == "imported 30 True", (out, err)
    assert Item.select().count() == 60
    kept = sorted((db.path.parent / "backups").glob("desk-before-import-*.sqlite3"))
    assert len(kept) == 2
    assert audit_service.verify(db.admin).ok


WORKSTATION = r"""
import sys, time
from pathlib import Path
from disclosure_desk.services.common import auth, setup
from disclosure_desk.services.admin import users
target, go = sys.argv[1], Path(sys.argv[2])
setup.open_target(setup.parse_target(target))
admin = auth.sign_in("admin", "Admin@2026")
print("ready", flush=True)
while not go.exists():
    time.sleep(0.02)
users.create_unit(admin, "LATE", "恢复后登记的单位")
print("done", flush=True)
"""


def test_restore_keeps_a_connected_workstations_later_commit(db, tmp_path):
    if db.path is None:
        pytest.skip("file restore is for SQLite databases")
    from disclosure_desk.services.admin import backups

    first = backups.backup_now(db.admin)
    db.unit("GONE", "恢复后应消失的单位")
    go = tmp_path / "go"
    other = subprocess.Popen(
        [sys.executable, "-c", WORKSTATION, str(db.path), str(go)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    assert other.stdout.readline().strip() == "ready"
    backups.restore_from(db.admin, first)  # the other workstation stays connected
    go.write_text("x")
    out, err = other.communicate(timeout=120)
    assert other.returncode == 0, err
    codes = {u.code for u in Unit.select()}
    assert "GONE" not in codes  # the restore happened …
    assert "LATE" in codes  # … and the later commit of the connected workstation was kept
    assert audit_service.verify(db.admin).ok
