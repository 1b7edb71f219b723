"""Helpers shared by the command modules: opening the database and resolving the actor."""
from __future__ import annotations

import getpass
import json
import sys
from typing import Any

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services import auth, setup


def target(args):
    return setup.parse_target(args.db)


def open_db(args, *, create: bool = False):
    t = target(args)
    setup.open_target(t, create=create)
    return t


def actor(args) -> Actor:
    """The signed-in user with --user; otherwise the local operator of this installation."""
    if args.user:
        from disclosure_desk.cli import read_password

        return auth.sign_in(args.user, read_password(f"{args.user} 的密码："))
    try:
        os_user = getpass.getuser()
    except Exception:  # noqa: BLE001 — no login name in some containers
        os_user = "local"
    return Actor(login=f"cli:{os_user}", name="命令行操作员",
                 roles=frozenset({"admin", "supervisor", "officer"}))


def print_json(data: Any, stream=None) -> None:
    stream = stream or sys.stdout
    json.dump(data, stream, ensure_ascii=False, indent=2, default=str)
    stream.write("\n")


def report_import(args, report, noun: str) -> int:
    """Print an all-or-nothing import report (JSON or lines in Chinese); exit 2 when rows are bad."""
    if args.json:
        print_json(report.as_json())
    elif report.ok:
        if args.dry_run:
            print(tr("检查通过：{n} 行均可导入（试运行，未写入）。").format(n=report.checked))
        else:
            print(tr("已导入 {n} {noun}。").format(n=report.imported, noun=tr(noun)))
    else:
        for e in report.errors:
            print(tr("第 {row} 行【{column}】{message}").format(row=e.row, column=e.column, message=e.message), file=sys.stderr)
        print(tr("共 {n} 处错误，未导入任何记录。").format(n=len(report.errors)), file=sys.stderr)
    return 0 if report.ok else 2
