"""`applications import|export|template`: the application register in bulk (PRODUCT.md §3, §3.1)."""

from __future__ import annotations

from pathlib import Path

from disclosure_desk.cli import common
from disclosure_desk.domain.errors import InputError


def register(sub) -> None:
    p = sub.add_parser("applications", help="依申请公开：批量导入、导出台账")
    asub = p.add_subparsers(dest="applications_command", required=True)

    q = asub.add_parser("import", help="从 .xlsx 或 .csv 导入申请台账（有任一错误行则全部不导入）")
    q.add_argument("file", type=Path)
    q.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    q.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    q.add_argument("--unit", help="导入到哪个单位（单位代码，默认本机关）")
    q.set_defaults(func=cmd_import)

    q = asub.add_parser("export", help="导出申请台账到 .xlsx 或 .csv（表头同导入模板）")
    q.add_argument("file", type=Path)
    q.add_argument("--unit", help="只导出一个单位（单位代码）")
    q.add_argument("--unmasked", action="store_true",
                   help="导出完整的证件号码和联系电话（需相应权限，会记入审计日志；默认遮盖）")
    q.set_defaults(func=cmd_export)

    q = asub.add_parser("template", help="导出空白导入模板（.xlsx 含可选值工作表）")
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_template)


def _unit_id(code: str | None) -> int | None:
    if not code:
        return None
    from disclosure_desk.services.applications_io import unit_by_code

    unit_id = unit_by_code(code)
    if unit_id is None:
        raise InputError(f"单位代码“{code}”不存在。")
    return unit_id


def cmd_import(args) -> int:
    from disclosure_desk.services import applications_io

    common.open_db(args)
    report = applications_io.import_applications(
        common.actor(args), args.file, dry_run=args.dry_run, unit_id=_unit_id(args.unit)
    )
    return common.report_import(args, report, "件申请")


def cmd_export(args) -> int:
    from disclosure_desk.services import applications_io

    common.open_db(args)
    n = applications_io.export_applications(common.actor(args), args.file, _unit_id(args.unit),
                                            unmasked=args.unmasked)
    shown = "（含完整证件号码和联系电话）" if args.unmasked else "（证件号码、联系电话已遮盖）"
    print(f"已导出 {n} 件申请到 {args.file}{shown}。")
    return 0


def cmd_template(args) -> int:
    from disclosure_desk.services import applications_io

    applications_io.write_template(args.file)
    print(f"已生成申请台账导入模板：{args.file}")
    return 0
