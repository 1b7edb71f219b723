"""Export of the audit log (with the settings view's filters) to .csv or .xlsx."""

from __future__ import annotations

from pathlib import Path

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.files.spreadsheet import write_table
from disclosure_desk.services.admin import audit as audit_service

HEADERS = ("序号", "时间", "用户", "操作", "数据表", "记录", "修改前", "修改后")
MAX_ROWS = 1_000_000
SHEET_TITLE = "审计日志"


def export(
    actor: Actor,
    path: str | Path,
    *,
    user: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
) -> int:
    """Write the matching entries, oldest first; returns the number of rows written.

    Cells starting with = + - @ are neutralised by files/spreadsheet.py (formula injection)."""
    rows = audit_service.entries(
        actor, user=user, action=action, since=since, until=until, limit=MAX_ROWS
    )
    rows.reverse()
    n = write_table(
        path,
        HEADERS,
        ((r.id, r.ts, r.user, r.action, r.table, r.record_id, r.before, r.after) for r in rows),
        sheet_title=SHEET_TITLE,
    )
    audit_service.record_export(actor, "audit_log", n, path)
    return n
