"""Import of a legacy application ledger (.xlsx): ``python -m bench.bench_import``.

Writes (once, seeded) an .xlsx of 50,000 realistic rows with the import template's headers:
numbered legacy cases across two years, every channel and applicant type, valid ID numbers,
corrections, extensions, fees and outcomes with reply dates. It is imported through the
applications import service (all-or-nothing, every row checked) into a freshly initialised
database, in its own process. The baseline is openpyxl alone iterating the same file
(``read_only=True``, ``values_only=True``), also in its own process. Target: import ≤ 3× baseline.
If the import service is not in the tree yet, the figure says "not available".

Issue 18 adds the dry run of a 1,000,000-row ledger (.csv, written once, seeded; 100,000 rows with
``--quick``): peak RSS of the process (target ≤ 500 MB) and time beside ``csv.reader`` alone
iterating the same file (target ≤ 3×). The ledger's rows carry 申请编号, so the duplicate check
really holds a million numbers.

The items ledger (§3.1 template plus the export's extra columns; 1,000,000 rows, 100,000 with
``--quick``; seeded) is dry-run the same way: peak RSS and time beside ``csv.reader`` alone;
and a 50,000-row items .xlsx (10,000 with ``--quick``) beside openpyxl alone. Every row carries a
索引号, so the duplicate check holds a million numbers; about one row in six is 依申请公开 or
不予公开 (with its 不公开理由), some are 废止 with their date.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import random
from pathlib import Path

from bench.common import figure, run_child
from bench.workload import ADMIN, AGENCY, AGENCY_CODE, WORK, _run_cli, requested_size

SERVICE = "disclosure_desk.services.applications.spreadsheets"

BASELINE = """
import json, resource, sys, time
import openpyxl
t0 = time.perf_counter()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
n = 0
for row in wb.active.iter_rows(values_only=True):
    n += 1
