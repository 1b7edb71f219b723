"""City scale on one PostgreSQL server: ``python -m bench.bench_city [--copies N]`` (issue 18).

Runs only with ``DISCLOSURE_DESK_BENCH_PG`` set, and only when asked (``python -m bench --city``
or ``--only city``): building the city takes a while.

Workloads, smallest first, so the report shows how each figure GROWS:

* ``dd_bench_20000_5000`` and ``dd_bench_200000_50000`` — the district workloads (31 units), made
  by the real ``demo`` command (bench.workload.ensure_pg_workload);
* ``dd_city_<N>`` — N copies of the 200,000-item district in one database (``--copies 10``:
  2,000,000 items, 500,000 applications, 310 units). Generating that through ``demo`` row by row
  would take most of an hour on a small machine, so the city is made on the server in bulk:
  ``CREATE DATABASE … TEMPLATE`` the district, then for copy k one ``INSERT … SELECT`` per table
  with ids, 索引号, 申请编号 and unit codes offset (units, items, search texts, n-gram rows,
  applications, events, appeals, statistics), n-gram trigger switched off for the copy (the
  ``item_ngram`` rows are copied), the GIN indexes (the n-gram index of migration 0014) dropped
  before and rebuilt after, sequences reset, ``VACUUM ANALYZE``. Attachments, reviews,
  scanner findings and audit rows are not copied (no figure reads them).

Figures per workload (medians of 3 where cheap): first rows of the items list (page of 200 +
count, as the view asks) and of the applications list, both unfiltered and for one unit; search
(3+, 2 and 1 characters; medians over query sets, beside the sequential LIKE scan); annual report
JSON for one unit and for the whole city; five workstations (processes) creating and editing
items at once — errors counted (the rows they add are deleted afterwards).

Targets at city scale: first rows ≤ 300 ms, search ≤ 100 ms, annual report one unit ≤ 1 s and
whole city ≤ 5 s, 0 writer errors.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from bench.common import figure, run_child
from bench.workload import (
    ENV_BENCH_PG,
    ROOT,
    WORK,
    _pg_admin,
    _pg_url_with_db,
    cli_env,
    ensure_pg_workload,
)

BASE_ITEMS, BASE_APPS = 200_000, 50_000
UNIT_STEP, ROW_STEP = 1_000, 10_000_000  # id offsets per copy (units; every other table)
LONG = ("老旧小区改造", "实施方案", "安全生产", "河长制")
TWO = ("河长", "低保", "预算", "招聘", "征收")
ONE = ("审", "税", "区")

# (table, {column: SQL expression for copy k (``{k}``) replacing the plain column})
COPIED: tuple[tuple[str, dict[str, str]], ...] = (
    (
        "unit",
        {
            "id": "id + {u}",
            "code": "code || '-C{k}'",
            "name": "name || '（{k}）'",
            "parent_id": "parent_id + {u}",
        },
    ),
    (
        "item",
        {
            "id": "id + {r}",
            "index_no": "index_no || '-C{k}'",
            "unit_id": "unit_id + {u}",
            "related_id": "related_id + {r}",
        },
    ),
    ("item_search", {"item_id": "item_id + {r}"}),
    ("item_ngram", {"item_id": "item_id + {r}"}),
    (
        "application",
        {"id": "id + {r}", "reg_no": "reg_no || '-C{k}'", "unit_id": "unit_id + {u}"},
    ),
    ("application_event", {"id": "id + {r}", "application_id": "application_id + {r}"}),
    (
        "appeal",
        {"id": "id + {r}", "application_id": "application_id + {r}", "unit_id": "unit_id + {u}"},
    ),
    ("stat_entry", {"id": "id + {r}", "unit_id": "unit_id + {u}"}),
)


def _columns(cur, table: str) -> list[str]:
    cur.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
        "AND table_schema = 'public' ORDER BY ordinal_position",
        (table,),
    )
    return [r[0] for r in cur.fetchall()]


def build_city(
    server: str, copies: int, base_items: int = BASE_ITEMS, base_apps: int = BASE_APPS
) -> tuple[str, float, bool]:
    """(URL of the city database, seconds it took to build, whether it was cached)."""
    import psycopg2

    base = ensure_pg_workload(server, base_items, base_apps)
    name = f"dd_city_{copies}" if base_items == BASE_ITEMS else f"dd_city_{copies}_{base_items}"
    url = _pg_url_with_db(server, name)
    side = WORK / f"{name}.pg.json"
    if side.exists():
        data = json.loads(side.read_text(encoding="utf-8"))
        if data.get("base_fingerprint") == base.fingerprint and data.get("copies") == copies:
            admin = _pg_admin(server)
            with admin.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                exists = cur.fetchone() is not None
            admin.close()
            if exists:
                return url, data["build_s"], True
    t0 = time.perf_counter()
    admin = _pg_admin(server)
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')
        base_name = base.db.rsplit("/", 1)[1]
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE "{base_name}"')
    admin.close()
    conn = psycopg2.connect(url)
    conn.autocommit = False
    with conn.cursor() as cur:
        # GIN indexes are far cheaper built once than maintained row by row: drop, copy, rebuild.
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND indexdef LIKE '%USING gin%'"
        )
        gin = cur.fetchall()
        for index_name, _def in gin:
            cur.execute(f'DROP INDEX "{index_name}"')
        cur.execute("ALTER TABLE item_search DISABLE TRIGGER item_search_ngram")
        for k in range(1, copies):
            subst = {"k": k, "u": k * UNIT_STEP, "r": k * ROW_STEP}
            for table, exprs in COPIED:
                cols = _columns(cur, table)
                if not cols:
                    continue
                select = ", ".join(
                    exprs[c].format(**subst) if c in exprs else f'"{c}"' for c in cols
                )
                col_list = ", ".join(f'"{c}"' for c in cols)
                key = "item_id" if table in ("item_search", "item_ngram") else "id"
                cur.execute(
                    f'INSERT INTO "{table}" ({col_list}) SELECT {select} FROM "{table}" '
                    f'WHERE "{key}" < %s',
                    (UNIT_STEP if table == "unit" else ROW_STEP,),
                )
            conn.commit()
            print(f"[city] copy {k + 1}/{copies} done", file=sys.stderr, flush=True)
        cur.execute("ALTER TABLE item_search ENABLE TRIGGER item_search_ngram")
        # The copies bypassed the trigger: counts kept for the district are wrong for the city.
        cur.execute("DELETE FROM item_ngram_hot")
        cur.execute("DELETE FROM item_ngram_hot_delta")
        cur.execute("SET maintenance_work_mem = '512MB'")
        for _name, index_def in gin:
            cur.execute(index_def)
        for table, exprs in COPIED:
            if "id" not in exprs:
                continue
            cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,))
            seq = cur.fetchone()
            if seq and seq[0]:
                cur.execute(f'SELECT setval(%s, (SELECT max(id) FROM "{table}"))', (seq[0],))
        conn.commit()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    conn.close()
    build_s = round(time.perf_counter() - t0, 1)
    side.write_text(
        json.dumps(
            {"db": url, "copies": copies, "build_s": build_s, "base_fingerprint": base.fingerprint}
        ),
        encoding="utf-8",
    )
    return url, build_s, False


MEASURE = r"""
import datetime as dt, json, statistics, sys, time
from disclosure_desk.domain.permissions import SYSTEM
from disclosure_desk.services.applications import query as aq
from disclosure_desk.services.items import register as items
from disclosure_desk.services.reporting import annual as reports
from disclosure_desk.services.common import setup
from disclosure_desk.store import search
from disclosure_desk.store.models import Unit, database_proxy
setup.open_target(setup.parse_target(sys.argv[1]))
long_q, two_q, one_q = (json.loads(a) for a in sys.argv[2:5])

