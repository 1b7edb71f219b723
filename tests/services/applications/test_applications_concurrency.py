"""Two processes registering applications at once get distinct, gap-free registration numbers."""

from __future__ import annotations

import multiprocessing as mp
import os

import pytest

PG_URL = os.environ.get("DISCLOSURE_DESK_TEST_PG", "")


def _register(target_value: str, count: int, start, errors) -> None:
    import datetime as dt

    from disclosure_desk.domain.permissions import SYSTEM
    from disclosure_desk.services.applications import cases as applications
    from disclosure_desk.services.common import setup
    from disclosure_desk.store.models import Unit

    try:
        setup.open_target(setup.parse_target(target_value))
        unit_id = Unit.get(Unit.code == "ROOT").id
        start.wait(30)
        for i in range(count):
            applications.register(
                SYSTEM,
                applications.NewApplication(
                    unit_id, dt.date(2025, 5, 6), "当面", "natural_person", f"申请人{i}"
                ),
            )
        setup.close()
    except Exception as exc:  # noqa: BLE001 — reported to the parent
        errors.put(repr(exc))


def _run(db, per_process: int) -> None:
    from disclosure_desk.store.models import Application

    ctx = mp.get_context("spawn")
    start, errors = ctx.Event(), ctx.Queue()
    target = db.target.url if PG_URL else str(db.path)
    procs = [
        ctx.Process(target=_register, args=(target, per_process, start, errors)) for _ in range(2)
    ]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(180)
    assert errors.empty(), errors.get()
    assert all(p.exitcode == 0 for p in procs)
    rows = list(Application.select(Application.reg_no, Application.serial))
    assert len({r.reg_no for r in rows}) == len(rows) == 2 * per_process
    assert sorted(r.serial for r in rows) == list(range(1, 2 * per_process + 1))


def test_two_processes_register_40_each(db):
    _run(db, 40)


@pytest.mark.slow
def test_two_processes_register_300_each(db):
    _run(db, 300)
