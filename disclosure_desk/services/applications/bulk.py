"""Bulk insertion of checked application rows for the spreadsheet import.

``applications_io.import_applications`` validates every row first (all-or-nothing) and then
calls ``insert_rows`` inside its one transaction. Inserting row by row cost ~8 statements per
application; here serials are drawn in one block per (unit, year) from the counter, numbers are
checked against the database with one ``IN`` query per block, and applications and their events
are written in multi-row INSERTs (store.bulk). The result is the same rows, serials, numbers and
events (in the same order) as inserting the rows one at a time in file order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from disclosure_desk.domain.errors import InputError, NotFound
from disclosure_desk.domain.index_numbers import format_number
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import tr
from disclosure_desk.services.applications import cases as core
from disclosure_desk.services.applications.cases import next_serial, reg_pattern
from disclosure_desk.store import bulk, counters
from disclosure_desk.store.models import Application, ApplicationEvent, Unit

BATCH = 500  # rows per INSERT: ~30 columns × 500 stays under SQLite's variable limit
_SPARE = 64  # numbers checked beyond the block, for legacy numbers that force a skip


@dataclass(frozen=True)
class BulkRow:
    """One checked application: the registration fields plus what the register already says."""

    unit_id: int
    received_on: dt.date
    channel: str
    applicant_type: str
    applicant_name: str
    id_number: str
    reg_no: str  # "" = generate from the unit's pattern
    fields: dict[str, Any]  # contact, content… and the imported outcome columns
    events: tuple[dict[str, Any], ...] = field(default=())  # after the receipt event


def insert_rows(actor: Actor, rows: Sequence[BulkRow], batch: str) -> int:
    """Insert ``rows`` in file order inside the caller's transaction; returns how many."""
    if not rows:
        return 0
    units = {u.id: u for u in Unit.select().where(Unit.id.in_({r.unit_id for r in rows}))}
    for r in rows:
        if r.unit_id not in units:
            raise NotFound(tr("所选单位不存在。"))
    numbers = _numbers(rows, units)
    given = [r.reg_no for r in rows if r.reg_no]
    for chunk in _chunks(given, BATCH):
        taken = Application.select(Application.reg_no).where(Application.reg_no.in_(chunk))
        first = taken.limit(1).scalar()
        if first is not None:
            raise InputError(tr("申请编号“{first}”已存在。").format(first=first))
    now = dt.datetime.now().replace(microsecond=0)
    # Rows and events are built per chunk, not all at once: a 50,000-row import keeps its
    # memory near what reading the sheet needs.
    defaults = _defaults(Application)
    for start in range(0, len(rows), BATCH):
        bulk.insert_rows(
            Application,
            [
                {**defaults, **_record(actor, r, reg_no, serial, batch, now)}
                for r, (reg_no, serial) in zip(
                    rows[start : start + BATCH], numbers[start : start + BATCH], strict=True
                )
            ],
        )
    ids = dict(
        Application.select(Application.reg_no, Application.id)
        .where(Application.import_batch == batch)
        .tuples()
    )
    event_defaults = _defaults(ApplicationEvent)
    for start in range(0, len(rows), BATCH):
        events: list[dict[str, Any]] = []
        for r, (reg_no, _serial) in zip(
            rows[start : start + BATCH], numbers[start : start + BATCH], strict=True
        ):
            steps = (
                {
                    "kind": "receipt",
                    "on": r.received_on,
                    "detail": core.RECEIVED.format(channel=r.channel),
                },
            )
            for ev in steps + r.events:
                events.append(
                    {
                        **event_defaults,
                        "application": ids[reg_no],
                        "kind": ev["kind"],
                        "on": ev["on"],
                        "detail": ev.get("detail", core.IMPORTED),
                        "actor": actor.user_id,
                        "created_at": now,
                    }
                )
        bulk.insert_rows(ApplicationEvent, events)
    return len(rows)


def _numbers(rows: Sequence[BulkRow], units: dict[int, Unit]) -> list[tuple[str, int]]:
    """(reg_no, serial) per row: every row draws a serial of its (unit, year), as one-by-one
    insertion would; generated numbers skip any already in the database or earlier in the file."""
    groups: dict[tuple[int, int], list[int]] = {}
    for i, r in enumerate(rows):
        groups.setdefault((r.unit_id, r.received_on.year), []).append(i)
    out: list[tuple[str, int] | None] = [None] * len(rows)
    used = {r.reg_no for r in rows if r.reg_no}
    for (unit_id, year), members in groups.items():
        unit = units[unit_id]
        pattern = reg_pattern(unit_id)
        short = unit.short_name or unit.name

        def number(serial: int, i: int, y: int = year, p: str = pattern, s: str = short) -> str:
            return format_number(
                p, serial=serial, unit_short=s, year=y, month=rows[i].received_on.month
            )

        first = next_serial(unit_id, year, "application")  # locks/creates the counter row
        serial = first - 1
        taken = _taken(number, members, first)
        for i in members:
            serial += 1
            if rows[i].reg_no:
                out[i] = (rows[i].reg_no, serial)
                continue
            reg_no = number(serial, i)
            while reg_no in used or _exists(reg_no, taken):
                serial += 1
                reg_no = number(serial, i)
            used.add(reg_no)
            out[i] = (reg_no, serial)
        counters.raise_case_to(unit_id, year, "application", serial)
    return [o for o in out if o is not None]


def _taken(
    number: Callable[[int, int], str], members: list[int], first: int
) -> tuple[set[str], set[str]]:
    """(numbers checked, those the database already holds) for the block plus a margin."""
    candidates = {
        number(first + k, members[min(k, len(members) - 1)]) for k in range(len(members) + _SPARE)
    }
    found: set[str] = set()
    for chunk in _chunks(sorted(candidates), BATCH):
        found.update(
            r[0]
            for r in Application.select(Application.reg_no)
            .where(Application.reg_no.in_(chunk))
            .tuples()
        )
    return candidates, found


def _exists(reg_no: str, taken: tuple[set[str], set[str]]) -> bool:
    checked, found = taken
    if reg_no in checked:
        return reg_no in found
    # Outside the pre-checked block (many legacy numbers in a row): ask the database.
    return Application.select().where(Application.reg_no == reg_no).exists()


def _record(
    actor: Actor, r: BulkRow, reg_no: str, serial: int, batch: str, now: dt.datetime
) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "reg_no": reg_no,
        "unit": r.unit_id,
        "serial_year": r.received_on.year,
        "serial": serial,
        "received_on": r.received_on,
        "channel": r.channel,
        "applicant_type": r.applicant_type,
        "applicant_name": r.applicant_name,
        "id_number": r.id_number,
        "created_by": actor.user_id,
        "created_at": now,
        "import_batch": batch,
        "status": "registered",
    }
    rec.update(r.fields)
    return rec


def _defaults(model: Any) -> dict[str, Any]:
    """Every column but the key, at the model default (what ``Model.create`` would fill in),
    so all rows of one INSERT have the same columns."""
    out: dict[str, Any] = {}
    for name, f in model._meta.fields.items():
        if f is model._meta.primary_key:
            continue
        out[name] = f.default() if callable(f.default) else f.default
    return out


def _chunks(seq: Sequence[Any], size: int) -> list[Sequence[Any]]:
    return [seq[i : i + size] for i in range(0, len(seq), size)]
