"""`items import|export|search|template`: the item register in bulk from the command line."""

from __future__ import annotations

from pathlib import Path

from disclosure_desk.cli import common
from disclosure_desk.i18n import N_, tr


def register(sub) -> None:
    p = sub.add_parser("items", help=tr("信息登记：批量导入、导出、搜索"))
    isub = p.add_subparsers(dest="items_command", required=True)

    q = isub.add_parser("import", help=tr("从 .xlsx 或 .csv 导入信息（有任一错误行则全部不导入）"))
    q.add_argument("file", type=Path)
    q.add_argument("--dry-run", action="store_true", help=tr("只检查，不写入"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出结果"))
    q.add_argument(
        "--historical",
        action="store_true",
        help=tr(
            "历史导入（仅系统管理员）：登记册启用前已发布的信息，记为已发布、审查标为历史导入，"
            "并逐条扫描；有禁止发布的发现时生成“已发布信息需整改”待办"
        ),
    )
    q.add_argument(
        "--update",
        action="store_true",
        help=tr(
            "更新导入：索引号已存在的行更新该信息（同样的校验，审查通过后改动内容将撤销通过），"
            "其余行新建"
        ),
    )
    q.set_defaults(func=cmd_import)

    q = isub.add_parser("export", help=tr("导出信息登记到 .xlsx 或 .csv（表头同导入模板）"))
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_export)

    q = isub.add_parser("search", help=tr("按标题、文号、关键词、概述、正文和附件内容搜索"))
    q.add_argument("text")
    q.add_argument("--json", action="store_true")
    q.add_argument("--limit", type=int, default=50, help=tr("最多显示条数（默认 50，0 表示全部）"))
    q.set_defaults(func=cmd_search)

    q = isub.add_parser("template", help=tr("导出空白导入模板（.xlsx 含可选值工作表）"))
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_template)


def cmd_import(args) -> int:
    from disclosure_desk.services.items import spreadsheets as items_io

    common.open_db(args)
    report = items_io.import_items(
        common.actor(args),
        args.file,
        dry_run=args.dry_run,
        historical=args.historical,
        update=args.update,
    )
    code = common.report_import(args, report, N_("条信息"))
    if report.ok and not args.json and not args.dry_run:
        if report.updated:
            print(
                tr("其中更新已有信息 {updated} 条，新建 {value} 条。").format(
                    updated=report.updated, value=report.imported - report.updated
                )
            )
        if report.historical:
            print(tr("以上信息按历史导入记为已发布（审查记录：历史导入）。"))
        if report.flagged:
            print(
                tr(
                    "有 {flagged} 条历史信息扫描发现禁止发布的内容，已列入首页待办“已发布信息需整改”，请撤回或更正。"
                ).format(flagged=report.flagged)
            )
    return code


def cmd_export(args) -> int:
    from disclosure_desk.services.items import spreadsheets as items_io

    common.open_db(args)
    n = items_io.export_items(common.actor(args), args.file)
    print(tr("已导出 {n} 条信息到 {file}。").format(n=n, file=args.file))
    return 0


def cmd_search(args) -> int:
    from disclosure_desk.domain.errors import InputError
    from disclosure_desk.services.items import register as items

    if args.limit < 0:
        raise InputError(tr("--limit 不能为负数。"))
    common.open_db(args)
    total, rows = items.search_items(common.actor(args), args.text, args.limit)
    if args.json:
        common.print_json({"total": total, "items": [r.as_json() for r in rows]})
        return 0
    for r in rows:
        print(f"{r.index_no}\t{r.published_on or tr('未发布')}\t{r.unit_name}\t{r.title}")
    shown = tr("，显示前 {n} 条").format(n=len(rows)) if len(rows) < total else ""
    print(tr("共 {total} 条{shown}。").format(total=total, shown=shown))
    return 0


def cmd_template(args) -> int:
    from disclosure_desk.services.items import spreadsheets as items_io

    common.open_db(args)
    items_io.write_template(args.file)
    print(tr("已生成导入模板 {file}。").format(file=args.file))
    return 0
