"""argparse front end over the services: the command-line contract of PRODUCT.md §3."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Sequence

from disclosure_desk import __version__, i18n
from disclosure_desk.domain.errors import DeskError, InputError
from disclosure_desk.i18n import tr


def command_modules() -> tuple:
    """One module per command group, each defining register(subparsers).

    Imported by name in the source (not through importlib), so a freezer such as PyInstaller
    sees every command; tests/cli/test_cli_modules.py checks that no cli module is left out."""
    from disclosure_desk.cli import (
        applications_cmd,  # applications import/export
        calendar_cmd,  # deadline, calendar
        config_cmd,  # config (folders, connection)
        duties_cmd,  # duties monitor/rules/interpretation/proposals/handover/training
        gui_cmd,
        items_cmd,  # items import/export/search
        ops,
        report_cmd,  # report annual/quarterly, catalogue
        scan_cmd,  # scan
    )

    return (
        ops,
        gui_cmd,
        calendar_cmd,
        scan_cmd,
        items_cmd,
        applications_cmd,
        report_cmd,
        duties_cmd,
        config_cmd,
    )


ENV_PASSWORD = "DISCLOSURE_DESK_PASSWORD"
ENV_USER = "DISCLOSURE_DESK_USER"
ENV_NEW_PASSWORD = "DISCLOSURE_DESK_NEW_PASSWORD"


class Parser(argparse.ArgumentParser):
    """argparse that reports mistakes as one Chinese sentence and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        if i18n.language() != "en":
            message = _chinese_argparse(message)
        sys.stderr.write(
            tr("disclosure-desk: 错误：{message}（用 --help 查看用法）\n").format(message=message)
        )
        raise SystemExit(2)


def _chinese_argparse(message: str) -> str:
    return (
        message.replace("the following arguments are required", "缺少必填参数")
        .replace("unrecognized arguments", "无法识别的参数")
        .replace("invalid choice", "无效的选项")
        .replace("expected one argument", "需要一个值")
        .replace("argument ", "参数 ")
    )


def _early_language(argv: Sequence[str]) -> str | None:
    """``--lang`` read before argparse runs, so its error messages use the chosen language
    (the ``help=`` texts are built at registration and stay Chinese)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="disclosure-desk", description=tr("政务公开台账 — 政府信息公开工作台账"))
    parser.add_argument(
        "--db", help=tr("SQLite 文件路径或 postgresql://… 地址（环境变量 DISCLOSURE_DESK_DB）")
    )
    parser.add_argument(
        "--user",
        help=tr(
            "登录名（或环境变量 DISCLOSURE_DESK_USER；密码取自环境变量 DISCLOSURE_DESK_PASSWORD，否则提示输入）"
        ),
    )
    parser.add_argument("--lang", choices=("zh_CN", "en"), help=tr("界面语言"))
    parser.add_argument("--version", action="version", version=f"disclosure-desk {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=Parser)
    for module in command_modules():
        module.register(sub)
    return parser


def read_password(prompt: str | None = None, confirm: bool = False, env: str = ENV_PASSWORD) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise InputError(
            tr("请通过环境变量 {name} 提供密码（当前不是交互式终端，无法提示输入）。").format(
                name=env
            )
        )
    first = getpass.getpass(tr("密码：") if prompt is None else prompt)
    if confirm and getpass.getpass(tr("再次输入：")) != first:
        raise InputError(tr("两次输入的密码不一致。"))
    return first


def _unexpected(exc: BaseException) -> int:
    """Database and disk failures in plain words; anything else is logged with its traceback to
    a file and reported in one line (exit 1)."""
    from disclosure_desk.services.common import setup

    plain = setup.explain_error(exc)
    if plain:
        sys.stderr.write(f"disclosure-desk: {plain}\n")
        return 1
    from disclosure_desk.services.common import errorlog

    summary, _details = errorlog.record(type(exc), exc, exc.__traceback__)
    sys.stderr.write(f"disclosure-desk: {summary}\n")
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    early = _early_language(argv)
    if early in ("zh_CN", "en"):
        i18n.set_language(early)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        i18n.set_language(args.lang)
        if not args.command:
            from disclosure_desk.cli.gui_cmd import open_gui

            return open_gui(args)
        return int(args.func(args) or 0)
    except DeskError as exc:
        sys.stderr.write(f"disclosure-desk: {exc.message}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("disclosure-desk: " + tr("已取消。") + "\n")
        return 1
    except BrokenPipeError:
        return 1
    except Exception as exc:  # noqa: BLE001 — the last line of defence: never a traceback
        return _unexpected(exc)
    finally:
        from disclosure_desk.services.common import setup

        setup.close()
