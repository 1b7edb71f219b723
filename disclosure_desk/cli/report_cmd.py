"""`report annual|quarterly|catalogue`: the statutory annual report, the quarterly sheet and the
catalogue (政府信息公开目录) from the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from disclosure_desk.cli import common
from disclosure_desk.domain.errors import InputError
from disclosure_desk.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("report", help=tr("年度报告、季度汇总和公开目录"))
    rsub = p.add_subparsers(dest="report_command", required=True)

    a = rsub.add_parser("annual", help=tr("政府信息公开工作年度报告（2021 年格式）"))
    a.add_argument("--year", type=int, required=True)
    a.add_argument("--unit", help=tr("单位代码（含下级单位）；缺省为本机关全部单位"))
    a.add_argument("--pdf", help=tr("输出 PDF 文件；“-”表示标准输出"))
    a.add_argument("--json", help=tr("输出 JSON 文件；“-”表示标准输出"))
    a.add_argument("--docx", help=tr("输出 Word 文件（可在 Word / WPS 中修改）；“-”表示标准输出"))
    a.add_argument("--html", help=tr("输出网页（政府信息公开专栏用）；“-”表示标准输出"))
    a.set_defaults(func=cmd_annual)

    q = rsub.add_parser("quarterly", help=tr("季度汇总（一季一调度）"))
    q.add_argument("--year", type=int, required=True)
    q.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4))
    q.add_argument("--unit", help=tr("单位代码（含下级单位）"))
    q.add_argument("--pdf", type=Path, required=True)
    q.set_defaults(func=cmd_quarterly)

    c = rsub.add_parser("catalogue", help=tr("政府信息公开目录（PDF 或 Excel）"))
    c.add_argument("--year", type=int, help=tr("只含该年发布的信息"))
    c.add_argument("--unit", help=tr("单位代码（含下级单位）"))
    out = c.add_mutually_exclusive_group(required=True)
    out.add_argument("--pdf", type=Path)
    out.add_argument("--xlsx", type=Path)
    out.add_argument("--html", help=tr("网页；“-”表示标准输出"))
    c.set_defaults(func=cmd_catalogue)


def cmd_annual(args) -> int:
    from disclosure_desk.services.reporting import annual as reports

    targets = [t for t in (args.pdf, args.json, args.docx, args.html) if t]
    if not targets:
        raise InputError(
            tr("请用 --json、--pdf、--docx 或 --html 指定输出文件（“-”表示标准输出）。")
        )
    if targets.count("-") > 1:
        raise InputError(tr("只能有一个输出写到标准输出（“-”）。"))
    common.open_db(args)
    actor = common.actor(args)
    report = reports.build_annual_report(actor, args.year, args.unit)
    reports.ensure_consistent(report)
    if args.json:
        data = report.to_json()
        if args.json == "-":
            common.print_json(data)
        else:
            common.write_output(
                Path(args.json),
                (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode(),
                actor,
                "annual_report",
                year=args.year,
                unit=args.unit or "",
            )
    note = sys.stderr if "-" in targets else sys.stdout
    for target, render in (
        (args.pdf, reports.render_annual),
        (args.docx, reports.render_annual_docx),
        (args.html, reports.render_annual_html),
    ):
        if target:
            common.write_output(
                target, render(report), actor, "annual_report", year=args.year, unit=args.unit or ""
            )
            if target != "-":
                print(tr("已生成 {target}").format(target=target), file=note)
    return 0


def cmd_quarterly(args) -> int:
    from disclosure_desk.services.reporting import quarterly as reports_quarterly

    common.open_db(args)
    actor = common.actor(args)
    data = reports_quarterly.quarterly_pdf(actor, args.year, args.quarter, args.unit)
    common.write_output(
        args.pdf,
        data,
        actor,
        "quarterly_summary",
        year=args.year,
        quarter=args.quarter,
        unit=args.unit or "",
    )
    print(tr("已生成 {pdf}").format(pdf=args.pdf))
    return 0


def cmd_catalogue(args) -> int:
    from disclosure_desk.services.reporting import catalogue as reports_catalogue

    common.open_db(args)
    actor = common.actor(args)
    if args.pdf:
        common.write_output(args.pdf, reports_catalogue.catalogue_pdf(actor, args.year, args.unit))
        print(tr("已生成 {pdf}").format(pdf=args.pdf))
    elif args.html:
        common.write_output(
            args.html, reports_catalogue.catalogue_html(actor, args.year, args.unit)
        )
        if args.html != "-":
            print(tr("已生成 {html}").format(html=args.html))
    else:
        n = reports_catalogue.catalogue_xlsx(actor, args.xlsx, args.year, args.unit)
        print(tr("已生成 {xlsx}（{n} 条）").format(xlsx=args.xlsx, n=n))
    return 0
