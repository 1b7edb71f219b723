"""Reading and verifying the audit log."""
from __future__ import annotations

from dataclasses import dataclass

from disclosure_desk.domain.permissions import Actor
from disclosure_desk.store import audit
from disclosure_desk.store.models import AuditEntry

VerifyResult = audit.VerifyResult


def verify(actor: Actor) -> VerifyResult:
    actor.require("audit.view")
    return audit.verify()


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


def entries(actor: Actor, *, user: str = "", action: str = "", since: str = "", until: str = "",
            limit: int = 500) -> list[AuditRow]:
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
    return [AuditRow(e.id, e.ts, e.user_login, e.action, e.table_name, e.record_id, e.before, e.after)
            for e in q.limit(limit)]
