"""`applications import|export|template`: the application register in bulk (PRODUCT.md §3, §3.1)."""

from __future__ import annotations

from pathlib import Path

from disclosure_desk.cli import common
from disclosure_desk.domain.errors import InputError
from disclosure_desk.i18n import N_, tr


def register(sub) -> None:
    p = sub.add_parser("applications", help=tr("依申请公开：批量导入、导出台账"))
    asub = p.add_subparsers(dest="applications_command", required=True)

    q = asub.add_parser(
        "import", help=tr("从 .xlsx 或 .csv 导入申请台账（有任一错误行则全部不导入）")
    )
    q.add_argument("file", type=Path)
    q.add_argument("--dry-run", action="store_true", help=tr("只检查，不写入"))
    q.add_argument("--json", action="store_true", help=tr("以 JSON 输出结果"))
    q.add_argument("--unit", help=tr("导入到哪个单位（单位代码，默认本机关）"))
    q.set_defaults(func=cmd_import)

    q = asub.add_parser("export", help=tr("导出申请台账到 .xlsx 或 .csv（表头同导入模板）"))
    q.add_argument("file", type=Path)
    q.add_argument("--unit", help=tr("只导出一个单位（单位代码）"))
    q.add_argument(
        "--unmasked",
        action="store_true",
        help=tr("导出完整的证件号码和联系电话（需相应权限，会记入审计日志；默认遮盖）"),
    )
    q.set_defaults(func=cmd_export)

    q = asub.add_parser(
        "letter", help=tr("出具案件文书（PDF / Word）；只给申请编号时列出该案件可出具的文书")
    )
    q.add_argument("reg_no", help=tr("申请编号"))
    q.add_argument("kind", nargs="?", help=tr("文书种类，如 receipt、correction、reply_open"))
    q.add_argument("--pdf", help=tr("输出 PDF 文件；“-”表示标准输出"))
    q.add_argument("--docx", help=tr("输出 Word 文件；“-”表示标准输出"))
    q.add_argument("--json", action="store_true", help=tr("列出文书时以 JSON 输出"))
    q.set_defaults(func=cmd_letter)

    q = asub.add_parser(
        "letter-settings", help=tr("文书上的联系人、联系电话、通信地址和 Word 模板")
    )
    q.add_argument("--contact", help=tr("联系人"))
    q.add_argument("--phone", help=tr("联系电话"))
    q.add_argument("--address", help=tr("通信地址"))
    q.add_argument(
        "--word-template", help=tr("本机关 Word 模板（.docx）路径；空字符串表示不用模板")
    )
    q.set_defaults(func=cmd_letter_settings)

    q = asub.add_parser("template", help=tr("导出空白导入模板（.xlsx 含可选值工作表）"))
    q.add_argument("file", type=Path)
    q.set_defaults(func=cmd_template)


def _unit_id(code: str | None) -> int | None:
    if not code:
        return None
    from disclosure_desk.services.applications.spreadsheets import unit_by_code

    unit_id = unit_by_code(code)
    if unit_id is None:
        raise InputError(tr("单位代码“{code}”不存在。").format(code=code))
    return unit_id


def cmd_import(args) -> int:
    from disclosure_desk.services.applications import spreadsheets as applications_io

    common.open_db(args)
    report = applications_io.import_applications(
        common.actor(args), args.file, dry_run=args.dry_run, unit_id=_unit_id(args.unit)
    )
    return common.report_import(args, report, N_("件申请"))


def cmd_export(args) -> int:
    from disclosure_desk.services.applications import spreadsheets as applications_io

    common.open_db(args)
    n = applications_io.export_applications(
        common.actor(args), args.file, _unit_id(args.unit), unmasked=args.unmasked
    )
    shown = (
        tr("（含完整证件号码和联系电话）") if args.unmasked else tr("（证件号码、联系电话已遮盖）")
    )
    print(tr("已导出 {n} 件申请到 {file}{shown}。").format(n=n, file=args.file, shown=shown))
    return 0


def cmd_template(args) -> int:
    from disclosure_desk.services.applications import spreadsheets as applications_io

    applications_io.write_template(args.file)
    print(tr("已生成申请台账导入模板：{file}").format(file=args.file))
    return 0


def cmd_letter(args) -> int:
    import sys

    from disclosure_desk.services.applications import letters
    from disclosure_desk.services.applications.letters import LETTER_KINDS

    common.open_db(args)
    actor = common.actor(args)
    if not args.kind:
        rows = letters.letter_list(actor, args.reg_no)
        if args.json:
            common.print_json({"reg_no": args.reg_no, "letters": rows})
        else:
            for r in rows:
                issued = (
                    f"  {r['number']}（{r['issued_on']}）" if r["number"] else tr("  （尚未出具）")
                )
                print(f"{r['kind']:<20}{r['title']}{issued}")
        return 0
    if args.kind not in LETTER_KINDS:
        raise InputError(
            tr("未知的文书种类“{kind}”；可用：{value}。").format(
                kind=args.kind, value="、".join(LETTER_KINDS)
            )
        )
    if not args.pdf and not args.docx:
        raise InputError(tr("请用 --pdf 文件和/或 --docx 文件指定输出（“-”表示标准输出）。"))
    if args.pdf == "-" and args.docx == "-":
        raise InputError(tr("--pdf 和 --docx 不能同时写到标准输出。"))
    app = letters.case_by_reg_no(actor, args.reg_no)
    number = ""
    for fmt, target in (("pdf", args.pdf), ("docx", args.docx)):
        if target:
            data, number, _changes = letters.print_letter(actor, app.id, args.kind, fmt=fmt)
            common.write_output(target, data, actor, "letter", reg_no=app.reg_no, kind=args.kind)
    out = sys.stderr if "-" in (args.pdf, args.docx) else sys.stdout
    print(
        tr("已出具{value} {number}").format(value=tr(LETTER_KINDS[args.kind]), number=number),
        file=out,
    )
    return 0


def cmd_letter_settings(args) -> int:
    from disclosure_desk.services.applications import letters

    common.open_db(args)
    actor = common.actor(args)
    values = {
        key: value
        for key, value in (
            ("letters.contact", args.contact),
            ("letters.phone", args.phone),
            ("letters.address", args.address),
            (letters.WORD_TEMPLATE_KEY, args.word_template),
        )
        if value is not None
    }
    if values:
        letters.set_letter_settings(actor, values)
    for key, value in letters.letter_settings().items():
        print(f"{letters.LETTER_SETTINGS[key]}：{value or tr('（未填写）')}")
    return 0
