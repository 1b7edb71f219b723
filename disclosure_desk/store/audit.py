"""Append-only audit log chained by SHA-256, and its verification."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from peewee import PostgresqlDatabase, fn

from disclosure_desk.store.models import AuditEntry, AuditHead, database_proxy

GENESIS = "0" * 64


def _canonical(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str, separators=(",", ":"))


def entry_hash(
    entry_id: int,
    ts: str,
    user: str,
    action: str,
    table: str,
    record_id: str,
    before: str,
    after: str,
    prev_hash: str,
) -> str:
    payload = json.dumps(
        [entry_id, ts, user, action, table, record_id, before, after, prev_hash],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _locked_head() -> AuditHead:
    """The chain tip, locked for the rest of the transaction (serialises PostgreSQL writers)."""
    query = AuditHead.select().where(AuditHead.id == 1)
    if isinstance(database_proxy.obj, PostgresqlDatabase):
        query = query.for_update()
    head = query.first()
    if head is None:
        head = AuditHead.create(id=1, last_id=0, last_hash=GENESIS)
    return head


def append(entries: list[dict[str, Any]]) -> None:
    """Write entries (keys: user, action, table, record_id, before, after) inside the caller's transaction."""
    if not entries:
        return
    head = _locked_head()
    last_id, prev = head.last_id, head.last_hash or GENESIS
    top = AuditEntry.select(fn.MAX(AuditEntry.id)).scalar() or 0
    if top > last_id:
        # Rows were written around the chain (raw SQL). Keep appending after them, linked to the
        # trusted tip, so work goes on and `audit verify` still names the inserted rows.
        last_id = top
    ts = dt.datetime.now().isoformat(timespec="seconds")
    for e in entries:
        last_id += 1
        before, after = _canonical(e.get("before")), _canonical(e.get("after"))
        fields = dict(
            ts=ts,
            user_login=e.get("user", ""),
            action=e["action"],
            table_name=e.get("table", ""),
            record_id=str(e.get("record_id", "") or ""),
            before=before,
            after=after,
        )
        digest = entry_hash(
            last_id,
            ts,
            fields["user_login"],
            fields["action"],
            fields["table_name"],
            fields["record_id"],
            before,
            after,
            prev,
        )
        AuditEntry.insert(id=last_id, prev_hash=prev, hash=digest, **fields).execute()
        prev = digest
    AuditHead.update(last_id=last_id, last_hash=prev).where(AuditHead.id == 1).execute()


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    entry_id: int | None = None
    message: str = ""


def _iter_entries(batch: int = 5000) -> Iterator[AuditEntry]:
    last = 0
    while True:
        rows = list(
            AuditEntry.select().where(AuditEntry.id > last).order_by(AuditEntry.id).limit(batch)
        )
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def verify() -> VerifyResult:
    """Walk the chain; the first broken link names the entry (altered, deleted or inserted)."""
    expected_id, prev, checked = 1, GENESIS, 0
    recent: dict[str, int] = {}  # hash → id of the last entries, to name rows inserted in between
    for e in _iter_entries():
        if e.id != expected_id:
            return VerifyResult(
                False,
                checked,
                expected_id,
                f"审计日志第 {expected_id} 条缺失（被删除），其后为第 {e.id} 条。",
            )
        if e.prev_hash != prev:
            earlier = recent.get(e.prev_hash)
            if earlier is not None and earlier < e.id - 1:
                return VerifyResult(
                    False,
                    checked,
                    earlier + 1,
                    f"审计日志第 {earlier + 1} 条不在哈希链内（被直接插入）。",
                )
            return VerifyResult(
                False,
                checked,
                e.id,
                f"审计日志第 {e.id} 条与前一条不衔接（有记录被插入、删除或改动）。",
            )
        digest = entry_hash(
            e.id,
            e.ts,
            e.user_login,
            e.action,
            e.table_name,
            e.record_id,
            e.before,
            e.after,
            e.prev_hash,
        )
        if digest != e.hash:
            return VerifyResult(
                False, checked, e.id, f"审计日志第 {e.id} 条的内容被改动（哈希不符）。"
            )
        prev, expected_id, checked = e.hash, expected_id + 1, checked + 1
        recent[e.hash] = e.id
        if len(recent) > 10000:
            recent.pop(next(iter(recent)))
    head = AuditHead.get_or_none(AuditHead.id == 1)
    if head is not None and (head.last_id != checked or (head.last_hash or GENESIS) != prev):
        if head.last_id > checked:
            return VerifyResult(
                False,
                checked,
                checked + 1,
                f"审计日志第 {checked + 1} 条至第 {head.last_id} 条缺失（被删除）。",
            )
        if head.last_id < checked:
            # Entries past the recorded tip were written around the chain (raw SQL).
            return VerifyResult(
                False,
                checked,
                head.last_id + 1,
                f"审计日志第 {head.last_id + 1} 条不在哈希链内（被直接插入）。",
            )
        return VerifyResult(
            False,
            checked,
            head.last_id or checked,
            f"审计日志链尾与记录不符（第 {checked} 条之后有改动）。",
        )
    if head is None and checked:
        return VerifyResult(False, checked, checked, "审计日志链尾记录缺失。")
    return VerifyResult(True, checked, None, f"审计日志完整：共 {checked} 条，哈希链校验通过。")
