"""The benchmark workload: one district database built once by the real CLI and then reused.

``ensure_workload()`` runs ``disclosure-desk init`` and ``disclosure-desk demo --units 31 --items
200000 --applications 50000`` into ``bench/.work/district-<items>-<apps>.sqlite3`` (gitignored),
timing the generation and recording its peak RSS in a sidecar ``.json``. The database is reused
while the sidecar's fingerprint (demo generator, models and migrations) still matches, so a
schema change or a new demo generator rebuilds it instead of benchmarking a stale file.

Sub-benchmarks call ``workload_db()``: it honours ``DISCLOSURE_DESK_BENCH_DB`` (set by
``python -m bench`` when it re-runs a sub-benchmark against PostgreSQL) and otherwise returns the
SQLite path. ``ensure_pg_workload()`` builds the same data set in a fresh PostgreSQL database.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.parse
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Where workloads are cached; tests point it at a temporary directory.
WORK = Path(os.environ.get("DISCLOSURE_DESK_BENCH_WORK") or ROOT / "bench" / ".work")
PASSWORD = "Admin@2026"
AGENCY = "青山区人民政府"
AGENCY_CODE = "000014349"
ADMIN = "admin"
ENV_BENCH_DB = "DISCLOSURE_DESK_BENCH_DB"
ENV_BENCH_PG = "DISCLOSURE_DESK_BENCH_PG"
FULL_ITEMS, FULL_APPLICATIONS, FULL_UNITS = 200_000, 50_000, 31


@dataclass(frozen=True)
class BuildInfo:
    """How a workload was produced: what the demo-generation benchmark reports."""

    db: str
    items: int
    applications: int
    units: int
    init_s: float
    demo_s: float
    demo_peak_rss_mb: float
    built_at: str
    fingerprint: str
    cached: bool = False


def _fingerprint() -> str:
    """Hash of what shapes the generated file: the demo generator and the list of migrations.

    A new migration or generator means rebuild; an unrelated edit to models.py does not (opening
    the file migrates it anyway)."""
    pkg = ROOT / "disclosure_desk"
    h = hashlib.sha1((pkg / "services" / "admin" / "demo.py").read_bytes())
    for p in sorted((pkg / "store" / "migrations").glob("[0-9]*.py")):
        h.update(p.name.encode())
    return h.hexdigest()[:16]


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["DISCLOSURE_DESK_PASSWORD"] = PASSWORD
    env["DISCLOSURE_DESK_USER"] = "admin"  # no implicit operator: every command signs in
    env.pop("DISCLOSURE_DESK_DB", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _run_cli(db: str, *args: str) -> tuple[float, float]:
    """Run one CLI command in a child; return (wall seconds, that child's peak RSS in MB)."""
    cmd = [
        sys.executable,
        "-c",
        "from disclosure_desk.app import main; raise SystemExit(main())",
        "--db",
        db,
        *args,
    ]
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, env=cli_env(), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        # Reap the child with wait4 so the peak RSS is this child's alone.
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.perf_counter() - t0
        out.seek(0)
        text = out.read().decode(errors="replace")
    rss_mb = usage.ru_maxrss / 1024
    if proc.returncode != 0:
        raise RuntimeError(f"disclosure-desk {' '.join(args)} failed ({proc.returncode}):\n{text}")
    return elapsed, rss_mb


def _build(db: str, items: int, applications: int, units: int) -> BuildInfo:
    init_s, _ = _run_cli(db, "init", "--agency", AGENCY, "--code", AGENCY_CODE, "--admin", ADMIN)
    demo_s, rss = _run_cli(
        db,
        "demo",
        "--units",
        str(units),
        "--items",
        str(items),
        "--applications",
        str(applications),
    )
    return BuildInfo(
        db=db,
        items=items,
        applications=applications,
        units=units,
        init_s=round(init_s, 2),
        demo_s=round(demo_s, 2),
        demo_peak_rss_mb=round(rss, 1),
        built_at=time.strftime("%Y-%m-%d %H:%M:%S"),
        fingerprint=_fingerprint(),
    )


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def load_info(path: Path) -> BuildInfo | None:
    side = _sidecar(path)
    if not path.exists() or not side.exists():
        return None
    try:
        data = json.loads(side.read_text(encoding="utf-8"))
        info = BuildInfo(**{**data, "cached": True})
    except (ValueError, TypeError):
        return None
    return info if info.fingerprint == _fingerprint() else None


def workload_path(items: int = FULL_ITEMS, applications: int = FULL_APPLICATIONS) -> Path:
    return WORK / f"district-{items}-{applications}.sqlite3"


def ensure_workload_info(
    items: int = FULL_ITEMS,
    applications: int = FULL_APPLICATIONS,
    units: int = FULL_UNITS,
    rebuild: bool = False,
) -> BuildInfo:
    """Build the SQLite workload unless a matching one exists; return how it was built."""
    path = workload_path(items, applications)
    info = None if rebuild else load_info(path)
    if info is not None:
        return info
    WORK.mkdir(parents=True, exist_ok=True)
    # The sidecar is written last: a half-built file (crash, Ctrl-C) has none and is rebuilt.
    for stale in (_sidecar(path), path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        stale.unlink(missing_ok=True)
    info = _build(str(path), items, applications, units)
    _sidecar(path).write_text(
        json.dumps(asdict(info), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return info


def ensure_workload(
    items: int | None = None, applications: int | None = None, units: int = FULL_UNITS
) -> Path:
    """Path of the SQLite workload database, building it on first use.

    Sizes default to what ``python -m bench`` asked for (``--quick`` is smaller), else 200,000
    items and 50,000 applications."""
    default_items, default_apps = requested_size()
    items = default_items if items is None else items
    applications = default_apps if applications is None else applications
    ensure_workload_info(items, applications, units)
    return workload_path(items, applications)


def workload_db(
    items: int | None = None, applications: int | None = None, units: int = FULL_UNITS
) -> str:
    """What a sub-benchmark opens: the override in ``DISCLOSURE_DESK_BENCH_DB`` or the SQLite file."""
    override = os.environ.get(ENV_BENCH_DB, "").strip()
    if override:
        return override
    return str(ensure_workload(items, applications, units))


def requested_size() -> tuple[int, int]:
    """The workload size the runner asked for (``--quick`` passes a smaller one)."""
    items = int(os.environ.get("DISCLOSURE_DESK_BENCH_ITEMS", FULL_ITEMS))
    apps = int(os.environ.get("DISCLOSURE_DESK_BENCH_APPLICATIONS", FULL_APPLICATIONS))
    return items, apps


# ---- PostgreSQL -------------------------------------------------------------------------------


def _pg_url_with_db(server_url: str, database: str) -> str:
    parsed = urllib.parse.urlparse(server_url)
    return urllib.parse.urlunparse(parsed._replace(path="/" + database))


def _pg_admin(server_url: str):
    import psycopg2

    parsed = urllib.parse.urlparse(server_url)
    conn = psycopg2.connect(
        dbname=(parsed.path.lstrip("/") or "postgres"),
        user=urllib.parse.unquote(parsed.username or ""),
        password=urllib.parse.unquote(parsed.password or ""),
        host=parsed.hostname or "localhost",
        port=parsed.port or 5432,
    )
    conn.autocommit = True
    return conn


def ensure_pg_workload(
    server_url: str,
    items: int = FULL_ITEMS,
    applications: int = FULL_APPLICATIONS,
    units: int = FULL_UNITS,
) -> BuildInfo:
    """Build the workload in database ``dd_bench_<items>_<apps>`` on the server, once per fingerprint."""
    name = f"dd_bench_{items}_{applications}"
    url = _pg_url_with_db(server_url, name)
    side = WORK / f"{name}.pg.json"
    if side.exists():
        try:
            data = json.loads(side.read_text(encoding="utf-8"))
            if data.get("fingerprint") == _fingerprint() and data.get("db") == url:
                conn = _pg_admin(server_url)
                with conn.cursor() as cur:
                    cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                    exists = cur.fetchone() is not None
                conn.close()
                if exists:
                    return BuildInfo(**{**data, "cached": True})
        except (ValueError, TypeError):
            pass
    conn = _pg_admin(server_url)
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cur.execute(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
    conn.close()
    WORK.mkdir(parents=True, exist_ok=True)
    info = _build(url, items, applications, units)
    side.write_text(json.dumps(asdict(info), ensure_ascii=False, indent=2), encoding="utf-8")
    return info


if __name__ == "__main__":
    n_items, n_apps = requested_size()
    print(json.dumps(asdict(ensure_workload_info(n_items, n_apps)), ensure_ascii=False))
