"""Workload generation time: ``python -m bench.bench_demo [--rebuild]``.

Reports how long ``disclosure-desk demo --units 31 --items 200000 --applications 50000`` took
when the workload was built (``bench/workload.py`` times it in its own child process and records
that child's peak RSS). With ``--rebuild`` — which ``python -m bench --rebuild`` passes — the
workload is generated afresh in this run; otherwise a cached build's recorded figures are shown
and marked ``cached``. The baseline is ``disclosure-desk init`` (an empty database). Target ≤ 3 min.
"""

from __future__ import annotations

import argparse

from bench.common import figure
from bench.workload import ensure_workload_info, requested_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="generate the workload afresh")
    args = parser.parse_args()
    items, apps = requested_size()
    info = ensure_workload_info(items, apps, rebuild=args.rebuild)
    rows = info.items + info.applications
    figure(
        "demo_generation_s",
        info.demo_s,
        "s",
        baseline=info.init_s,
        baseline_label="disclosure-desk init (empty database)",
        target="≤ 180 s",
        ok=info.demo_s <= 180,
        items=info.items,
        applications=info.applications,
        units=info.units,
        rows_per_s=round(rows / info.demo_s) if info.demo_s else None,
        peak_rss_mb=info.demo_peak_rss_mb,
        cached=info.cached,
        built_at=info.built_at,
        note=f"recorded when the workload was built at {info.built_at}" if info.cached else "",
    )


if __name__ == "__main__":
    main()
