"""Loads the dashboard's headline counts and to-dos on a worker thread.

The to-do queries take a few hundred milliseconds on a district database; running them while the
main window is built kept the window from appearing. The load runs as a ``ui/common/workers.py`` task:
it only calls services and hands back a frozen ``DashboardData`` (or the error), so widgets are
only ever touched on the GUI thread; the task closes its thread's connection, and
``setup.close()`` waits for every running task first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from disclosure_desk.domain.errors import DeskError
from disclosure_desk.services.common import setup
from disclosure_desk.ui.common import workers

if TYPE_CHECKING:
    from disclosure_desk.domain.duties import MonitorSheet
    from disclosure_desk.domain.permissions import Actor
    from disclosure_desk.services.common import overview
    from disclosure_desk.services.dashboard import todos as reports_todo

TODO_LIMIT = 200


@dataclass(frozen=True)
class DashboardData:
    summary: overview.Summary
    todos: reports_todo.TodoList
    duties: MonitorSheet | None = None  # this month's 公开职责 so far (一月一监测)


def this_month_duties(actor: Actor, today: dt.date | None = None) -> MonitorSheet | None:
    """The monitoring sheet of the current month as of today; None when it cannot be computed
    (e.g. holiday data missing for a year it needs — the dashboard says so elsewhere)."""
    from disclosure_desk.services.duties import monitoring as duties

    today = today or dt.date.today()
    try:
        return duties.monitor(actor, today.year, today.month, as_of=today)
    except DeskError:
        return None


def load(actor: Actor) -> DashboardData:
    """Everything the dashboard shows (runs on any thread; services only). The services are
    imported here, on the worker thread, not when the window is built: the window's first
    paint does not wait for their modules (the to-do rules, the calendar, the duties)."""
    from disclosure_desk.services.common import overview
    from disclosure_desk.services.dashboard import todos as reports_todo

    return DashboardData(
        overview.summary(actor),
        reports_todo.todos(actor, limit=TODO_LIMIT),
        this_month_duties(actor),
    )


class Loader(QObject):
    """At most one load at a time per view; a refresh asked for meanwhile reloads afterwards, so
    the last request always wins. ``apply(result)`` runs on the GUI thread with the data or the
    error. The load itself runs as a ``workers`` task."""

    def __init__(self, actor: Actor, apply: Callable[[object], None], parent: QObject) -> None:
        super().__init__(parent)
        self.actor = actor
        self._apply = apply
        self._task: workers.Task | None = None
        self._again = False

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self) -> None:
        if self._task is not None:
            self._again = True  # data changed while loading: load again when this one ends
            return
        self._task = workers.start(self, lambda _report: load(self.actor), self._done)

    def _done(self, result: object) -> None:
        self._task = None
        if self._again and setup.is_open():
            self._again = False
            self.start()
            return
        self._again = False
        self._apply(result)

    def wait(self) -> None:
        """Block until the data is loaded and applied (used by tests and the screenshot)."""
        while self._task is not None:
            self._task.wait()

    def stop(self) -> None:
        """Wait for a running load and drop its result (the window is closing)."""
        self._again = False
        task = self._task
        if task is not None:
            task.drop()
            self._task = None
