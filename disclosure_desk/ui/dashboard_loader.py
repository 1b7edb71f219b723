"""Loads the dashboard's headline counts and to-dos on a worker thread.

The to-do queries take a few hundred milliseconds on a district database; running them while the
main window is built kept the window from appearing. The worker thread only calls services and
hands back a frozen ``DashboardData`` (or the exception) through a queued signal, so widgets are
only ever touched on the GUI thread. peewee keeps one connection per thread: the worker closes
its own before it ends. ``setup.close()`` waits for every running loader first, so the database
is never closed under a query.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QThread, Signal

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.services import overview, reports_todo, setup

TODO_LIMIT = 200


@dataclass(frozen=True)
class DashboardData:
    summary: overview.Summary
    todos: reports_todo.TodoList


def load(actor: Actor) -> DashboardData:
    """Everything the dashboard shows (runs on any thread; services only)."""
    return DashboardData(overview.summary(actor), reports_todo.todos(actor, limit=TODO_LIMIT))


# Every loader thread still running, whatever view owns it, so setup.close() can wait for them.
_running: set[_LoadThread] = set()


def wait_all() -> None:
    """Block until every running loader thread has finished (their results are still delivered)."""
    for thread in list(_running):
        thread.wait()
        _running.discard(thread)


setup.before_close(wait_all)


class _LoadThread(QThread):
    # (this thread, DashboardData | Exception); queued to the GUI thread.
    loaded = Signal(object, object)

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.actor = actor
        self.result: object = None

    def run(self) -> None:
        try:
            result: object = load(self.actor)
        except Exception as exc:  # noqa: BLE001 — handed back to the GUI thread
            result = exc
        finally:
            setup.close_thread_connection()
        self.result = result
        self.loaded.emit(self, result)


class Loader(QObject):
    """At most one load at a time per view; a refresh asked for meanwhile reloads afterwards, so
    the last request always wins. ``apply(result)`` runs on the GUI thread with the data or the
    exception."""

    def __init__(self, actor: Actor, apply: Callable[[object], None], parent: QObject) -> None:
        super().__init__(parent)
        self.actor = actor
        self._apply = apply
        self._thread: _LoadThread | None = None
        self._again = False

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        if self._thread is not None:
            self._again = True  # data changed while loading: load again when this one ends
            return
        thread = _LoadThread(self.actor)
        thread.loaded.connect(self._done)
        self._thread = thread
        _running.add(thread)
        thread.start()

    def _done(self, thread: _LoadThread, result: object) -> None:
        if thread is not self._thread:
            return  # already taken by wait()/stop(), or a stale delivery
        thread.wait()  # run() has returned; make sure the thread has fully ended
        _running.discard(thread)
        self._thread = None
        if self._again and setup.is_open():
            self._again = False
            self.start()
            return
        self._again = False
        self._apply(result)

    def wait(self) -> None:
        """Block until the data is loaded and applied (used by tests and the screenshot)."""
        while self._thread is not None:
            thread = self._thread
            thread.wait()
            self._done(thread, thread.result)

    def stop(self) -> None:
        """Wait for a running load and drop its result (the window is closing)."""
        self._again = False
        thread = self._thread
        if thread is not None:
            thread.wait()
            _running.discard(thread)
            self._thread = None