def ms(fn, repeat=3):
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter(); fn(); out.append((time.perf_counter() - t0) * 1000)
    return statistics.median(out)

res = {}
unit = Unit.select().where(Unit.parent.is_null(False)).order_by(Unit.id.desc()).first()
f_all, f_unit = items.ItemFilter(), items.ItemFilter(unit_id=unit.id)
res["items_first_rows_ms"] = ms(lambda: (items.list_items(SYSTEM, f_all, 0, 200), items.count_items(SYSTEM, f_all)))
res["items_unit_first_rows_ms"] = ms(lambda: (items.list_items(SYSTEM, f_unit, 0, 200), items.count_items(SYSTEM, f_unit)))
a_all, a_unit = aq.ApplicationFilter(), aq.ApplicationFilter(unit_id=unit.id)
res["applications_first_rows_ms"] = ms(lambda: (aq.list_applications(SYSTEM, a_all, 0, 200), aq.count_applications(SYSTEM, a_all)))
res["applications_unit_first_rows_ms"] = ms(lambda: (aq.list_applications(SYSTEM, a_unit, 0, 200), aq.count_applications(SYSTEM, a_unit)))
db = database_proxy.obj
def forget():  # no kept counts (migration 0014): the next search of a query is its first
    db.execute_sql("DELETE FROM item_ngram_hot"); db.execute_sql("DELETE FROM item_ngram_hot_delta")
