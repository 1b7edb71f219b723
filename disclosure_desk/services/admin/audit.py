"""Reading and verifying the audit log."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr, tr_from
from disclosure_desk.services.common.context import change
from disclosure_desk.store import audit, audit_anchor
from disclosure_desk.store import db as store_db
from disclosure_desk.store.models import AuditEntry

VerifyResult = audit.VerifyResult

# Sentences of store/audit.py and store/audit_anchor.py (which cannot import i18n).
VERIFY_WORDS = (
    N_("审计日志完整：共 {n} 条，哈希链校验通过。"),
    N_("审计日志第 {a} 条缺失（被删除），其后为第 {b} 条。"),
    N_("审计日志第 {n} 条不在哈希链内（被直接插入）。"),
    N_("审计日志第 {n} 条与前一条不衔接（有记录被插入、删除或改动）。"),
    N_("审计日志第 {n} 条的内容被改动（哈希不符）。"),
    N_("审计日志第 {a} 条至第 {b} 条缺失（被删除）。"),
    N_("审计日志链尾与记录不符（第 {n} 条之后有改动）。"),
    N_("审计日志链尾记录缺失。"),
    N_("审计日志已被清空：{anchor}记载至少有 {n} 条，数据库中一条也没有。"),
    N_("审计日志被截断：{anchor}记载至少有 {n} 条，数据库中只到第 {m} 条（链尾记录也被改写）。"),
    N_("审计日志被改写：第 {n} 条的哈希与{anchor}不符（哈希链被重新计算过）。"),
    N_("审计日志链尾被改写：链尾记录为第 {n} 条，早于{anchor}。"),
    N_("锚点 {where}（{at} 记录，第 {n} 条）"),
    N_("（未保存）"),
)


def verify_words(message: str) -> str:
    """A verification sentence of the store layer in the interface language."""
    return tr_from(message, *VERIFY_WORDS)


def _in_words(result: VerifyResult) -> VerifyResult:
    return replace(result, message=verify_words(result.message))


def verify(actor: Actor, anchor_file: Path | None = None) -> VerifyResult:
    """Walk the chain, then compare it with the newest anchor kept outside the database (or the
    one given); the message names the anchor used. Wipes, truncations with a rewritten head and
    recomputed chains are only visible through an anchor (PRODUCT.md §4.1)."""
    actor.require("audit.view")
    result = _in_words(audit.verify())
    if not result.ok:
        return result
    if anchor_file is not None:
        anchor = audit_anchor.read(Path(anchor_file))
        if anchor is None:
            raise InputError(tr("无法读取锚点文件：{anchor_file}").format(anchor_file=anchor_file))
        anchors = [anchor]
    else:
        anchors = audit_anchor.candidates(_backup_dir())
    if not anchors:
        return replace(
            result,
            message=result.message
            + tr(
                "未找到库外锚点（数据库旁的 .anchor 文件或备份旁的锚点），无法排除整段删除或重算。"
            ),
        )
    newest = anchors[0]
    problem = audit_anchor.check(newest)
    if problem:
        return VerifyResult(False, result.checked, newest.last_id, verify_words(problem))
    checked = tr("已对照{anchor}，一致。").format(anchor=verify_words(newest.describe()))
    return replace(result, message=result.message + checked)


def export_anchor(actor: Actor, dest: Path) -> audit_anchor.Anchor:
    """Write the chain tip to a file for the supervisor to keep (after checking the chain)."""
    actor.require("audit.view")
    dest = Path(dest)
    if dest.exists():
        raise InputError(
            tr("目标文件已存在：{dest}（为防止覆盖，请换一个文件名）。").format(dest=dest)
        )
    result = _in_words(audit.verify())
    if not result.ok:
        raise InputError(
            tr("审计日志校验未通过，不能导出锚点：{message}").format(message=result.message)
        )
    try:
        anchor = audit_anchor.export_to(dest)
    except OSError as exc:
        raise InputError(
            tr("无法写入锚点文件 {dest}：{value}").format(dest=dest, value=exc.strerror or exc)
        ) from None
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
