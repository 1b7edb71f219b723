"""Shared helpers for the sub-benchmarks: one JSON line per figure, peak RSS, child processes.

A figure line is ``{"figure": name, "value": v, "unit": "s", "baseline": b, "baseline_label": …,
"target": "≤ 1.5 s", "pass": bool|None, …}``; ``python -m bench`` collects these lines from each
sub-benchmark's stdout. Anything else a sub-benchmark prints is passed through untouched.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def figure(
    name: str,
    value: float | None,
    unit: str,
    *,
    baseline: float | None = None,
    baseline_label: str = "",
    target: str = "",
    ok: bool | None = None,
    note: str = "",
    **extra: Any,
) -> dict[str, Any]:
    """Print one figure as a JSON line and return it."""
    row: dict[str, Any] = {
        "figure": name,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "baseline_label": baseline_label,
        "target": target,
        "pass": ok,
    }
    if baseline and value is not None:
        row["ratio"] = round(value / baseline, 2)
    if note:
        row["note"] = note
    row.update(extra)
    print(json.dumps(row, ensure_ascii=False), flush=True)
    return row


def peak_rss_mb() -> float:
    """This process's peak resident set size (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def best_and_median(fn: Callable[[], object], repeat: int = 5) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def child_env(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A fresh settings directory: saved window geometry must not change what is measured.
    from bench.workload import WORK

    env.setdefault("XDG_CONFIG_HOME", str(WORK / "config"))
    env.update(overrides)
    return env


def run_child(
    code: str, args: Sequence[str] = (), timeout: float = 600
) -> tuple[float, dict[str, Any]]:
    """Run ``python -c code args…``; return (wall seconds from spawn to exit, the last JSON line).

    The child reports through its last stdout line (a JSON object)."""
    t0 = time.time()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=child_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    wall = time.time() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if not lines:
        raise RuntimeError(f"child printed no JSON: {proc.stdout[-500:]} {proc.stderr[-1500:]}")
    data = json.loads(lines[-1])
    data["_spawned_at"] = t0
    return wall, data
