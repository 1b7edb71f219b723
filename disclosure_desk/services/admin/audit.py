"""Reading and verifying the audit log."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.services.common.context import change
from disclosure_desk.store import audit, audit_anchor
from disclosure_desk.store import db as store_db
from disclosure_desk.store.models import AuditEntry

VerifyResult = audit.VerifyResult


def verify(actor: Actor, anchor_file: Path | None = None) -> VerifyResult:
    """Walk the chain, then compare it with the newest anchor kept outside the database (or the
    one given); the message names the anchor used. Wipes, truncations with a rewritten head and
    recomputed chains are only visible through an anchor (PRODUCT.md §4.1)."""
    actor.require("audit.view")
    result = audit.verify()
    if not result.ok:
        return result
    if anchor_file is not None:
        anchor = audit_anchor.read(Path(anchor_file))
        if anchor is None:
            raise InputError(f"无法读取锚点文件：{anchor_file}")
        anchors = [anchor]
    else:
        anchors = audit_anchor.candidates(_backup_dir())
    if not anchors:
        return replace(
            result,
            message=result.message
            + "未找到库外锚点（数据库旁的 .anchor 文件或备份旁的锚点），无法排除整段删除或重算。",
        )
    newest = anchors[0]
    problem = audit_anchor.check(newest)
    if problem:
        return VerifyResult(False, result.checked, newest.last_id, problem)
    return replace(result, message=result.message + f"已对照{newest.describe()}，一致。")


def export_anchor(actor: Actor, dest: Path) -> audit_anchor.Anchor:
    """Write the chain tip to a file for the supervisor to keep (after checking the chain)."""
    actor.require("audit.view")
    dest = Path(dest)
    if dest.exists():
        raise InputError(f"目标文件已存在：{dest}（为防止覆盖，请换一个文件名）。")
    result = audit.verify()
    if not result.ok:
        raise InputError(f"审计日志校验未通过，不能导出锚点：{result.message}")
    try:
        anchor = audit_anchor.export_to(dest)
    except OSError as exc:
        raise InputError(f"无法写入锚点文件 {dest}：{exc.strerror or exc}") from None
    with change(actor, None) as tx:
        tx.audit("audit.anchor", "", "", None, {"file": str(dest), "last_id": anchor.last_id})
    return anchor


def _backup_dir() -> Path | None:
    path = store_db.current_sqlite_path()
    return store_db.backup_dir(path) if path is not None else None


@dataclass(frozen=True)
class AuditRow:
    id: int
    ts: str
    user: str
    action: str
    table: str
    record_id: str
    before: str
    after: str


def entries(
    actor: Actor,
    *,
    user: str = "",
    action: str = "",
    since: str = "",
    until: str = "",
    limit: int = 500,
) -> list[AuditRow]:
    actor.require("audit.view")
    q = AuditEntry.select().order_by(AuditEntry.id.desc())
    if user:
        q = q.where(AuditEntry.user_login.contains(user))
    if action:
        q = q.where(AuditEntry.action.contains(action))
    if since:
        q = q.where(AuditEntry.ts >= since)
    if until:
        q = q.where(AuditEntry.ts <= until + "T23:59:59")
    return [
        AuditRow(e.id, e.ts, e.user_login, e.action, e.table_name, e.record_id, e.before, e.after)
        for e in q.limit(limit)
    ]


def record_export(
    actor: Actor, what: str, rows: int, path: object, *, unmasked: bool = False, **extra: object
) -> None:
    """Audit an export: what was exported, how many rows, where to, and whether personal data
    went out in clear (PRODUCT.md §4.1)."""
    target = "-" if str(path) == "-" else str(path)
    with change(actor, None) as tx:
        tx.audit(
            "export",
            what,
            "",
            None,
            {"what": what, "rows": rows, "file": target, "unmasked": unmasked, **extra},
        )
