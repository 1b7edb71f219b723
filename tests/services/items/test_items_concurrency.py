"""Two processes registering items at once against one database get distinct, gap-free 索引号."""

from __future__ import annotations

import multiprocessing as mp
import os
import re

PG_URL = os.environ.get("DISCLOSURE_DESK_TEST_PG", "")

PER_PROCESS = 500


def _register(target_value: str, count: int, start, errors) -> None:
    import datetime as dt

    from disclosure_desk.domain.permissions import SYSTEM
    from disclosure_desk.services.common import setup
    from disclosure_desk.services.items import register as items
    from disclosure_desk.services.items.rules import ItemInput
    from disclosure_desk.store.models import Unit

    try:
        setup.open_target(setup.parse_target(target_value))
        unit_id = Unit.get(Unit.code == "ROOT").id
        start.wait(30)
        for i in range(count):
            items.create_item(
                SYSTEM, ItemInput(title=f"并发登记{i}", unit_id=unit_id), today=dt.date(2025, 5, 6)
            )
        setup.close()
    except Exception as exc:  # noqa: BLE001 — reported to the parent
        errors.put(repr(exc))


def _target_value(db) -> str:
    return db.target.url if PG_URL else str(db.path)


def _run(db, per_process: int) -> list[str]:
    from disclosure_desk.store.models import Item

    ctx = mp.get_context("spawn")
    start, errors = ctx.Event(), ctx.Queue()
    procs = [
        ctx.Process(target=_register, args=(_target_value(db), per_process, start, errors))
        for _ in range(2)
    ]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(180)
    assert errors.empty(), errors.get()
    assert all(p.exitcode == 0 for p in procs)
    return [i.index_no for i in Item.select(Item.index_no)]


def _check(numbers: list[str], expected: int) -> None:
    assert len(numbers) == expected == len(set(numbers))
    serials = sorted(int(re.fullmatch(r"000014349/2025-(\d{5})", n).group(1)) for n in numbers)
    assert serials == list(range(1, expected + 1))  # no gaps, none reused


def test_two_processes_register_500_each(db):
    _check(_run(db, PER_PROCESS), 2 * PER_PROCESS)
