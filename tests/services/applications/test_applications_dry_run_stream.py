"""A dry run of the applications import checks the file row by row: memory does not grow with
the number of rows (issue 18: 1,000,000 rows in ≤ 500 MB), and its answer is the real import's."""

from __future__ import annotations

import csv
import tracemalloc

from disclosure_desk.services.applications import spreadsheets as applications_io
from disclosure_desk.store.models import Application


def _write(path, n: int, *, numbered: bool = False, bad_every: int = 0) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, applications_io.HEADERS)
        w.writeheader()
        for i in range(n):
            w.writerow(
                {
                    "申请编号": f"旧编号〔2024〕{i + 1:06d}号" if numbered else "",
                    "收到日期": "2024-03-01" if not bad_every or i % bad_every else "2024-13-01",
                    "申请方式": "当面",
                    "申请人类型": "自然人",
                    "申请人": f"申请人{i}",
                    "申请内容": "申请公开老旧小区改造的相关文件" * 3,
                }
            )


def _peak_of_dry_run(db, path) -> tuple[int, applications_io.ImportReport]:
    tracemalloc.start()
    try:
        report = applications_io.import_applications(db.admin, path, dry_run=True)
        return tracemalloc.get_traced_memory()[1], report
    finally:
        tracemalloc.stop()


def test_dry_run_memory_does_not_grow_with_the_rows(db, tmp_path):
    small, large = tmp_path / "s.csv", tmp_path / "l.csv"
    _write(small, 4_000)  # both files are larger than a read chunk (table_stream.CHUNK)
    _write(large, 24_000)
    peak_small, r_small = _peak_of_dry_run(db, small)
    peak_large, r_large = _peak_of_dry_run(db, large)
    assert (r_small.ok, r_small.checked) == (True, 4_000)
    assert (r_large.ok, r_large.checked) == (True, 24_000)
    # Holding 20,000 more parsed rows would take tens of MB; streaming stays at the small
    # file's peak (measured: equal within a few kB).
    assert peak_large < peak_small + 500_000, (peak_small, peak_large)
    assert Application.select().count() == 0  # a dry run writes nothing


def test_dry_run_reports_what_the_real_import_reports(db, tmp_path):
    path = tmp_path / "bad.csv"
    _write(path, 30, numbered=True, bad_every=7)
    with open(path, "a", encoding="utf-8", newline="") as fh:  # a duplicate number, last row
        csv.writer(fh).writerow(["旧编号〔2024〕000002号", "2024-03-02", "当面", "自然人", "重复"])
    dry = applications_io.import_applications(db.admin, path, dry_run=True)
    real = applications_io.import_applications(db.admin, path)
    assert not dry.ok and not real.ok
    assert [(e.row, e.column) for e in dry.errors] == [(e.row, e.column) for e in real.errors]
    # rows 2, 9, 16, 23, 30 (every 7th data row) have a bad date; row 32 repeats row 3's number
    assert [e.row for e in dry.errors] == [2, 9, 16, 23, 30, 32]
    assert "与第 3 行重复" in dry.errors[-1].message
    assert Application.select().count() == 0
