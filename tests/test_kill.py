"""Crash safety: SIGKILL a writer at random moments; the database stays intact, the audit chain
verifies, and each all-or-nothing write is wholly present or wholly absent.

The short form runs by default; the long form (≥ 50 kills per workload) is marked slow and is
also ``python -m bench.bench_reliability``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench import bench_reliability


def _assert_all_ok(results, kills_per_workload: int, workloads) -> None:
    assert len(results) == kills_per_workload * len(workloads)
    problems = [f"{r.workload} @{r.delay}s: {r.problem}" for r in results if not r.ok]
    assert not problems, "\n".join(problems)
    for r in results:
        if r.workload == "edits":
            assert r.outcome.startswith("edits="), r
        else:
            assert r.outcome in {"absent", "present"}, r


def test_kill_short(tmp_path):
    results = bench_reliability.run(
        4,
        items=6000,
        applications=1000,
        seed=3,
        workdir=tmp_path,
        import_rows=1500,
        aim_inside=True,
    )
    _assert_all_ok(results, 4, bench_reliability.WORKLOADS)
    # The kills that matter landed inside the writes: the write lock was held when the process
    # died, and nothing of that write is in the database afterwards.
    for workload in ("import", "items-import"):
        inside = [r for r in results if r.workload == workload and r.inside_write]
        assert len(inside) >= 2, [r for r in results if r.workload == workload]
    edits = [r for r in results if r.workload == "edits"]
    assert all(int(r.outcome.split("=")[1]) > 0 for r in edits), edits  # killed mid-stream


def test_check_detects_a_partial_write(tmp_path):
    """The checker itself must fail on a half-written import (so the kill test can fail)."""
    import shutil
    import sqlite3

    template = bench_reliability.make_template(tmp_path)
    path = tmp_path / "partial.sqlite3"
    shutil.copyfile(template, path)
    conn = sqlite3.connect(str(path))
    conn.execute(
        "INSERT INTO item (index_no, title, unit_id, doc_no, publisher, disclosure, withhold_ground, "
        "withhold_reason, topic, genre, secrecy, validity, repealed_by, keywords, summary, body, "
        "channels, status, created_at, updated_at, version) VALUES ('X/1', '孤立', 1, '', '', "
        "'主动公开', '', '', '', '', '非密', '有效', '', '', '', '', '', '草稿', '2026-01-01', "
        "'2026-01-01', 1)"
    )
    conn.commit()
    conn.close()
    outcome, problem = bench_reliability.check(path, "import", 10, 10)
    assert "partial write" in problem
    conn = sqlite3.connect(str(path))
    conn.execute("UPDATE item SET import_batch = 'import-x'")
    conn.commit()
    conn.close()
    outcome, problem = bench_reliability.check(path, "items-import", 10, 0)
    assert "partial import" in problem
    with pytest.raises(ValueError):
        bench_reliability.check(path, "nonsense", 10, 0)


@pytest.mark.slow
def test_kill_long(tmp_path):
    results = bench_reliability.run(50, seed=50, workdir=tmp_path)
    _assert_all_ok(results, 50, bench_reliability.WORKLOADS)
    for workload in ("import", "items-import"):
        outcomes = [r.outcome for r in results if r.workload == workload]
        assert outcomes.count("absent") >= 10, workload  # many kills landed inside the write
