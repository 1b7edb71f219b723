"""``python -m bench``: every benchmark, end to end, each in its own process.

Builds (or reuses) the district workload — ``demo --units 31 --items 200000 --applications
50000`` — then runs each sub-benchmark as ``python -m bench.<module>`` in a child process, so one
crash does not stop the rest and each gets its own peak RSS (read with ``os.wait4``). Every figure
is printed beside its baseline (measured in the same run) and its target, first as one JSON
document and then as a readable table with a pass/miss column.

    python -m bench                      # full workload (≈ 10 min on 2 cores, first run builds it)
    python -m bench --quick              # 20,000 items / 5,000 applications smoke run
    python -m bench --only startup,memory
    python -m bench --rebuild            # regenerate the workload (times demo generation afresh)
    DISCLOSURE_DESK_BENCH_PG=postgresql://postgres:postgres@127.0.0.1:5432/postgres python -m bench
    DISCLOSURE_DESK_BENCH_PG=… python -m bench --city [--city-copies 10]   # + city scale (slow)

Sub-benchmarks report figures as JSON lines (see bench/common.py ``figure``); older ones that print
their own JSON keys or text are adapted below.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.common import ROOT, child_env

QUICK_ITEMS, QUICK_APPLICATIONS = 20_000, 5_000


@dataclass(frozen=True)
class Sub:
    name: str
    module: str
    args: tuple[str, ...] = ()
    quick_args: tuple[str, ...] = ()
    timeout: float = 1800
    # Environment variables the sub-benchmark must not see.
    hide_env: tuple[str, ...] = ()
    uses_workload: bool = True
    # Runs only when asked for (``--city`` or ``--only NAME``): it takes a while.
    optional: bool = False


# Order matters: demo builds the workload the others reuse.
SUBS: tuple[Sub, ...] = (
    Sub("demo", "bench.bench_demo"),
    Sub("startup", "bench.bench_startup", quick_args=("--runs", "2")),
    Sub("items", "bench.bench_items", ("--items", "{items}")),
    Sub("memory", "bench.bench_memory"),
    # With DISCLOSURE_DESK_BENCH_PG set, bench_reports also measures the reports on the
    # PostgreSQL workload (bench.workload.ensure_pg_workload); bench_pg measures search there.
    Sub("reports", "bench.bench_reports"),
    Sub("import", "bench.bench_import"),
    Sub("scanner", "bench.bench_scanner", uses_workload=False),
    Sub(
        "reliability",
        "bench.bench_reliability",
        ("--kills", "10"),
        ("--kills", "2"),
        uses_workload=False,
    ),
    Sub("pg", "bench.bench_pg", uses_workload=False),
    # City scale on PostgreSQL (issue 18): 20k → 200k → N × 200k items (bench/bench_city.py).
    Sub(
        "city",
        "bench.bench_city",
        ("--copies", "{copies}"),
        timeout=4 * 3600,
        uses_workload=False,
        optional=True,
    ),
)


@dataclass
class SubResult:
    name: str
    status: str  # ok | failed | timeout | not available
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    exit_code: int | None = None
    figures: list[dict[str, Any]] = field(default_factory=list)
    raw: dict[str, Any] = field(default_factory=dict)
    error: str = ""


# ---- adapters for sub-benchmarks that print their own keys ------------------------------------


def _adapt_scanner(raw: dict[str, Any], _text: str) -> list[dict[str, Any]]:
    if "scanner_mb_s" not in raw:
        return []
    value, base = raw["scanner_mb_s"], raw.get("baseline_mobile_regex_mb_s")
    return [
        {
            "figure": "scanner_mb_s",
            "value": value,
            "unit": "MB/s",
            "baseline": base,
            "baseline_label": "one compiled regex pass (mobile numbers)",
            "target": "≥ 20 MB/s with 1,000 keywords (issue 18)",
            "pass": value >= 20,
            "ratio": round(value / base, 3) if base else None,
            "keywords": raw.get("keywords"),
            "text_mb": raw.get("text_mb"),
            "cpu_mb_s": raw.get("scanner_cpu_mb_s"),
            "regex_keywords_mb_s": raw.get("scanner_regex_keywords_mb_s"),
            "regex_keywords_cpu_mb_s": raw.get("scanner_regex_keywords_cpu_mb_s"),
        }
    ]


def _adapt_reliability(_raw: dict[str, Any], text: str) -> list[dict[str, Any]]:
    m = re.search(r"(\d+) kills, (\d+) failures; outcomes (.*)", text)
    if not m:
        return []
    kills, bad = int(m.group(1)), int(m.group(2))
    return [
        {
            "figure": "reliability_kill_failures",
            "value": bad,
            "unit": "failures",
            "baseline": None,
            "baseline_label": "",
            "target": "0 (integrity, audit chain, all-or-nothing)",
            "pass": bad == 0,
            "kills": kills,
            "outcomes": m.group(3),
        }
    ]


def _items_figure(raw, key, target, limit, **extra) -> dict[str, Any] | None:
    if key not in raw:
        return None
    value = raw[key]
    return {
        "figure": f"items_{key}",
        "value": value,
        "unit": "ms",
        "baseline": None,
        "baseline_label": "",
        "target": target,
        "pass": value <= limit,
        **extra,
    }


def _adapt_items(raw: dict[str, Any], _text: str) -> list[dict[str, Any]]:
    out = [
        _items_figure(raw, "view_first_rows_ms", "≤ 300 ms", 300, rows=raw.get("view_rows_loaded")),
        _items_figure(raw, "first_page_query_ms", "≤ 300 ms", 300),
        _items_figure(
            raw, "filter_unit_page_ms", "≤ 300 ms", 300, rows=raw.get("filter_unit_rows")
        ),
        _items_figure(raw, "filter_unit_count_ms", "≤ 300 ms", 300),
    ]
    if "unit_search_median_ms" in raw:  # an officer of one unit: the register's page + count
        out.append(
            _items_figure(
                raw, "unit_search_median_ms", "≤ 50 ms", 50, max_ms=raw.get("unit_search_max_ms")
            )
        )
    for key, like_key, what in (
        ("search_3plus_median_ms", "like_scan_median_ms", "3+ char queries"),
        ("search_2char_ms", "like_scan_2char_ms", "the same 2-char queries"),
        ("search_1char_ms", "like_scan_1char_ms", "the same 1-char queries"),
    ):
        like = raw.get(like_key) or raw.get("like_scan_median_ms")
        if key in raw:
            value = raw[key]
            out.append(
                {
                    "figure": f"items_{key}",
                    "value": value,
                    "unit": "ms",
                    "baseline": like,
                    "baseline_label": f"LIKE scan of the same text ({what})",
                    "target": "≤ 50 ms median, ≥ 20× faster than LIKE",
                    "pass": value <= 50 and bool(like) and value * 20 <= like,
                    "ratio": round(value / like, 3) if like else None,
                }
            )
    if "search_total_mismatches_vs_scan" in raw:
        bad = raw["search_total_mismatches_vs_scan"]
        out.append(
            {
                "figure": "items_search_mismatches_vs_like",
                "value": bad,
                "unit": "queries",
                "baseline": None,
                "baseline_label": "",
                "target": "0 (same hits as LIKE)",
                "pass": bad == 0,
            }
        )
    return [f for f in out if f is not None]


def _adapt_reports(_raw: dict[str, Any], text: str) -> list[dict[str, Any]]:
    limits = {"annual_json": 1.0, "annual_pdf": 2.0, "quarterly_pdf": 5.0}
    out = []
    for m in re.finditer(r"^\[(\w+)\] (\w+)\s+([\d.]+) s", text, re.MULTILINE):
        label, key, seconds = m.group(1), m.group(2), float(m.group(3))
        limit = limits.get(key)
        out.append(
            {
                "figure": f"{label}_{key}_s",
                "value": seconds,
                "unit": "s",
                "baseline": None,
                "baseline_label": "",
                "target": f"≤ {limit:g} s" if limit else "",
                "pass": seconds <= limit if limit else None,
            }
        )
    return out


ADAPTERS: dict[str, Callable[[dict[str, Any], str], list[dict[str, Any]]]] = {
    "scanner": _adapt_scanner,
    "items": _adapt_items,
    "reports": _adapt_reports,
    "reliability": _adapt_reliability,
}


def _generic(raw: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """Numbers a sub-benchmark printed as plain keys: shown, without a judgement."""
    return [
        {
            "figure": f"{name}.{k}",
            "value": v,
            "unit": "",
            "baseline": None,
            "baseline_label": "",
            "target": "(no target declared)",
            "pass": None,
        }
        for k, v in raw.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    ]


# ---- running ---------------------------------------------------------------------------------


def _available(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:
        return False


def _wait(pid: int, timeout: float) -> tuple[int | None, float]:
    """Reap ``pid`` ourselves so its rusage (peak RSS of it and its reaped children) is ours."""
    deadline = time.monotonic() + timeout
    while True:
        wpid, status, usage = os.wait4(pid, os.WNOHANG)
        if wpid == pid:
            return os.waitstatus_to_exitcode(status), usage.ru_maxrss / 1024
        if time.monotonic() > deadline:
            return None, 0.0
        time.sleep(0.1)


def _env_for(sub: Sub, extra_env: dict[str, str]) -> dict[str, str]:
    env = child_env(**extra_env)
    for key in sub.hide_env:
        env.pop(key, None)
    return env


def run_sub(
    sub: Sub,
    quick: bool,
    extra_env: dict[str, str],
    extra_args: tuple[str, ...] = (),
    echo: bool = True,
) -> SubResult:
    if not _available(sub.module):
        return SubResult(sub.name, "not available", error=f"{sub.module} is not in the tree yet")
    args = (sub.quick_args if quick and sub.quick_args else sub.args) + extra_args
    size = {
        "items": extra_env.get("DISCLOSURE_DESK_BENCH_ITEMS", ""),
        "applications": extra_env.get("DISCLOSURE_DESK_BENCH_APPLICATIONS", ""),
        "copies": extra_env.get("DISCLOSURE_DESK_BENCH_CITY_COPIES", "10"),
    }
    args = tuple(a.format(**size) for a in args)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", sub.module, *args],
            cwd=ROOT,
            env=_env_for(sub, extra_env),
            stdout=out,
            stderr=err,
            text=True,
        )
        code, rss = _wait(proc.pid, sub.timeout)
        if code is None:
            proc.kill()
            code, rss = _wait(proc.pid, 30)
            status = "timeout"
        else:
            status = "ok" if code == 0 else "failed"
        proc.returncode = code  # reaped above; keep Popen from waiting again
        seconds = time.perf_counter() - t0
        out.seek(0)
        err.seek(0)
        text, errors = out.read(), err.read()
    result = SubResult(sub.name, status, round(seconds, 1), round(rss, 1), code)
    for obj in json_objects(text):
        if "figure" in obj:
            result.figures.append(obj)
        else:
            result.raw.update(obj)
    if sub.name in ADAPTERS:
        result.figures += ADAPTERS[sub.name](result.raw, text)
    elif not result.figures:
        result.figures += _generic(result.raw, sub.name)
    if status == "failed" and (result.figures or result.raw):
        # Some sub-benchmarks exit 1 on a missed target; their figures say so already.
        result.status = f"ok (exit {code})"
    if not result.status.startswith("ok"):
        result.error = (errors.strip() or text.strip())[-1500:]
    if echo:
        _echo(result)
    return result


def json_objects(text: str) -> list[dict[str, Any]]:
    """Every JSON object in the output that starts at the beginning of a line (one-line or indented)."""
    decoder = json.JSONDecoder()
    found, pos = [], 0
    while True:
        start = text.find("{", pos)
        if start < 0:
            return found
        if start > 0 and text[start - 1] != "\n":
            pos = start + 1
            continue
        try:
            obj, end = decoder.raw_decode(text, start)
        except ValueError:
            pos = start + 1
            continue
        if isinstance(obj, dict):
            found.append(obj)
        pos = end


def _echo(r: SubResult) -> None:
    mark = {"ok": "done", "failed": "FAILED", "timeout": "TIMEOUT"}.get(r.status, r.status)
    sys.stderr.write(
        f"[bench] {r.name}: {mark} in {r.seconds:.1f} s, peak RSS {r.peak_rss_mb:.0f} MB\n"
    )
    if r.error and not r.status.startswith("ok"):
        sys.stderr.write("        " + r.error.replace("\n", "\n        ")[-800:] + "\n")
    sys.stderr.flush()


def machine() -> dict[str, Any]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gb = 0.0
    try:
        ram_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (ValueError, OSError):
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(ram_gb, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def _fmt(v: Any) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:,.3f}".rstrip("0").rstrip(".") if abs(v) < 100 else f"{v:,.0f}"
    return str(v)


def table(results: list[SubResult]) -> str:
    rows = [("figure", "value", "unit", "baseline", "ratio", "target", "result")]
    for r in results:
        if not r.status.startswith("ok") and not r.figures:
            rows.append((r.name, "—", "", "", "", "", r.status.upper()))
            continue
        for f in r.figures:
            verdict = {True: "pass", False: "MISS", None: "—"}[f.get("pass")]
            if f.get("value") is None and f.get("note"):
                verdict = f["note"][:60]
            rows.append(
                (
                    f["figure"],
                    _fmt(f.get("value")),
                    f.get("unit", ""),
                    _fmt(f.get("baseline")),
                    _fmt(f.get("ratio")),
                    f.get("target", ""),
                    verdict,
                )
            )
        if not r.status.startswith("ok"):
            rows.append((f"{r.name} (process)", "—", "", "", "", "", r.status.upper()))
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(_pad(cell, widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    # CJK and ≤/≥ marks: count East Asian wide characters twice so columns line up in a terminal.
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in str(text))


def _pad(text: str, width: int) -> str:
    return str(text) + " " * (width - _width(text))


def select(names: list[str], city: bool = False) -> list[Sub]:
    """The sub-benchmarks to run: those named, else all but the optional ones (``--city``)."""
    return [s for s in SUBS if (s.name in names) or (not names and (not s.optional or city))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"small workload ({QUICK_ITEMS:,} items / {QUICK_APPLICATIONS:,} applications)",
    )
    parser.add_argument(
        "--only", default="", help="comma-separated: " + ",".join(s.name for s in SUBS)
    )
    parser.add_argument("--items", type=int, help="workload items (overrides --quick)")
    parser.add_argument("--applications", type=int, help="workload applications")
    parser.add_argument(
        "--rebuild", action="store_true", help="regenerate the workload in this run"
    )
    parser.add_argument("--json-out", type=Path, help="also write the JSON document to this file")
    parser.add_argument(
        "--city",
        action="store_true",
        help="also measure city scale on PostgreSQL (needs DISCLOSURE_DESK_BENCH_PG; slow)",
    )
    parser.add_argument(
        "--city-copies",
        type=int,
        default=10,
        help="district copies in the city database (10 = 2,000,000 items / 500,000 applications)",
    )
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in {s.name for s in SUBS}]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}")
    items = args.items or (QUICK_ITEMS if args.quick else 200_000)
    apps = args.applications or (QUICK_APPLICATIONS if args.quick else 50_000)
    env = {
        "DISCLOSURE_DESK_BENCH_ITEMS": str(items),
        "DISCLOSURE_DESK_BENCH_APPLICATIONS": str(apps),
    }
    env["DISCLOSURE_DESK_BENCH_QUICK"] = "1" if args.quick else "0"
    env["DISCLOSURE_DESK_BENCH_CITY_COPIES"] = str(args.city_copies)
    selected = select(names, args.city)
    if names and "demo" not in names and any(s.uses_workload for s in selected):
        # Build the workload first (cached after the first run) so its time is not charged to
        # whichever benchmark happens to open it first.
        from bench.workload import ensure_workload

        ensure_workload(items, apps)
    results: list[SubResult] = []
    for sub in selected:
        extra = ("--rebuild",) if sub.name == "demo" and args.rebuild else ()
        results.append(run_sub(sub, args.quick, env, extra))
    doc = {
        "machine": machine(),
        "workload": {"items": items, "applications": apps, "units": 31, "quick": args.quick},
        "figures": [f for r in results for f in r.figures],
        "runs": [
            {
                "name": r.name,
                "status": r.status,
                "seconds": r.seconds,
                "peak_rss_mb": r.peak_rss_mb,
                "exit_code": r.exit_code,
                "error": r.error,
            }
            for r in results
        ],
        "misses": [f["figure"] for r in results for f in r.figures if f.get("pass") is False],
    }
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    print(text)
    if args.json_out:
        args.json_out.write_text(text + "\n", encoding="utf-8")
    print()
    m = doc["machine"]
    print(
        f"{m['date']} · {m['cpus']} CPU · {m['cpu']} · {m['ram_gb']} GB · Python {m['python']} · "
        f"SQLite {m['sqlite']} · workload {items:,} items / {apps:,} applications"
    )
    print(table(results))
    grown = [f for r in results for f in r.figures if isinstance(f.get("growth"), dict)]
    if grown:
        print()
        print("growth with the workload (items):")
        for f in grown:
            steps = " → ".join(f"{k}: {_fmt(v)}" for k, v in f["growth"].items())
            print(f"  {f['figure']:<34} {steps} {f.get('unit', '')}")
    crashed = [r.name for r in results if r.status in ("failed", "timeout")]
    return 1 if crashed else 0


if __name__ == "__main__":
    raise SystemExit(main())
