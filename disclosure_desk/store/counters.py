"""Concurrency-safe 索引号 serials: one counter row per (prefix, year), drawn inside the caller's transaction.

The draw is a single ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement. On SQLite the
connection already holds the write lock (transactions begin IMMEDIATE), so writers queue; on
PostgreSQL the upsert row-locks the counter until the transaction ends, so a second workstation
waits and then sees the incremented value. A rolled-back transaction rolls its increment back
too, which is why serials have no gaps and are never handed out twice.
"""

from __future__ import annotations

from disclosure_desk.store.models import IndexCounter, database_proxy


def _param() -> str:
    return database_proxy.obj.param


def reserve(prefix: str, year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive serials for (prefix, year); returns the first one."""
    if count < 1:
        raise ValueError("count must be positive")
    p = _param()
    table = IndexCounter._meta.table_name
    sql = (
        f"INSERT INTO {table} (prefix, year, last_serial) VALUES ({p}, {p}, {p}) "
        f"ON CONFLICT (prefix, year) DO UPDATE SET last_serial = {table}.last_serial + {p} "
        "RETURNING last_serial"
    )
    row = database_proxy.obj.execute_sql(sql, (prefix, year, count, count)).fetchone()
    return int(row[0]) - count + 1


def next_serial(prefix: str, year: int) -> int:
    """Draw the next serial for (prefix, year)."""
    return reserve(prefix, year, 1)


def raise_to(prefix: str, year: int, serial: int) -> None:
    """Make sure later draws come after ``serial`` (an imported legacy number already uses it)."""
    p = _param()
    table = IndexCounter._meta.table_name
    sql = (
        f"INSERT INTO {table} (prefix, year, last_serial) VALUES ({p}, {p}, {p}) "
        f"ON CONFLICT (prefix, year) DO UPDATE SET last_serial = "
        f"CASE WHEN {table}.last_serial < {p} THEN {p} ELSE {table}.last_serial END"
    )
    database_proxy.obj.execute_sql(sql, (prefix, year, serial, serial, serial))


def last_serial(prefix: str, year: int) -> int:
    row = IndexCounter.get_or_none((IndexCounter.prefix == prefix) & (IndexCounter.year == year))
    return row.last_serial if row else 0
