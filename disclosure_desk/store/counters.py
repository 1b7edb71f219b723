"""Concurrency-safe serials, drawn inside the caller's transaction: 索引号 per (prefix, year) and
application 登记号 / letter 文书编号 per (unit, year, kind).

The draw is a single ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement. On SQLite the
connection already holds the write lock (transactions begin IMMEDIATE), so writers queue; on
PostgreSQL the upsert row-locks the counter until the transaction ends, so a second workstation
waits and then sees the incremented value. A rolled-back transaction rolls its increment back
too, which is why serials have no gaps and are never handed out twice.
"""

from __future__ import annotations

from disclosure_desk.store.models import ApplicationCounter, IndexCounter, database_proxy


def _param() -> str:
    return database_proxy.obj.param


# One upsert for every counter table: (table, key columns) -> draws and raises.
def _reserve(model, keys: dict[str, object], count: int) -> int:
    if count < 1:
        raise ValueError("count must be positive")
    p = _param()
    table = model._meta.table_name
    cols = ", ".join(keys)
    sql = (
        f"INSERT INTO {table} ({cols}, last_serial) VALUES ({', '.join([p] * (len(keys) + 1))}) "
        f"ON CONFLICT ({cols}) DO UPDATE SET last_serial = {table}.last_serial + {p} "
        "RETURNING last_serial"
    )
    row = database_proxy.obj.execute_sql(sql, (*keys.values(), count, count)).fetchone()
    return int(row[0]) - count + 1


def _raise_to(model, keys: dict[str, object], serial: int) -> None:
    p = _param()
    table = model._meta.table_name
    cols = ", ".join(keys)
    sql = (
        f"INSERT INTO {table} ({cols}, last_serial) VALUES ({', '.join([p] * (len(keys) + 1))}) "
        f"ON CONFLICT ({cols}) DO UPDATE SET last_serial = "
        f"CASE WHEN {table}.last_serial < {p} THEN {p} ELSE {table}.last_serial END"
    )
    database_proxy.obj.execute_sql(sql, (*keys.values(), serial, serial, serial))


def reserve(prefix: str, year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive 索引号 serials for (prefix, year); returns the first one."""
    return _reserve(IndexCounter, {"prefix": prefix, "year": year}, count)


def next_serial(prefix: str, year: int) -> int:
    """Draw the next serial for (prefix, year)."""
    return reserve(prefix, year, 1)


def raise_to(prefix: str, year: int, serial: int) -> None:
    """Make sure later draws come after ``serial`` (an imported legacy number already uses it)."""
    _raise_to(IndexCounter, {"prefix": prefix, "year": year}, serial)


def last_serial(prefix: str, year: int) -> int:
    row = IndexCounter.get_or_none((IndexCounter.prefix == prefix) & (IndexCounter.year == year))
    return row.last_serial if row else 0


# Application 登记号 and letter 文书编号 serials: one counter row per (unit, year, kind).
def reserve_case(unit_id: int, year: int, kind: str, count: int = 1) -> int:
    """Reserve ``count`` consecutive serials of (unit, year, kind); returns the first one."""
    return _reserve(ApplicationCounter, {"unit_id": unit_id, "year": year, "kind": kind}, count)


def raise_case_to(unit_id: int, year: int, kind: str, serial: int) -> None:
    _raise_to(ApplicationCounter, {"unit_id": unit_id, "year": year, "kind": kind}, serial)
