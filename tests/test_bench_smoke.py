"""Smoke test of the benchmark harness: ``python -m bench`` runs a sub-benchmark in a child
process on a tiny workload and prints the JSON document and the table (no timing assertions)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _document(stdout: str) -> dict:
    # The JSON document comes first; the machine line and the table follow a blank line.
    return json.loads(stdout.split("\n\n", 1)[0])


def test_quick_startup_prints_figures_with_baseline_and_target(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DISCLOSURE_DESK_BENCH_WORK": str(tmp_path),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("DISCLOSURE_DESK_BENCH_PG", None)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench",
            "--quick",
            "--items",
            "300",
            "--applications",
            "60",
            "--only",
            "startup",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    doc = _document(proc.stdout)
    assert set(doc) >= {"machine", "workload", "figures", "runs", "misses"}
    assert doc["workload"] == {"items": 300, "applications": 60, "units": 31, "quick": True}
    assert [r["name"] for r in doc["runs"]] == ["startup"]
    assert doc["runs"][0]["status"] == "ok"
    figures = {f["figure"]: f for f in doc["figures"]}
    main = figures["startup_main_window_s"]
    assert main["value"] > 0 and main["baseline"] == figures["startup_bare_window_s"]["value"]
    assert main["target"] and main["pass"] in (True, False)
    assert set(main["phases"]) >= {"build_main_window", "show_to_first_paint"}
    assert (tmp_path / "district-300-60.sqlite3").exists()  # the workload went to the work dir
    table = proc.stdout.split("\n\n", 1)[1]
    assert "startup_main_window_s" in table and ("pass" in table or "MISS" in table)


def test_unknown_benchmark_name_is_refused() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--only", "nosuch"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "nosuch" in proc.stderr


def test_city_scale_runs_only_when_asked() -> None:
    from bench.__main__ import select

    default = [s.name for s in select([])]
    assert "city" not in default and {"items", "pg", "startup", "import"} <= set(default)
    assert "city" in [s.name for s in select([], city=True)]
    assert [s.name for s in select(["city"])] == ["city"]
