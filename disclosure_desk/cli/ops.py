"""Operations commands: init, demo, migrate, backup, restore, audit verify."""

from __future__ import annotations

from pathlib import Path

from disclosure_desk.cli import common
from disclosure_desk.domain.errors import DeskError
from disclosure_desk.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("init", help=tr("创建数据库、机关和管理员"))
    p.add_argument("--agency", required=True, help=tr("机关名称"))
    p.add_argument(
        "--code", required=True, help=tr("索引号前段码（组织机构代码/统一社会信用代码/本地代码）")
    )
    p.add_argument("--admin", required=True, help=tr("管理员登录名"))
    p.add_argument("--short-name", help=tr("机关简称，用于申请编号和文书（默认用全称）"))
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("demo", help=tr("填充逼真的演示数据"))
    p.add_argument("--items", type=int, default=2000)
    p.add_argument("--applications", type=int, default=600)
    p.add_argument("--units", type=int, default=6)
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("migrate", help=tr("升级数据库结构（先自动备份）"))
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("backup", help=tr("备份数据库"))
    p.add_argument("--to", type=Path, help=tr("备份文件路径（默认写入数据库旁的 backups 目录）"))
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("restore", help=tr("从备份恢复数据库（先校验完整性）"))
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "password",
        help=tr("修改自己的密码（新密码取自环境变量 DISCLOSURE_DESK_NEW_PASSWORD，否则提示输入）"),
    )
    p.set_defaults(func=cmd_password)

    p = sub.add_parser("audit", help=tr("审计日志"))
    asub = p.add_subparsers(dest="audit_command", required=True)
    v = asub.add_parser("verify", help=tr("校验审计日志哈希链，并与库外最新的锚点对照"))
    v.add_argument("--anchor", type=Path, help=tr("对照这个锚点文件（默认：能找到的最新锚点）"))
    v.set_defaults(func=cmd_audit_verify)
    a = asub.add_parser("anchor", help=tr("把当前审计日志链尾导出为锚点文件（交主管留存）"))
    a.add_argument("--to", type=Path, required=True, help=tr("锚点文件路径"))
    a.set_defaults(func=cmd_audit_anchor)


def cmd_init(args) -> int:
    from disclosure_desk.cli import read_password
    from disclosure_desk.services.common import setup

    t = common.target(args)
    password = read_password(tr("管理员 {admin} 的密码：").format(admin=args.admin), confirm=True)
    setup.init_database(t, args.agency, args.code, args.admin, password, args.short_name)
    short = (args.short_name or "").strip() or args.agency.strip()
    print(
        tr("已创建数据库 {db}：机关“{agency}”（简称“{short}”），管理员 {admin}。").format(
            db=t.display, agency=args.agency, short=short, admin=args.admin
        )
    )
    return 0


def cmd_demo(args) -> int:
    from disclosure_desk.services.admin import demo

    common.open_db(args)
    actor = common.actor(args)
    for name, value in (("--items", args.items), ("--applications", args.applications)):
        if value < 0:
            from disclosure_desk.domain.errors import InputError

            raise InputError(tr("{name} 不能为负数。").format(name=name))
    summary = demo.generate(
        actor,
        items=args.items,
        applications=args.applications,
        units=args.units,
        seed=args.seed,
        progress=_progress,
    )
    print(tr("\n已生成演示数据：") + "，".join(f"{k} {v}" for k, v in summary.items()))
    return 0


def _progress(done: int, total: int, label: str) -> bool:
    import sys

    if sys.stderr.isatty():
        sys.stderr.write(f"\r{label} {done}/{total}")
    return True


def cmd_password(args) -> int:
    from disclosure_desk.cli import ENV_NEW_PASSWORD, ENV_USER, read_password
    from disclosure_desk.domain.errors import PermissionDenied
    from disclosure_desk.services.common import auth

    common.open_db(args)
    import os

    login = (args.user or os.environ.get(ENV_USER, "")).strip()
    if not login:
        raise PermissionDenied(tr("请用 --user 登录名指定要修改密码的账户。"))
    old = read_password(tr("{login} 的当前密码：").format(login=login))
    # Signing in checks the old password (with the lockout) even when a change is due.
    signed_in = auth.sign_in(login, old)
    new = read_password(tr("新密码："), confirm=True, env=ENV_NEW_PASSWORD)
    auth.change_password(signed_in, old, new)
    print(tr("账户 {login} 的密码已修改。").format(login=login))
    return 0


def cmd_migrate(args) -> int:
    from disclosure_desk.services.common import setup

    t = common.target(args)
    applied = setup.migrate_now(t)
    print(tr("已升级：") + "、".join(applied) if applied else tr("数据库结构已是最新。"))
    return 0


def cmd_backup(args) -> int:
    from disclosure_desk.services.common import setup

    t = common.open_db(args)
    out = setup.backup(t, common.actor(args), args.to)
    print(tr("已备份到 {out}").format(out=out))
    return 0


def cmd_restore(args) -> int:

    from disclosure_desk.services.admin import backups

    common.open_db(args)
    actor = common.actor(args)
    kept, _changes = backups.restore_from(actor, args.file)
    print(tr("已从 {file} 恢复；原数据库已另存为 {kept}。").format(file=args.file, kept=kept))
    return 0


def cmd_audit_verify(args) -> int:
    from disclosure_desk.services.admin import audit as audit_service

    common.open_db(args)
    result = audit_service.verify(common.actor(args), anchor_file=args.anchor)
    if not result.ok:
        raise DeskError(result.message)
    print(result.message)
    return 0


def cmd_audit_anchor(args) -> int:
    from disclosure_desk.services.admin import audit as audit_service

    common.open_db(args)
    anchor = audit_service.export_anchor(common.actor(args), args.to)
    print(
        tr("已导出审计锚点 {to}：第 {last_id} 条，哈希 {value}…").format(
            to=args.to, last_id=anchor.last_id, value=anchor.last_hash[:16]
        )
    )
    return 0
