"""The one background worker of the GUI: runs a service call on a QThread, with progress and cancel.

``start(owner, fn, done, progress=None)`` runs ``fn(report)`` on its own thread; ``report(done,
total, label="")`` emits progress to the GUI thread and returns False once the officer cancelled
(services stop at the next row and raise their ``Cancelled``). ``done(result)`` runs on the GUI
thread with the return value or the app's own error (a DeskError). Anything else is a bug: it goes
to the one exception hook (log file + one dialog) and ``done`` receives a ``Crashed`` error, which
``dialogs.show_error`` does not show a second time.

peewee keeps one connection per thread: the worker closes its own (``setup.close_thread_connection``)
before it reports. ``setup.close()`` first waits for every running task, so the database is never
closed under a query.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import setup

Report = Callable[..., bool]


def file_problem(exc: OSError) -> str:
    where = f" {exc.filename}" if exc.filename else ""
    return tr("无法读写文件{where}：{problem}").format(where=where, problem=exc.strerror or exc)


class Crashed(DeskError):
    """An unexpected error in a background task; already logged and shown by the exception hook."""

    already_reported = True

    def __init__(self, exc: BaseException) -> None:
        super().__init__(tr("操作未完成：程序内部错误，详细信息已写入错误日志。"))
        self.original = exc


class _Job(QThread):
    """The thread itself runs the job (no event loop): it ends as soon as ``run`` returns. Its
    signals live on the GUI thread, so emitting them from ``run`` queues them there."""

    progress = Signal(int, int, str)
    delivered = Signal(object)

    def __init__(self, fn: Callable[[Report], object]) -> None:
        super().__init__()
        self.fn = fn
        self.cancelled = threading.Event()
        self.result: object = None
        self.error: BaseException | None = None  # an unexpected one, for the exception hook

    def run(self) -> None:
        def report(done: int, total: int, label: str = "") -> bool:
            self.progress.emit(done, total, label)
            return not self.cancelled.is_set()

        try:
            result: object = self.fn(report)
        except DeskError as exc:
            result = exc
        except OSError as exc:  # a file the officer chose: unreadable, unwritable, disk full
            result = DeskError(file_problem(exc))
        except Exception as exc:  # noqa: BLE001 — a bug: handed to the GUI thread's exception hook
            self.error = exc
            result = Crashed(exc)
        finally:
            setup.close_thread_connection()
        self.result = result
        self.delivered.emit(result)


class Task(QObject):
    """One running job. ``cancel()`` asks it to stop; ``wait()`` blocks until ``done`` has run."""

    def __init__(
        self,
        owner: QObject | None,
        fn: Callable[[Report], object],
        done: Callable[[object], None],
        progress: Callable[[int, int, str], None] | None = None,
    ) -> None:
        super().__init__(owner)
        self._done_cb = done
        self.job = _Job(fn)
        if progress is not None:
            self.job.progress.connect(progress)
        self.job.delivered.connect(self._finish)
        self.delivered = False

    def start(self) -> Task:
        _running.add(self)
        self.job.start()
        return self

    def running(self) -> bool:
        return not self.delivered

    def cancel(self) -> None:
        self.job.cancelled.set()

    @property
    def cancelled(self) -> bool:
        return self.job.cancelled.is_set()

    def _finish(self, _result: object = None) -> None:
        if self.delivered:
            return
        self.job.wait()  # run() has returned; make sure the thread has fully ended
        self.delivered = True
        _running.discard(self)
        if self.job.error is not None:
            err = self.job.error
            sys.excepthook(type(err), err, err.__traceback__)
        self._done_cb(self.job.result)

    def wait(self) -> None:
        """Block until the job has ended and ``done`` has run (tests, screenshots, closing)."""
        if self.delivered:
            return
        self.job.wait()
        self._finish()

    def drop(self) -> None:
        """Wait for the job to end without delivering its result (the owner is closing)."""
        if self.delivered:
            return
        self.cancel()
        self.job.wait()
        self.delivered = True
        _running.discard(self)


# Every task still running, whoever owns it, so setup.close() can wait for them.
_running: set[Task] = set()


def start(
    owner: QObject | None,
    fn: Callable[[Report], object],
    done: Callable[[object], None],
    progress: Callable[[int, int, str], None] | None = None,
) -> Task:
    return Task(owner, fn, done, progress).start()


def running() -> int:
    return len(_running)


def wait_all() -> None:
    """Block until every running task has ended (their results are still delivered)."""
    for task in list(_running):
        task.job.wait()
        _running.discard(task)


setup.before_close(wait_all)
