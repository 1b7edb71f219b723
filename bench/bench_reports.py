"""Report benchmark: ``python -m bench.bench_reports`` from the repository root.

On the shared workload (31 units, 200 000 items, 50 000 applications; see bench/workload.py,
``workload_db()`` — or DISCLOSURE_DESK_BENCH_DB) prints the time of the annual report JSON
(target < 1 s), the annual PDF (< 2 s) and the quarterly PDF (< 5 s), one line each:
``[sqlite] annual_json 0.362 s …``. With DISCLOSURE_DESK_BENCH_PG=postgresql://server it also
builds (once) the same workload in a database on that server and measures the same calls there.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from bench.workload import FULL_UNITS, ensure_pg_workload, requested_size, workload_db
from disclosure_desk.domain.permissions import SYSTEM
from disclosure_desk.reports.quarterly_pdf import render_quarterly
from disclosure_desk.services.common import setup
from disclosure_desk.services.reporting import annual as reports
from disclosure_desk.services.reporting import quarterly as reports_quarterly

TARGETS = {"annual_json": 1.0, "annual_pdf": 2.0, "quarterly_pdf": 5.0}


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def run(target: str, label: str) -> dict[str, float]:
    setup.open_target(setup.parse_target(target))
    today = dt.date.today()
    year = today.year - 1
    q_year, quarter = (today.year, (today.month - 1) // 3) if today.month > 3 else (year, 4)
    reports.annual_json(SYSTEM, year)  # warm the page cache like a second click would
    out = {
        "annual_json": _timed(lambda: reports.annual_json(SYSTEM, year)),
        "annual_pdf": _timed(lambda: reports.annual_pdf(SYSTEM, year)),
        "quarterly_pdf": _timed(
            lambda: render_quarterly(reports_quarterly.quarterly_summary(SYSTEM, q_year, quarter))
        ),
    }
    setup.close()
    for key, seconds in out.items():
        verdict = "OK" if seconds < TARGETS[key] else "SLOW"
        print(f"[{label}] {key:14s} {seconds:6.3f} s  (target < {TARGETS[key]:.0f} s) {verdict}")
    return out


def main() -> None:
    items, apps = requested_size()
    db = workload_db(items, apps, FULL_UNITS)
    run(db, "postgresql" if db.startswith("postgres") else "sqlite")
    pg = os.environ.get("DISCLOSURE_DESK_BENCH_PG")
    if pg:
        run(ensure_pg_workload(pg, items, apps, FULL_UNITS).db, "postgresql")


if __name__ == "__main__":
    main()
