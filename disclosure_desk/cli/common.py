"""Helpers shared by the command modules: opening the database and resolving the actor."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from disclosure_desk.domain.errors import InputError, PermissionDenied
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import auth, setup


def target(args):
    return setup.parse_target(args.db)


def open_db(args, *, create: bool = False):
    t = target(args)
    setup.open_target(t, create=create)
    return t


def actor(args) -> Actor:
    """The signed-in user: ``--user`` (or env DISCLOSURE_DESK_USER) and the password.

    There is no implicit operator (PRODUCT.md §4.1): without a login the command is refused."""
    from disclosure_desk.cli import ENV_USER, read_password

    login = (args.user or os.environ.get(ENV_USER, "")).strip()
    if not login:
        raise PermissionDenied(
            tr(
                "此命令需要登录：请用 --user 登录名（或环境变量 {ENV_USER}）指定用户，密码取自环境变量 DISCLOSURE_DESK_PASSWORD 或在提示时输入。"
            ).format(ENV_USER=ENV_USER)
        )
    signed_in = auth.sign_in(login, read_password(tr("{login} 的密码：").format(login=login)))
    if auth.must_change_password(signed_in):
        raise PermissionDenied(
            tr(
                "账户 {login} 须先修改初始密码：请运行 disclosure-desk --user {login} password，或在图形界面登录后修改。"
            ).format(login=login)
        )
    return signed_in


def optional_actor(args) -> Actor | None:
    """For the read-only commands (deadline, scan, calendar show): sign in only with --user."""
    return actor(args) if args.user else None


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
            print(
                tr("第 {row} 行【{column}】{message}").format(
                    row=e.row, column=e.column, message=e.message
                ),
                file=sys.stderr,
            )
        print(tr("共 {n} 处错误，未导入任何记录。").format(n=len(report.errors)), file=sys.stderr)
    return 0 if report.ok else 2


def write_output(
    target: object, data: bytes, actor: Actor | None = None, what: str = "", **extra: object
) -> None:
    """Write ``data`` to a file, or to standard output when the target is "-" (§4.2); with an
    actor, the document is recorded as an export in the audit log (§4.1)."""
    from pathlib import Path

    if str(target) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        try:
            Path(str(target)).write_bytes(data)
        except OSError as exc:
            raise InputError(
                tr("无法写入文件 {target}：{value}").format(
                    target=target, value=exc.strerror or exc
                )
            ) from None
    if actor is not None:
        from disclosure_desk.services.admin.audit import record_export

        record_export(actor, what, 1, target, **extra)
