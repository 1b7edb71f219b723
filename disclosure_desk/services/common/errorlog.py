"""The error log and the one exception hook for errors nobody handled.

Errors the officer can act on are ``DeskError`` and are shown where they happen. Anything else is
a bug: ``install()`` makes ``sys.excepthook`` and ``threading.excepthook`` write it with its
traceback to a rotating log file in the user's data directory (``logs/disclosure-desk.log``, five
files of 1 MB) and hand one plain sentence plus the details to ``show`` (the GUI's dialog, the
CLI's stderr line). ``DISCLOSURE_DESK_LOG_DIR`` moves the log (tests, portable installs).
"""

from __future__ import annotations

import logging
import os
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from disclosure_desk.i18n import N_, tr
from disclosure_desk.store.db import default_data_dir

ENV_LOG_DIR = "DISCLOSURE_DESK_LOG_DIR"
LOG_NAME = "disclosure-desk.log"
MAX_BYTES = 1_000_000
BACKUPS = 4
SUMMARY = N_("程序遇到了意外错误，刚才的操作可能没有完成。详细信息已写入错误日志：{path}")

log = logging.getLogger("disclosure_desk")
Show = Callable[[str, str], None]  # (plain summary, details to copy)


def log_dir() -> Path:
    configured = os.environ.get(ENV_LOG_DIR, "").strip()
    return Path(configured) if configured else default_data_dir() / "logs"


def log_path() -> Path:
    return log_dir() / LOG_NAME


def configure() -> Path | None:
    """Attach the rotating file handler once; None when the directory cannot be written."""
    path = log_path()
    for h in log.handlers:
        if isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path.resolve():
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Tracebacks may quote record data: the log is readable by its owner only.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None  # a read-only profile must not stop the app; errors still reach the screen
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(threadName)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return path


def details(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, thread: str = ""
) -> str:
    """The text the officer copies for support: versions, thread and the traceback."""
    head = [
        f"Disclosure Desk, Python {platform.python_version()}, {platform.platform()}",
        tr("线程：{name}").format(name=thread or threading.current_thread().name),
        "",
    ]
    return "\n".join(head) + "".join(traceback.format_exception(exc_type, exc, tb))


def record(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None, thread: str = ""
) -> tuple[str, str]:
    """Write the error to the log; returns (summary for the officer, details to copy)."""
    path = configure()
    text = details(exc_type, exc, tb, thread)
    log.error(tr("未处理的错误") + "\n%s", text)
    where = str(path) if path else tr("（无法写入日志目录）")
    return tr(SUMMARY).format(path=where), text


_show: Show | None = None


def _excepthook(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    summary, text = record(exc_type, exc, tb)
    if _show is not None:
        _show(summary, text)
    else:
        sys.stderr.write(summary + "\n")


def _threading_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_type is SystemExit:
        return
    name = args.thread.name if args.thread is not None else ""
    summary, text = record(args.exc_type, args.exc_value, args.exc_traceback, name)
    if _show is not None:
        _show(summary, text)
    else:
        sys.stderr.write(summary + "\n")


def install(show: Show | None = None) -> Path | None:
    """Route every unhandled error (main thread and other threads) through the log and ``show``."""
    global _show
    _show = show
    sys.excepthook = _excepthook
    threading.excepthook = _threading_hook
    return configure()
