"""Crash-safety bench: SIGKILL a writer at random moments, then check the database.

Two workloads run in a child process on a SQLite file:

* ``import`` — one large all-or-nothing write (``disclosure-desk demo``: thousands of items and
  applications in one transaction), standing in for a bulk import;
* ``items-import`` — ``disclosure-desk items import`` of a few thousand rows (one transaction,
  rows tagged with one ``import_batch``);
* ``edits`` — a stream of small audited edits (unit renames through services/admin/users.py).

After every kill: ``PRAGMA integrity_check`` is ``ok``, the audit chain verifies, and the write
is wholly present or wholly absent (import), or the record matches its last audit entry (edits).

    python -m bench.bench_reliability --kills 50            # long form (all workloads)
    python -m bench.bench_reliability --kills 8 --items 5000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PASSWORD = "Admin@2026"
APP = [sys.executable, "-m", "disclosure_desk.app"]

EDIT_WORKER = """
import sys
from disclosure_desk.services.common import auth, setup
from disclosure_desk.services.admin import users
from disclosure_desk.store.models import Unit
setup.open_target(setup.parse_target(sys.argv[1]))
admin = auth.sign_in("admin", "Admin@2026")
root = Unit.get(Unit.code == "ROOT").id
i = 0
print("ready", flush=True)
while True:
    i += 1
    users.update_unit(admin, root, name=f"名称{i}", index_prefix=f"P{i}")
