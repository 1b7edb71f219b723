"""`report annual|quarterly|catalogue`: the statutory annual report, the quarterly sheet and the
catalogue (政府信息公开目录) from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from disclosure_desk.cli import common
from disclosure_desk.domain.errors import InputError


def register(sub) -> None:
    p = sub.add_parser("report", help="年度报告、季度汇总和公开目录")
    rsub = p.add_subparsers(dest="report_command", required=True)

    a = rsub.add_parser("annual", help="政府信息公开工作年度报告（2021 年格式）")
    a.add_argument("--year", type=int, required=True)
    a.add_argument("--unit", help="单位代码（含下级单位）；缺省为本机关全部单位")
    a.add_argument("--pdf", type=Path, help="输出 PDF 文件")
    a.add_argument("--json", help="输出 JSON 文件；“-”表示标准输出")
    a.set_defaults(func=cmd_annual)

    q = rsub.add_parser("quarterly", help="季度汇总（一季一调度）")
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4))
    q.add_argument("--unit", help="单位代码（含下级单位）")
    q.add_argument("--pdf", type=Path, required=True)
    q.set_defaults(func=cmd_quarterly)

    c = rsub.add_parser("catalogue", help="政府信息公开目录（PDF 或 Excel）")
    c.add_argument("--year", type=int, help="只含该年发布的信息")
    c.add_argument("--unit", help="单位代码（含下级单位）")
    out = c.add_mutually_exclusive_group(required=True)
    out.add_argument("--pdf", type=Path)
    out.add_argument("--xlsx", type=Path)
    c.set_defaults(func=cmd_catalogue)


def _write(path: Path, data: bytes) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise InputError(f"无法写入文件 {path}：{exc.strerror or exc}") from None


def cmd_annual(args) -> int:
    from disclosure_desk.services import reports

    if not args.pdf and not args.json:
        raise InputError("请用 --json 文件（或 --json -）和/或 --pdf 文件指定输出。")
    common.open_db(args)
    actor = common.actor(args)
    report = reports.build_annual_report(actor, args.year, args.unit)
    reports.ensure_consistent(report)
    if args.json:
        data = report.to_json()
        if args.json == "-":
            common.print_json(data)
        else:
            _write(
                Path(args.json), (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode()
            )
    if args.pdf:
        _write(args.pdf, reports.render_annual(report))
        print(f"已生成 {args.pdf}", file=sys.stderr if args.json == "-" else sys.stdout)
    return 0


def cmd_quarterly(args) -> int:
    from disclosure_desk.services import reports_quarterly

    common.open_db(args)
    actor = common.actor(args)
    _write(args.pdf, reports_quarterly.quarterly_pdf(actor, args.year, args.quarter, args.unit))
    print(f"已生成 {args.pdf}")
    return 0


def cmd_catalogue(args) -> int:
    from disclosure_desk.services import reports_catalogue

    common.open_db(args)
    actor = common.actor(args)
    if args.pdf:
        _write(args.pdf, reports_catalogue.catalogue_pdf(actor, args.year, args.unit))
        print(f"已生成 {args.pdf}")
    else:
        n = reports_catalogue.catalogue_xlsx(actor, args.xlsx, args.year, args.unit)
        print(f"已生成 {args.xlsx}（{n} 条）")
    return 0