for label, qs in (("long", long_q), ("two", two_q), ("one", one_q)):
    forget()
    first = [ms(lambda q=q: items.search_items(SYSTEM, q), 1) for q in qs]
    res[f"search_{label}_first_ms"] = statistics.median(first)
    res[f"search_{label}_per_query_first_ms"] = first
    per = [ms(lambda q=q: items.search_items(SYSTEM, q)) for q in qs]
    res[f"search_{label}_ms"] = statistics.median(per)
    res[f"search_{label}_per_query_ms"] = per
    db.execute_sql("SET enable_bitmapscan = off"); db.execute_sql("SET enable_indexscan = off")
    res[f"like_{label}_ms"] = statistics.median(ms(lambda q=q: search.scan_ids(q), 1) for q in qs)
    db.execute_sql("RESET enable_bitmapscan"); db.execute_sql("RESET enable_indexscan")
    res[f"hits_{label}"] = [items.search_items(SYSTEM, q)[0] for q in qs]
# An officer of one unit searching the register (the view's first page and count), checked against
# the substring scan of that unit's items.
from dataclasses import replace
officer = replace(SYSTEM, unit_id=unit.id, unit_ids=frozenset({unit.id}))
in_unit = {i for (i,) in db.execute_sql("SELECT id FROM item WHERE unit_id = %s", [unit.id]).fetchall()}
per, wrong = [], 0
for q in (*long_q, *two_q, *one_q):
    f = items.ItemFilter(text=q)
    per.append(ms(lambda f=f: items.first_page(officer, f, 200)))  # what the view asks for
    expected = sorted((i for i in search.scan_ids(q) if i in in_unit), reverse=True)
    wrong += items.count_items(officer, f) != len(expected) or [
        r.id for r in items.list_items(officer, f, 0, 200)] != expected[:200]
res["unit_search_ms"] = statistics.median(per)
res["unit_search_per_query_ms"] = per
res["unit_search_mismatches"] = wrong
# The applications list with a search typed in, for an account that sees every unit.
per = []
for q in ("张", "低保", "2025", "zzzz"):
    af = aq.ApplicationFilter(search=q)
    per.append(ms(lambda af=af: (aq.list_applications(SYSTEM, af, 0, 200), aq.count_applications(SYSTEM, af))))