wb.close()
print(json.dumps({"seconds": time.perf_counter() - t0, "rows": n,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

IMPORT = """
import json, resource, sys, time
from disclosure_desk.services.common import auth, setup
from disclosure_desk.services.applications.spreadsheets import import_applications
from disclosure_desk.store.models import Application, User
setup.open_target(setup.parse_target(sys.argv[2]))
actor = auth.actor_for(User.get(User.login == "admin"))
t0 = time.perf_counter()
report = import_applications(actor, sys.argv[1])
seconds = time.perf_counter() - t0
errors = [f"{e.row}/{e.column}: {e.message}" for e in report.errors[:5]]
print(json.dumps({"seconds": seconds, "ok": report.ok, "imported": report.imported,
                  "errors": len(report.errors), "first_errors": errors,
                  "in_db": Application.select().count(),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024},
                 ensure_ascii=False))
"""


def _headers() -> tuple[str, ...]:
    from disclosure_desk.services.applications.spreadsheets import HEADERS

    return HEADERS


def _id_number(rng: random.Random) -> str:
    from disclosure_desk.domain.checkdigits import id_check_char

    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
    first = f"3301{rng.randrange(1, 99):02d}{birth:%Y%m%d}{rng.randrange(0, 999):03d}"
    return first + id_check_char(first)


def _rows(n: int, rng: random.Random):
    from disclosure_desk.domain.channels import CHANNELS
    from disclosure_desk.domain.outcomes import APPLICANT_TYPES, OUTCOMES

    surnames, given = (
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗",
        "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平",
    )
    subjects = (
        "老旧小区改造",
        "征收补偿方案",
        "低保资金使用",
        "道路养护招投标",
        "学校招生",
        "环评批复",
    )
    orgs = (
        "恒达建设工程有限公司",
        "华信律师事务所",
        "明德教育研究院",
        "爱心公益基金会",
        "宏图商贸有限公司",
    )
    start = dt.date(2024, 1, 2)
    for i in range(n):
        received = start + dt.timedelta(days=rng.randrange(0, 700))
        code, label = APPLICANT_TYPES[0] if rng.random() < 0.8 else rng.choice(APPLICANT_TYPES[1:])
        person = code == "natural_person"
        name = (
            rng.choice(surnames) + "".join(rng.choices(given, k=2)) if person else rng.choice(orgs)
        )
        requested = corrected = None
        if rng.random() < 0.1:
            requested = received + dt.timedelta(days=rng.randrange(1, 5))
            corrected = requested + dt.timedelta(days=rng.randrange(1, 10))
        extended = rng.random() < 0.05
        replied = outcome = None
        if rng.random() < 0.9:
            replied = (corrected or received) + dt.timedelta(
                days=rng.randrange(1, 30 if extended else 20)
            )
            outcome = rng.choice(OUTCOMES).label
        yield (
            f"青山依申请〔{received.year}〕{i + 1:06d}号",
            received,
            rng.choice(CHANNELS).label,
            label,
            name,
            _id_number(rng) if person else "",
            f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
            f"申请公开{received.year}年{rng.choice(subjects)}的相关文件",
            requested,
            corrected,
            outcome,
            replied,
            "是" if extended else "否",
            rng.choice((None, None, None, 10, 50)),
            "",
        )


def _ensure(path: Path, write) -> Path:
    """``path``, written once by ``write(tmp)`` (then moved into place) when it does not exist."""
    if path.exists():
        return path
    WORK.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.stem + ".tmp" + path.suffix)
    write(tmp)
    tmp.replace(path)
    return path


def _write_csv(path: Path, headers, rows) -> None:
    import csv

    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(list(headers))
        for row in rows:
            w.writerow(["" if v is None else v for v in row])


def _write_xlsx(path: Path, sheet: str, headers, rows) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(sheet)
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    wb.save(path)


def ensure_xlsx(n: int) -> Path:
    return _ensure(
        WORK / f"applications-{n}.xlsx",
        lambda tmp: _write_xlsx(tmp, "申请登记", _headers(), _rows(n, random.Random(90210))),
    )


CSV_BASELINE = """
import csv, json, resource, sys, time
t0 = time.perf_counter()
n = 0
with open(sys.argv[1], encoding="utf-8-sig", newline="") as fh:
    for row in csv.reader(fh):
        n += 1
print(json.dumps({"seconds": time.perf_counter() - t0, "rows": n,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

DRY_RUN = """
import json, os, resource, sys, time
from disclosure_desk.services.common import auth, setup
from disclosure_desk.store.models import User
if len(sys.argv) > 3 and sys.argv[3] == "items":
    from disclosure_desk.services.items.spreadsheets import import_items as run_import
else:
    from disclosure_desk.services.applications.spreadsheets import import_applications as run_import
setup.open_target(setup.parse_target(sys.argv[2]))
actor = auth.actor_for(User.get(User.login == "admin"))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
t0 = time.perf_counter()
c0 = time.process_time()
report = run_import(actor, sys.argv[1], dry_run=True)
errors = [f"{e.row}/{e.column}: {e.message}" for e in report.errors[:5]]
print(json.dumps({"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0,
                  "ok": report.ok, "checked": report.checked,
                  "errors": len(report.errors), "first_errors": errors, "rss_before_mb": before,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024},
                 ensure_ascii=False))
"""


def ensure_csv(n: int) -> Path:
    return _ensure(
        WORK / f"applications-{n}.csv",
        lambda tmp: _write_csv(tmp, _headers(), _rows(n, random.Random(4711))),
    )


def _xlsx_dry_run_figure(name: str, dry: dict, base: dict, rows: int) -> None:
    """A dry run of an .xlsx ledger beside openpyxl reading the same file."""
    figure(
        name,
        round(dry["seconds"], 2),
        "s",
        baseline=round(base["seconds"], 2),
        baseline_label="openpyxl read_only iterating the file",
        target="≤ 3× openpyxl alone",
        ok=dry["ok"] and dry["checked"] == rows and dry["seconds"] <= 3 * base["seconds"],
        rows=rows,
        peak_rss_mb=round(dry["peak_mb"], 1),
        load=os.getloadavg()[0],
    )


def _csv_dry_run_figures(prefix: str, kind: str, path: Path, rows: int) -> None:
    """Peak RSS and time of a dry run of the CSV ``path`` beside csv.reader alone (same run)."""
    _w, base = run_child(CSV_BASELINE, [str(path)], timeout=3600)
    _w, dry = run_child(DRY_RUN, [str(path), _fresh_db(), kind], timeout=3600)
    good = dry["ok"] and dry["checked"] == rows
    figure(
        f"{prefix}_dry_run_csv_peak_rss_mb",
        round(dry["peak_mb"], 1),
        "MB",
        target="≤ 500 MB",
        ok=dry["peak_mb"] <= 500 and good,
        rows=rows,
        checked=dry["checked"],
        errors=dry["errors"],
        first_errors=dry["first_errors"],
        rss_before_dry_run_mb=round(dry["rss_before_mb"], 1),
        file_mb=round(path.stat().st_size / 1e6, 1),
    )
    figure(
        f"{prefix}_dry_run_csv_s",
        round(dry["seconds"], 2),
        "s",
        baseline=round(base["seconds"], 2),
        baseline_label="csv.reader alone iterating the file",
        target="≤ 3× csv alone",
        ok=good and dry["seconds"] <= 3 * base["seconds"],
        cpu_s=round(dry["cpu"], 2),
        rows=rows,
        rows_per_s=round(rows / dry["seconds"]) if dry["seconds"] else None,
        load=os.getloadavg()[0],
    )


def dry_run_figures(rows: int) -> None:
    _csv_dry_run_figures("import", "applications", ensure_csv(rows), rows)


def _item_headers() -> tuple[str, ...]:
    from disclosure_desk.services.items.spreadsheets import EXTRA_HEADERS, ITEM_HEADERS

    return ITEM_HEADERS + EXTRA_HEADERS


def _item_rows(n: int, rng: random.Random):
    from disclosure_desk.domain import catalogs

    topics = [t for t in catalogs.TOPIC_NAMES if "\\" in t][:40] or list(catalogs.TOPIC_NAMES)
    genres = ("通知", "公告", "公示", "意见", "决定", "通报", "规章", "行政规范性文件", "公报")
    publishers = ("青山区人民政府", "青山区人民政府办公室", "区教育局", "区卫生健康委", "")
    subjects = ("老旧小区改造", "征收补偿方案", "低保资金使用", "道路养护", "学校招生", "环评批复")
    reasons = ("涉及个人隐私", "属于内部事务信息", "涉及商业秘密", "过程性信息")
    start = dt.date(2015, 1, 1)
    for i in range(n):
        formed = start + dt.timedelta(days=rng.randrange(0, 3650))
        published = formed + dt.timedelta(days=rng.randrange(0, 20)) if rng.random() < 0.9 else None
        roll = rng.random()
        disclosure, reason, secrecy = "主动公开", "", "非密"
        if roll < 0.10:
            disclosure, reason = "依申请公开", rng.choice(reasons)
        elif roll < 0.15:
            disclosure, reason = "不予公开", rng.choice(reasons)
            secrecy = rng.choice(("非密", "内部", "秘密"))
        validity, repealed = "有效", None
        if rng.random() < 0.08:
            validity, repealed = "废止", formed + dt.timedelta(days=rng.randrange(30, 2000))
        elif rng.random() < 0.05:
            validity = "失效"
        subject = rng.choice(subjects)
        yield (
            f"000014349/{formed.year}-{i + 1:07d}",
            f"关于{formed.year}年{subject}第{i % 97 + 1}批事项的{rng.choice(genres)}",
            f"青政发〔{formed.year}〕{i % 300 + 1}号",
            rng.choice(publishers),
            formed,
            published,
            disclosure,
            reason,
            rng.choice(topics),
            rng.choice(genres),
            validity,
            repealed,
            f"{subject},{formed.year}",
            f"{subject}相关事项的说明（第{i + 1}件）",
            f"为做好{subject}工作，现将有关事项通知如下。",
            secrecy,
            rng.choice(("政府网站", "政府网站、政务新媒体", "", "政府公报")),
            "",
            "",
        )


def ensure_items_csv(n: int) -> Path:
    return _ensure(
        WORK / f"items-{n}.csv",
        lambda tmp: _write_csv(tmp, _item_headers(), _item_rows(n, random.Random(2718))),
    )


def ensure_items_xlsx(n: int) -> Path:
    return _ensure(
        WORK / f"items-{n}.xlsx",
        lambda tmp: _write_xlsx(
            tmp, "信息登记", _item_headers(), _item_rows(n, random.Random(3141))
        ),
    )


def items_figures(rows: int, xlsx_rows: int) -> None:
    _csv_dry_run_figures("items_import", "items", ensure_items_csv(rows), rows)
    xpath = ensure_items_xlsx(xlsx_rows)
    _w, xbase = run_child(BASELINE, [str(xpath)], timeout=3600)
    _w, xdry = run_child(DRY_RUN, [str(xpath), _fresh_db(), "items"], timeout=3600)
    _xlsx_dry_run_figure("items_import_dry_run_xlsx_s", xdry, xbase, xlsx_rows)


def _fresh_db() -> str:
    db = WORK / "import-target.sqlite3"
    for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")):
        p.unlink(missing_ok=True)
    _run_cli(str(db), "init", "--agency", AGENCY, "--code", AGENCY_CODE, "--admin", ADMIN)
    return str(db)


def main() -> None:
    n = requested_size()[1]
    spec = importlib.util.find_spec(SERVICE)
    available = spec is not None and "def import_applications" in Path(spec.origin or "").read_text(
        encoding="utf-8"
    )
    if not available:
        figure(
            "import_applications_xlsx_s",
            None,
            "s",
            target="≤ 3× openpyxl alone",
            ok=None,
            note=f"not available: {SERVICE}.import_applications is not in the tree yet",
        )
        return
    path = ensure_xlsx(n)
    _w, base = run_child(BASELINE, [str(path)])
    _w, imp = run_child(IMPORT, [str(path), _fresh_db()], timeout=1800)
    ok = imp["ok"] and imp["imported"] == n
    figure(
        "openpyxl_iterate_xlsx_s",
        round(base["seconds"], 2),
        "s",
        target="(baseline)",
        rows=base["rows"],
        peak_rss_mb=round(base["peak_mb"], 1),
    )
    figure(
        "import_applications_xlsx_s",
        round(imp["seconds"], 2),
        "s",
        baseline=round(base["seconds"], 2),
        baseline_label="openpyxl read_only iterating the file",
        target="≤ 3× openpyxl alone",
        ok=ok and imp["seconds"] <= 3 * base["seconds"],
        rows=n,
        imported=imp["imported"],
        errors=imp["errors"],
        first_errors=imp["first_errors"],
        rows_per_s=round(n / imp["seconds"]) if imp["seconds"] else None,
        peak_rss_mb=round(imp["peak_mb"], 1),
        note="" if ok else "import did not take every row (see first_errors)",
    )
    _w, dry = run_child(DRY_RUN, [str(path), _fresh_db()], timeout=1800)
    _xlsx_dry_run_figure("import_dry_run_xlsx_s", dry, base, n)
    quick = os.environ.get("DISCLOSURE_DESK_BENCH_QUICK") == "1"
    dry_run_figures(100_000 if quick else 1_000_000)
    items_figures(*((100_000, 10_000) if quick else (1_000_000, 50_000)))


if __name__ == "__main__":
    main()
