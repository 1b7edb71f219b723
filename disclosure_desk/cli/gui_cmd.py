"""`gui` command: open the window, or render one view offscreen to a PNG."""

from __future__ import annotations

import os
import re
from pathlib import Path

from disclosure_desk.cli import common
from disclosure_desk.domain.errors import InputError
from disclosure_desk.i18n import tr

VIEWS = ("dashboard", "items", "reviews", "applications", "reports", "duties", "settings")


def register(sub) -> None:
    p = sub.add_parser("gui", help=tr("打开图形界面，或离屏截图某个视图"))
    p.add_argument("--screenshot", type=Path, help=tr("把视图渲染成 PNG 文件（无需显示器）"))
    p.add_argument("--view", default="dashboard", help=tr("视图：") + "、".join(VIEWS))
    p.add_argument("--size", default="1280x800", help=tr("窗口尺寸，如 1280x800"))
    p.set_defaults(func=cmd_gui)


def _size(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"(\d{3,5})[xX×](\d{3,5})", text.strip())
    if not m:
        raise InputError(tr("窗口尺寸格式不对：{text}（例如 1280x800）").format(text=text))
    return int(m.group(1)), int(m.group(2))


def cmd_gui(args) -> int:
    if args.view not in VIEWS:
        raise InputError(
            tr("没有名为 {view} 的视图（可选：{views}）").format(
                view=args.view, views="、".join(VIEWS)
            )
        )
    if args.screenshot is None:
        return open_gui(args)
    size = _size(args.size)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    common.open_db(args)
    actor = common.actor(args)
    out = args.screenshot
    if out.parent and not out.parent.exists():
        raise InputError(tr("截图目录不存在：{path}").format(path=out.parent))
    from disclosure_desk.ui.shell.app import screenshot

    screenshot(actor, args.view, out, size)
    print(tr("已保存截图 {path}").format(path=out))
    return 0


def open_gui(args) -> int:
    from disclosure_desk.services.common import workstation
    from disclosure_desk.ui.shell.app import run_gui

    t = common.target(args)
    return run_gui(t, user=args.user, first_run=not args.db and workstation.needs_first_run())