"""


@dataclass(frozen=True)
class KillResult:
    workload: str
    delay: float
    outcome: str  # "absent" / "present" / "edits=N"
    ok: bool
    problem: str = ""
    writing: bool = False  # a write transaction held the database's write lock at the kill

    @property
    def inside_write(self) -> bool:
        """The kill interrupted a write: it was in progress at the kill and left nothing behind."""
        return self.writing and self.outcome == "absent"


def writer_active(path: Path) -> bool:
    """True when another process holds the write lock (is inside a write transaction)."""
    conn = sqlite3.connect(str(path), timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    else:
        conn.execute("ROLLBACK")
        return False
    finally:
        conn.close()


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISCLOSURE_DESK_")}
    env["DISCLOSURE_DESK_PASSWORD"] = PASSWORD
    env["DISCLOSURE_DESK_USER"] = "admin"  # no implicit operator: every command signs in
    return env


def make_template(workdir: Path) -> Path:
    path = workdir / "template.sqlite3"
    subprocess.run(
        [
            *APP,
            "--db",
            str(path),
            "init",
            "--agency",
            "青山区人民政府",
            "--code",
            "000014349",
            "--admin",
            "admin",
        ],
        check=True,
        env=_env(),
        capture_output=True,
    )
    return path


def make_items_fixture(template: Path, workdir: Path, items: int) -> tuple[Path, Path]:
    """(database with the demo units but no items, .csv of ``items`` items for those units)."""
    base = workdir / "items-base.sqlite3"
    source = workdir / "items-source.sqlite3"
    shutil.copyfile(template, base)
    shutil.copyfile(template, source)
    for path, n in ((base, 0), (source, items)):
        subprocess.run(_import_cmd(path, n, 0), check=True, env=_env(), capture_output=True)
    sheet = workdir / "items.csv"
    subprocess.run(
        [*APP, "--db", str(source), "items", "export", str(sheet)],
        check=True,
        env=_env(),
        capture_output=True,
    )
    return base, sheet


def _import_cmd(path: Path, items: int, applications: int) -> list[str]:
    return [
        *APP,
        "--db",
        str(path),
        "demo",
        "--items",
        str(items),
        "--applications",
        str(applications),
        "--units",
        "4",
        "--seed",
        "11",
    ]


def _audit_ok(path: Path) -> tuple[bool, str]:
    done = subprocess.run(
        [*APP, "--db", str(path), "audit", "verify"],
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    return done.returncode == 0, done.stderr.strip()


def check(path: Path, workload: str, items: int, applications: int) -> tuple[str, str]:
    """(outcome, problem); problem is "" when the database passed every check."""
    conn = sqlite3.connect(str(path))
    try:
        integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
        if integrity != "ok":
            return "", f"integrity_check: {integrity}"
        if workload == "import":
            runs = conn.execute(
                "SELECT count(*) FROM audit_entry WHERE action = 'demo.generate'"
            ).fetchone()[0]
            n_items = conn.execute("SELECT count(*) FROM item").fetchone()[0]
            n_apps = conn.execute("SELECT count(*) FROM application").fetchone()[0]
            n_units = conn.execute("SELECT count(*) FROM unit").fetchone()[0]
            if runs == 0 and (n_items, n_apps, n_units) == (0, 0, 1):
                outcome = "absent"
            elif runs == 1 and (n_items, n_apps) == (items, applications):
                outcome = "present"
            else:
                return (
                    "",
                    f"partial write: runs={runs} items={n_items} applications={n_apps} units={n_units}",
                )
        elif workload == "items-import":
            q = conn.execute
            batched = q("SELECT count(*) FROM item WHERE import_batch IS NOT NULL").fetchone()[0]
            batches = q("SELECT count(DISTINCT import_batch) FROM item").fetchone()[0]
            audited = q("SELECT count(*) FROM audit_entry WHERE action = 'item.import'").fetchone()[
                0
            ]
            n_items = q("SELECT count(*) FROM item").fetchone()[0]
            if (batched, audited, n_items) == (0, 0, 0):
                outcome = "absent"
            elif batched == audited == n_items == items and batches == 1:
                outcome = "present"
            else:
                return "", (
                    f"partial import: items={n_items} batched={batched} audited={audited} "
                    f"batches={batches}"
                )
        elif workload == "edits":
            name = conn.execute(
                "SELECT name, index_prefix FROM unit WHERE code = 'ROOT'"
            ).fetchone()
            last = conn.execute(
                "SELECT after FROM audit_entry WHERE action = 'unit.edit' ORDER BY id DESC LIMIT 1"
            ).fetchone()
            edits = conn.execute(
                "SELECT count(*) FROM audit_entry WHERE action = 'unit.edit'"
            ).fetchone()[0]
            expected = ("青山区人民政府", "000014349")
            if last is not None:
                after = json.loads(last[0])
                expected = (after["name"], after["index_prefix"])
            if tuple(name) != expected or (edits and expected[0] != f"名称{edits}"):
                return (
                    "",
                    f"record {tuple(name)} does not match its last audit entry {expected} ({edits} edits)",
                )
            outcome = f"edits={edits}"
        else:
            raise ValueError(f"unknown workload {workload}")
    finally:
        conn.close()
    ok, message = _audit_ok(path)
    if not ok:
        return outcome, f"audit verify failed: {message}"
    return outcome, ""


def measure_import(template: Path, workdir: Path, items: int, applications: int) -> float:
    path = workdir / "measure.sqlite3"
    shutil.copyfile(template, path)
    start = time.monotonic()
    subprocess.run(
        _import_cmd(path, items, applications), check=True, env=_env(), capture_output=True
    )
    return time.monotonic() - start


def kill_once(
    template: Path,
    workdir: Path,
    workload: str,
    delay: float,
    items: int,
    applications: int,
    n: int,
    sheet: Path | None = None,
    after_lock: float | None = None,
) -> KillResult:
    """Kill the writer ``delay`` seconds after it started, or — with ``after_lock`` — that many
    seconds after its write transaction began (aimed inside the write)."""
    path = workdir / f"kill-{workload}-{n}.sqlite3"
    shutil.copyfile(template, path)
    quiet = {"env": _env(), "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if workload == "items-import":
        assert sheet is not None
        proc = subprocess.Popen([*APP, "--db", str(path), "items", "import", str(sheet)], **quiet)
    elif workload == "import":
        proc = subprocess.Popen(_import_cmd(path, items, applications), **quiet)
    else:
        proc = subprocess.Popen(
            [sys.executable, "-c", EDIT_WORKER, str(path)],
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        assert proc.stdout is not None
        proc.stdout.readline()  # "ready": signed in, edits start now
    if after_lock is None:
        time.sleep(delay)
    else:
        start = time.monotonic()
        while proc.poll() is None and not writer_active(path) and time.monotonic() - start < 120:
            time.sleep(0.02)
        time.sleep(after_lock)
        delay = time.monotonic() - start
    writing = proc.poll() is None and writer_active(path)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    outcome, problem = check(path, workload, items, applications)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return KillResult(workload, round(delay, 3), outcome, not problem, problem, writing)


def measure_items_import(base: Path, sheet: Path, workdir: Path) -> float:
    path = workdir / "measure-items.sqlite3"
    shutil.copyfile(base, path)
    start = time.monotonic()
    subprocess.run(
        [*APP, "--db", str(path), "items", "import", str(sheet)],
        check=True,
        env=_env(),
        capture_output=True,
    )
    return time.monotonic() - start


WORKLOADS = ("import", "items-import", "edits")
# Kill moments are spread over this multiple of the measured run time: most land inside the
# write (which commits at its very end), some after it, so both outcomes are exercised.
SPAN = 1.4


def run(
    kills: int,
    items: int = 12000,
    applications: int = 2000,
    seed: int = 1,
    workloads: tuple[str, ...] = WORKLOADS,
    workdir: Path | None = None,
    log=None,
    import_rows: int = 3000,
    aim_inside: bool = False,
) -> list[KillResult]:
    """``kills`` kills per workload; returns every result (check ``ok``). With ``aim_inside``
    every other kill of an import waits for its write transaction and lands 0.05–0.5 s into it."""
    rng = random.Random(seed)
    own = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="dd-kill-")) if workdir is None else workdir
    results: list[KillResult] = []
    try:
        template = make_template(workdir)
        spans = {"edits": 1.5}
        if "import" in workloads:
            spans["import"] = measure_import(template, workdir, items, applications) * SPAN
        sheet = None
        items_base = template
        if "items-import" in workloads:
            items_base, sheet = make_items_fixture(template, workdir, import_rows)
            spans["items-import"] = measure_items_import(items_base, sheet, workdir) * SPAN
        for workload in workloads:
            base = items_base if workload == "items-import" else template
            count = import_rows if workload == "items-import" else items
            for n in range(kills):
                # Most kills land inside the write; a few after it has committed.
                delay = rng.uniform(0.05, spans[workload])
                aimed = aim_inside and workload != "edits" and n % 2 == 0
                after = rng.uniform(0.05, 0.5) if aimed else None
                result = kill_once(
                    base, workdir, workload, delay, count, applications, n, sheet, after
                )
                results.append(result)
                if log:
                    log(result)
    finally:
        if own:
            shutil.rmtree(workdir, ignore_errors=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=50, help="kills per workload (default 50)")
    parser.add_argument("--items", type=int, default=12000)
    parser.add_argument("--applications", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--import-rows", type=int, default=3000, help="rows of the items import file"
    )
    parser.add_argument("--workload", choices=(*WORKLOADS, "all"), default="all")
    args = parser.parse_args(argv)
    workloads = WORKLOADS if args.workload == "all" else (args.workload,)

    def log(r: KillResult) -> None:
        print(
            f"{r.workload:6} kill at {r.delay:6.3f}s → {r.outcome or '-':12} {'ok' if r.ok else r.problem}",
            flush=True,
        )

    results = run(
        args.kills,
        args.items,
        args.applications,
        args.seed,
        workloads,
        log=log,
        import_rows=args.import_rows,
    )
    bad = [r for r in results if not r.ok]
    outcomes: dict[str, int] = {}
    for r in results:
        key = f"{r.workload}:{r.outcome}" if r.workload != "edits" else "edits"
        outcomes[key] = outcomes.get(key, 0) + 1
    print(f"{len(results)} kills, {len(bad)} failures; outcomes {outcomes}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
