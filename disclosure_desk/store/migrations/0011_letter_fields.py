"""0011 — the fields letters print, stored on the case's events instead of parsed from prose.

``application_event.counterpart``: the third party or body consulted (征询函 addressee);
``application_event.requested``: the items an applicant is asked to correct (补正告知书).
Existing rows are filled once from the text the app wrote until now ("向第三方“X”征求意见…",
"items；补正期限至 YYYY-MM-DD"); this is the only place that reads that prose.
"""

from __future__ import annotations

import re

from peewee import CharField, TextField

_QUOTED = re.compile(r"“(.+?)”")
DEFAULT_ITEMS = "一次性告知需要补正的事项"


def up(migrator, db):
    migrator.migrate(
        migrator.add_column("application_event", "counterpart", CharField(default="")),
        migrator.add_column("application_event", "requested", TextField(default="")),
    )
    rows = db.execute_sql(
        "SELECT id, kind, detail FROM application_event "
        "WHERE kind IN ('consultation_start', 'correction_requested')"
    ).fetchall()
    for event_id, kind, detail in rows:
        detail = detail or ""
        if kind == "consultation_start":
            m = _QUOTED.search(detail)
            if m:
                db.execute_sql(
                    "UPDATE application_event SET counterpart = %s WHERE id = %s"
                    if _is_pg(db)
                    else "UPDATE application_event SET counterpart = ? WHERE id = ?",
                    (m.group(1), event_id),
                )
        else:
            items = detail.split("；补正期限")[0].strip()
            if items and items != DEFAULT_ITEMS:
                db.execute_sql(
                    "UPDATE application_event SET requested = %s WHERE id = %s"
                    if _is_pg(db)
                    else "UPDATE application_event SET requested = ? WHERE id = ?",
                    (items, event_id),
                )


def _is_pg(db) -> bool:
    return db.param == "%s"
