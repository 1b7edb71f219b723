"""0006 — indexes for the reports: 体裁, 发布日期 and 登记时间 of items, the serial year of
applications and the filing date of appeals (annual report, quarterly summary, catalogue).

Frozen: plain SQL that both SQLite and PostgreSQL accept; the names are the ones peewee derives
from the models' Meta.indexes, so a database built from the models and a migrated one agree.
"""

from __future__ import annotations

INDEXES: tuple[tuple[str, str, str], ...] = (
    ("item_genre", "item", "genre"),
    ("item_published_on", "item", "published_on"),
    ("item_created_at", "item", "created_at"),
    ("application_serial_year", "application", "serial_year"),
    ("appeal_filed_on", "appeal", "filed_on"),
)


def up(migrator, db):
    for name, table, column in INDEXES:
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")')