res["applications_search_ms"] = statistics.median(per)
res["applications_search_per_query_ms"] = per
year = dt.date.today().year - 1
reports.annual_json(SYSTEM, year, unit.code)  # warm
res["annual_unit_s"] = ms(lambda: reports.annual_json(SYSTEM, year, unit.code), 1) / 1000
res["annual_city_s"] = ms(lambda: reports.annual_json(SYSTEM, year), 1) / 1000
res["items"] = items.count_items(SYSTEM, f_all)
res["applications"] = aq.count_applications(SYSTEM, a_all)
res["units"] = Unit.select().count()
res["server"] = {k: db.execute_sql(f"SHOW {k}").fetchone()[0]
                 for k in ("server_version", "shared_buffers", "max_parallel_workers_per_gather")}
print(json.dumps(res))
"""

WRITER = r"""
import json, sys, time
from dataclasses import replace
from disclosure_desk.domain.permissions import SYSTEM
from disclosure_desk.services.items import register as items
from disclosure_desk.services.common import setup
from disclosure_desk.services.items.rules import ItemInput
from disclosure_desk.store.models import Unit
target, proc, count, start_at = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
setup.open_target(setup.parse_target(target))
units = [u.id for u in Unit.select(Unit.id).where(Unit.parent.is_null(False)).order_by(Unit.id).limit(5)]
while time.time() < start_at:
    time.sleep(0.005)
errors, ids, t0 = [], [], time.perf_counter()
for i in range(count):
    try:
        data = ItemInput(title=f"并发写入测试{proc}-{i} 低保资金公示", unit_id=units[i % len(units)],
                         body="城市规模并发写入基准", keywords="基准")
        item_id, _ = items.create_item(SYSTEM, data)
        ids.append(item_id)
        detail = items.get_item(SYSTEM, item_id)
        items.update_item(SYSTEM, item_id, replace(detail.data, summary=f"已修改{i}"), detail.version)
    except Exception as exc:  # noqa: BLE001 — counted, not raised
        errors.append(f"{type(exc).__name__}: {exc}")
print(json.dumps({"errors": errors, "ids": ids, "seconds": time.perf_counter() - t0}, ensure_ascii=False))
"""


def _writers(url: str, processes: int = 5, per_process: int = 20) -> dict:
    start_at = time.time() + 3.0
    env = cli_env()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, url, str(p), str(per_process), str(start_at)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for p in range(processes)
    ]
    errors, ids, seconds = [], [], []
    for p in procs:
        out, err = p.communicate(timeout=900)
        lines = [ln for ln in out.splitlines() if ln.startswith("{")]
        if p.returncode != 0 or not lines:
            errors.append(f"writer exited {p.returncode}: {err.strip()[-300:]}")
            continue
        data = json.loads(lines[-1])
        errors += data["errors"]
        ids += data["ids"]
        seconds.append(data["seconds"])
    _cleanup(url, ids)
    return {"errors": errors, "written": len(ids), "seconds": max(seconds) if seconds else None}


def _cleanup(url: str, ids: list[int]) -> None:
    """Take the writers' items out again, so the workload stays what it was."""
    if not ids:
        return
    import psycopg2

    conn = psycopg2.connect(url)
    with conn, conn.cursor() as cur:
        cur.execute("DELETE FROM item_search WHERE item_id = ANY(%s)", (ids,))
        for table in ("attachment", "item_review", "scan_finding", "coordination"):
            cur.execute(f"DELETE FROM {table} WHERE item_id = ANY(%s)", (ids,))
        cur.execute("DELETE FROM item WHERE id = ANY(%s)", (ids,))
    conn.close()


