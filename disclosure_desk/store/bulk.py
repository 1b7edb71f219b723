"""Multi-row INSERT without peewee's per-value query building.

peewee's ``insert_many`` builds a node per value; for a 50,000-row import that SQL generation
costs more than the database work. Here the statement text is built once per batch size and the
values pass through each field's ``db_value`` (the same conversion peewee applies).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from disclosure_desk.store.models import database_proxy

BATCH = 500  # rows per statement: ~30 columns × 500 stays under SQLite's variable limit


def insert_rows(model: Any, rows: Sequence[dict[str, Any]], batch: int = BATCH) -> None:
    """Insert ``rows`` (dicts with the same keys: model field names) into ``model``'s table."""
    if not rows:
        return
    names = list(rows[0])
    fields = [model._meta.fields[n] for n in names]
    db = database_proxy.obj
    table = '"' + model._meta.table_name + '"'
    columns = ", ".join('"' + f.column_name + '"' for f in fields)
    one = "(" + ", ".join([db.param] * len(fields)) + ")"
    converters = [f.db_value for f in fields]
    pairs = list(zip(names, converters, strict=True))
    statements: dict[int, str] = {}
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        sql = statements.get(len(chunk))
        if sql is None:
            sql = f"INSERT INTO {table} ({columns}) VALUES " + ", ".join([one] * len(chunk))
            statements[len(chunk)] = sql
        params = [conv(row[name]) for row in chunk for name, conv in pairs]
        db.execute_sql(sql, params)
