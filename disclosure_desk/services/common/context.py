"""The change envelope every service uses: permission check, one transaction, audit entries."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from disclosure_desk.domain.errors import DeskError, PermissionDenied
from disclosure_desk.domain.permissions import DENIAL_HOOKS, Actor
from disclosure_desk.domain.personal_data import mask_payload
from disclosure_desk.i18n import N_, tr
from disclosure_desk.store import audit, audit_anchor
from disclosure_desk.store.models import database_proxy


@dataclass(frozen=True)
class Changes:
    """What a service changed, so open views can refresh themselves (Anki's OpChanges)."""

    tables: frozenset[str] = frozenset()
    ids: tuple[tuple[str, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.tables)

    def __or__(self, other: Changes) -> Changes:
        return Changes(self.tables | other.tables, self.ids + other.ids)


@dataclass
class Tx:
    """Collects audit entries and touched tables during one change."""

    actor: Actor
    entries: list[dict[str, Any]] = field(default_factory=list)
    tables: set[str] = field(default_factory=set)
    ids: list[tuple[str, str]] = field(default_factory=list)

    def audit(
        self,
        action: str,
        table: str = "",
        record_id: Any = "",
        before: Any = None,
        after: Any = None,
    ) -> None:
        # 证件号码 and 联系电话 never reach the audit log in clear (PRODUCT.md §4.1).
        self.entries.append(
            dict(
                user=self.actor.login,
                action=action,
                table=table,
                record_id=record_id,
                before=mask_payload(before),
                after=mask_payload(after),
            )
        )
        if table:
            self.tables.add(table)
            self.ids.append((table, str(record_id)))

    def touch(self, *tables: str) -> None:
        self.tables.update(tables)

    @property
    def changes(self) -> Changes:
        return Changes(frozenset(self.tables), tuple(self.ids))


def db():
    database = database_proxy.obj
    if database is None:
        raise DeskError(tr("数据库尚未打开。"))
    return database


@contextmanager
def change(actor: Actor, action: str | None, unit_id: int | None = None) -> Iterator[Tx]:
    """Check ``action`` for ``actor``, then run the body and its audit entries in one transaction."""
    if action is not None:
        actor.require(action, unit_id)
    tx = Tx(actor)
    database = db()
    with database.atomic():
        if action is not None:
            _check_still_entitled(actor)
        yield tx
        audit.append(tx.entries)
    if tx.entries and not database.in_transaction():
        audit_anchor.refresh()  # committed: the tip is anchored outside the database too


def _check_still_entitled(actor: Actor) -> None:
    """Roles are fixed at sign-in; refuse a change once the account was deactivated or re-roled."""
    if actor.user_id is None:
        return
    from disclosure_desk.store.models import User

    row = User.select(User.active, User.roles, User.unit).where(User.id == actor.user_id).first()
    if row is None or not row.active:
        raise PermissionDenied(
            tr("账户 {login} 已被停用，不能再修改数据。").format(login=actor.login)
        )
    current = frozenset(r.strip() for r in row.roles.split(",") if r.strip())
    if current != actor.roles or row.unit_id != actor.unit_id:
        raise PermissionDenied(
            tr("账户 {login} 的角色或所属单位已变更，请重新登录后再操作。").format(
                login=actor.login
            )
        )


def _audit_denial(actor: Actor, action: str, message: str) -> None:
    """Record a refused action (a signed-in user asking for what their role does not allow)."""
    database = database_proxy.obj
    if database is None or actor.user_id is None:
        return
    if database.in_transaction():
        return  # the caller's transaction rolls back on this refusal; nothing would stay
    with database.atomic():
        audit.append(
            [
                dict(
                    user=actor.login,
                    action="denied",
                    table="",
                    record_id="",
                    before=None,
                    after={"action": action, "message": message},
                )
            ]
        )
    audit_anchor.refresh()


DENIAL_HOOKS.append(_audit_denial)


DIGEST_FIELDS = frozenset({"body"})


def body_digest(text: str) -> str:
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return N_("sha256:{digest}（{n} 字）").format(
        digest=digest, n=len(text)
    )  # stored in the audit log


def row_dict(model: Any, fields: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A JSON-friendly snapshot of a model instance for before/after audit values."""
    out: dict[str, Any] = {}
    for name in fields or tuple(model._meta.fields):
        if name in ("password_hash", "data"):
            continue
        value = model.__data__.get(name)
        if name in DIGEST_FIELDS and isinstance(value, str) and value:
            # A document body goes in by its digest: the log proves what the text was without
            # keeping a copy of what a later masking removes (PRODUCT.md §4.1).
            out[name] = body_digest(value)
            continue
        out[name] = value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
    return out