TARGETS = {
    "items_first_rows_ms": (300, "≤ 300 ms"),
    "items_unit_first_rows_ms": (300, "≤ 300 ms"),
    "applications_first_rows_ms": (300, "≤ 300 ms"),
    "applications_unit_first_rows_ms": (300, "≤ 300 ms"),
    "applications_search_ms": (300, "≤ 300 ms (first rows of the applications list, searched)"),
    "search_long_ms": (100, "≤ 100 ms"),
    "search_two_ms": (100, "≤ 100 ms"),
    "search_one_ms": (100, "≤ 100 ms"),
    "search_long_first_ms": (100, "≤ 100 ms (first search of each query: no kept count yet)"),
    "search_two_first_ms": (100, "≤ 100 ms (first search of each query: no kept count yet)"),
    "search_one_first_ms": (100, "≤ 100 ms (first search of each query: no kept count yet)"),
    "unit_search_ms": (100, "≤ 100 ms (an officer of one unit: the register's page and count)"),
    "annual_unit_s": (1, "≤ 1 s"),
    "annual_city_s": (5, "≤ 5 s"),
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=10, help="district copies (10 = 2M items)")
    parser.add_argument("--writers", type=int, default=5)
    parser.add_argument(
        "--base-items", type=int, default=BASE_ITEMS, help="district copied (smoke tests: 20000)"
    )
    args = parser.parse_args(argv)
    base_apps = args.base_items // 4
    server = os.environ.get(ENV_BENCH_PG, "").strip()
    if not server:
        figure("city_skipped", None, "", note=f"skipped: set {ENV_BENCH_PG}")
        return
    city_url, build_s, cached = build_city(server, args.copies, args.base_items, base_apps)
    figure(
        "city_build_s", build_s, "s", target="(informational)", cached=cached, copies=args.copies
    )
    ladder = [("20k", ensure_pg_workload(server, 20_000, 5_000).db)]
    if args.base_items != 20_000:
        ladder.append(
            (
                f"{args.base_items // 1000}k",
                ensure_pg_workload(server, args.base_items, base_apps).db,
            )
        )
    ladder.append((f"{args.copies * args.base_items // 1000}k", city_url))
    results: dict[str, dict] = {}
    for label, url in ladder:
        _w, r = run_child(MEASURE, [url, json.dumps(LONG), json.dumps(TWO), json.dumps(ONE)], 3600)
        r["writers"] = _writers(url, args.writers)
        results[label] = r
    growth = {k: [round(results[lb][k], 3) for lb, _u in ladder] for k in TARGETS}
    city_label = ladder[-1][0]
    city = results[city_label]
    sizes = {
        lb: (results[lb]["items"], results[lb]["applications"], results[lb]["units"])
        for lb, _ in ladder
    }
    for key, (limit, target) in TARGETS.items():
        value = round(city[key], 3)
        extra = {}
        if key.startswith("search_"):
            like = round(city["like_" + key.split("_")[1] + "_ms"], 1)
            extra = {"baseline": like, "baseline_label": "sequential LIKE scan"}
            per = key.replace("_ms", "_per_query_ms").replace("_first_per", "_per")
            if key.endswith("_first_ms"):
                per = key.replace("_first_ms", "_per_query_first_ms")
            extra["per_query_ms"] = [round(x, 2) for x in city.get(per, [])]
            extra["hits"] = city.get("hits_" + key.split("_")[1])
        elif key == "applications_search_ms":
            extra = {
                "per_query_ms": [round(x, 2) for x in city[key.replace("_ms", "_per_query_ms")]]
            }
        elif key == "unit_search_ms":
            extra = {
                "per_query_ms": [round(x, 2) for x in city["unit_search_per_query_ms"]],
                "mismatches_vs_like": city["unit_search_mismatches"],
            }
        figure(
            f"city_{key}",
            value,
            "s" if key.endswith("_s") else "ms",
            target=target,
            ok=value <= limit,
            growth=dict(zip([lb for lb, _ in ladder], growth[key], strict=True)),
            **extra,
        )
    w = city["writers"]
    figure(
        "city_writers_errors",
        len(w["errors"]),
        "errors",
        target=f"0 ({args.writers} processes creating and editing items at once)",
        ok=not w["errors"],
        written=w["written"],
        seconds=w["seconds"],
        first_errors=w["errors"][:3],
        growth={lb: len(results[lb]["writers"]["errors"]) for lb, _ in ladder},
    )
    figure("city_sizes", None, "", sizes=sizes, server=results[ladder[-1][0]].get("server"))


if __name__ == "__main__":
    main()
