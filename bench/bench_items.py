"""Items benchmark: ``python -m bench.bench_items [--items N]`` from the repository root.

Uses the shared district workload (bench.workload.ensure_workload, cached under bench/.work/),
then measures what an officer feels: the items list's first page (the view's model loading its first
rows, with the count shown beside it), a filter by unit, and the median of 3+ character searches
beside a plain LIKE scan of the same texts in the same run, and the same for 2-character and
1-character queries (medians over TWO_CHAR / ONE_CHAR). Targets: first rows < 300 ms, search
of any length ≤ 50 ms and ≥ 20× faster than LIKE; totals and newest-50 ids equal to the scan.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

from bench.workload import ensure_workload

QUERIES = (
    "老旧小区改造",
    "义务教育招生",
    "防汛抗旱",
    "重点项目建设",
    "财政预算执行",
    "河长制",
    "政务服务",
    "垃圾分类",
    "养老服务",
    "优化营商环境",
    "审计整改",
    "食品安全监督",
)
# What officers type most: two characters; and single characters (issue 18). Answered by the
# gram index (store/migrations/0009_search_grams.py).
TWO_CHAR = ("河长", "低保", "预算", "招聘", "征收", "养老")
ONE_CHAR = ("审", "税", "区", "A")


def _ms(fn, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=200_000)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    path = ensure_workload(args.items)

    from disclosure_desk.domain.permissions import SYSTEM
    from disclosure_desk.services.common import setup
    from disclosure_desk.services.items import register as items
    from disclosure_desk.store import search
    from disclosure_desk.store.models import Unit

    setup.open_target(setup.parse_target(str(path)))
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from disclosure_desk.ui.items.view import ItemsView

    view = ItemsView(SYSTEM)
    first_ms, _ = _ms(view.refresh)  # what opening the view costs: first page + count
    rows_loaded = view.model.rowCount()
    page_ms, _ = _ms(lambda: items.list_items(SYSTEM, items.ItemFilter(), 0, 200), repeat=5)
    unit_id = Unit.select(Unit.id).order_by(Unit.id.desc()).scalar()
    unit_ms, unit_rows = _ms(
        lambda: items.list_items(SYSTEM, items.ItemFilter(unit_id=unit_id), 0, 200), repeat=5
    )
    unit_count_ms, _ = _ms(
        lambda: items.count_items(SYSTEM, items.ItemFilter(unit_id=unit_id)), repeat=5
    )

    search_times, scan_times, mismatches = [], [], 0
    for q in QUERIES:
        ms, (total, _rows) = _ms(lambda q=q: items.search_items(SYSTEM, q, 50), repeat=3)
        search_times.append(ms)
        sms, ids = _ms(lambda q=q: search.scan_ids(q))
        scan_times.append(sms)
        mismatches += total != len(ids)
    short: dict[str, tuple[float, float]] = {}
    for label, qs in (("2char", TWO_CHAR), ("1char", ONE_CHAR)):
        st, lt = [], []
        for q in qs:
            ms, (total, _rows) = _ms(lambda q=q: items.search_items(SYSTEM, q, 50), repeat=3)
            st.append(ms)
            lms, ids = _ms(lambda q=q: search.scan_ids(q))
            lt.append(lms)
            mismatches += total != len(ids)
            mismatches += [r.id for r in _rows] != sorted(ids, reverse=True)[:50]
        short[label] = (statistics.median(st), statistics.median(lt))
    # An officer of one unit: the register's search (page + count, as the view asks for them),
    # checked against the substring scan of that unit's items.
    from dataclasses import replace

    from disclosure_desk.store.models import Item

    officer = replace(SYSTEM, unit_id=unit_id, unit_ids=frozenset({unit_id}))
    in_unit = {i for (i,) in Item.select(Item.id).where(Item.unit == unit_id).tuples()}
    unit_search = []
    for q in (*QUERIES, *TWO_CHAR, *ONE_CHAR):
        f = items.ItemFilter(text=q)
        ms, _ = _ms(lambda f=f: items.first_page(officer, f, 200), repeat=3)  # as the view
        unit_search.append(ms)
        expected = sorted((i for i in search.scan_ids(q) if i in in_unit), reverse=True)
        mismatches += items.count_items(officer, f) != len(expected)
        mismatches += [r.id for r in items.list_items(officer, f, 0, 200)] != expected[:200]
    result = {
        "items": args.items,
        "view_first_rows_ms": round(first_ms, 1),
        "view_rows_loaded": rows_loaded,
        "first_page_query_ms": round(page_ms, 1),
        "filter_unit_page_ms": round(unit_ms, 1),
        "filter_unit_count_ms": round(unit_count_ms, 1),
        "filter_unit_rows": len(unit_rows),
        "search_3plus_median_ms": round(statistics.median(search_times), 2),
        "search_2char_ms": round(short["2char"][0], 2),
        "like_scan_2char_ms": round(short["2char"][1], 1),
        "search_1char_ms": round(short["1char"][0], 2),
        "like_scan_1char_ms": round(short["1char"][1], 1),
        "like_scan_median_ms": round(statistics.median(scan_times), 1),
        "unit_search_median_ms": round(statistics.median(unit_search), 2),
        "unit_search_max_ms": round(max(unit_search), 2),
        "search_total_mismatches_vs_scan": mismatches,
        "targets": {
            "view_first_rows_ms": 300,
            "search_3plus_median_ms": 50,
            "unit_search_median_ms": 50,
        },
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"{'指标':<28}{'数值':>12}")
    for key, value in result.items():
        if key != "targets":
            print(f"{key:<28}{value:>12}")
    del view, app
    setup.close()
    ok = (
        result["view_first_rows_ms"] < 300
        and result["search_3plus_median_ms"] < 50
        and result["search_2char_ms"] < 50
        and result["search_1char_ms"] < 50
        and result["unit_search_median_ms"] < 50
        and not mismatches
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
