"""Sign-in with lockout, password changes, and building the Actor for a session."""

from __future__ import annotations

import datetime as dt

from disclosure_desk.domain.errors import InputError, PermissionDenied
from disclosure_desk.domain.passwords import (
    burn_time,
    check_strength,
    hash_password,
    needs_rehash,
    verify_password,
)
from disclosure_desk.domain.permissions import SPANNING_ROLES, Actor, parse_roles
from disclosure_desk.i18n import tr
from disclosure_desk.services.common import scope as reports_scope
from disclosure_desk.services.common import session_policy
from disclosure_desk.services.common.context import change
from disclosure_desk.services.common.scope import descendants
from disclosure_desk.store import db as store_db
from disclosure_desk.store.models import User


def unit_tree(unit_id: int) -> frozenset[int]:
    """The unit and all its descendants."""
    return descendants(unit_id, reports_scope.unit_tree()[0])


def actor_for(user: User) -> Actor:
    roles = parse_roles(user.roles)
    unit_ids = None if roles & SPANNING_ROLES else unit_tree(user.unit_id)
    return Actor(
        login=user.login,
        name=user.name,
        user_id=user.id,
        unit_id=user.unit_id,
        roles=roles,
        unit_ids=unit_ids,
    )


def _locked_message(user_locked_until: dt.datetime | None, now: dt.datetime) -> str:
    if user_locked_until and user_locked_until > now:
        minutes = max(1, int((user_locked_until - now).total_seconds() // 60) + 1)
        return tr("账户已因多次密码错误被锁定，请约 {minutes} 分钟后再试或请管理员解锁。").format(
            minutes=minutes
        )
    return tr("账户已因多次密码错误被锁定，请稍后再试或请管理员解锁。")


def _locked_user(user_id: int) -> User | None:
    """Re-read the account inside the caller's transaction, locking its row on PostgreSQL."""
    query = User.select().where(User.id == user_id)
    if store_db.is_postgres():
        query = query.for_update()
    return _one(query)


def _one(query) -> User | None:
    # list() finishes the statement: a half-read SQLite cursor keeps an old read snapshot open,
    # and the next write transaction then fails at once with "database is locked".
    rows = list(query.limit(1))
    return rows[0] if rows else None


def sign_in(login: str, password: str, now: dt.datetime | None = None) -> Actor:
    """Check the password; repeated failures lock the account for a while.

    Every attempt first reserves one failure inside a write transaction (row lock on PostgreSQL,
    SQLite's IMMEDIATE lock), so parallel guessers can never verify more passwords than the
    lockout allows; a good password then clears the count. An unknown login costs the same
    scrypt work as a known one, and what was typed as the login is never stored for it."""
    now = now or dt.datetime.now()
    typed = login.strip()
    user = _one(User.select().where(User.login == typed))
    if user is None or not user.active:
        burn_time()
        with change(Actor(login="?"), None) as tx:
            # The typed text may be a password entered in the wrong field: keep only its length.
            tx.audit(
                "signin.failed",
                "user",
                user.id if user else "",
                None,
                {"reason": "inactive" if user else "unknown", "typed_length": len(typed)},
            )
        raise PermissionDenied(tr("用户名或密码错误。"))
    policy = session_policy.load()  # administrators tune the lockout in 设置 → 安全
    anon = Actor(login=user.login)
    refused = None
    with change(anon, None) as tx:
        row = _locked_user(user.id)
        if row is None:
            raise PermissionDenied(tr("用户名或密码错误。"))
        if row.locked_until and row.locked_until > now:
            refused = _locked_message(row.locked_until, now)
        elif row.failed_logins >= policy.max_failures and row.locked_until is None:
            refused = _locked_message(None, now)  # others' guesses are being checked right now
        else:
            if row.locked_until:  # an expired lock starts a fresh count
                row.failed_logins = 0
            reserved = row.failed_logins + 1
            User.update(failed_logins=reserved, locked_until=None).where(
                User.id == user.id
            ).execute()
        if refused:
            tx.audit(
                "signin.denied", "user", user.id, None, {"login": user.login, "reason": "locked"}
            )
    if refused:
        raise PermissionDenied(refused)
    if not verify_password(password, row.password_hash):
        locked = None
        with change(anon, None) as tx:
            current = _locked_user(user.id)
            failures = current.failed_logins if current else reserved
            if failures >= policy.max_failures:
                locked = now + dt.timedelta(minutes=policy.lock_minutes)
                User.update(failed_logins=0, locked_until=locked).where(
                    User.id == user.id
                ).execute()
            tx.audit(
                "signin.failed",
                "user",
                user.id,
                None,
                {"login": user.login, "failures": failures, "locked": bool(locked)},
            )
        if locked:
            raise PermissionDenied(
                tr("密码连续错误 {failures} 次，账户已锁定 {lock_minutes} 分钟。").format(
                    failures=failures, lock_minutes=policy.lock_minutes
                )
            )
        raise PermissionDenied(tr("用户名或密码错误。"))
    actor = actor_for(row)
    upgrade = needs_rehash(row.password_hash)
    new_hash = hash_password(password) if upgrade else None
    with change(actor, None) as tx:
        fields = dict(failed_logins=0, locked_until=None, last_login_at=now.replace(microsecond=0))
        if new_hash:
            fields["password_hash"] = new_hash
        User.update(**fields).where(User.id == user.id).execute()
        tx.audit("signin", "user", user.id, None, {"rehashed": True} if upgrade else None)
    return actor


def must_change_password(actor: Actor) -> bool:
    user = User.get_or_none(User.id == actor.user_id)
    return bool(user and user.must_change_password)


def change_password(actor: Actor, old: str, new: str) -> None:
    user = User.get_by_id(actor.user_id)
    if not verify_password(old, user.password_hash):
        raise PermissionDenied(tr("原密码不正确。"))
    if old == new:
        raise InputError(tr("新密码不能与原密码相同。"))
    check_strength(new)
    hashed = hash_password(new)  # outside the write transaction (slow on purpose)
    with change(actor, None) as tx:
        User.update(password_hash=hashed, must_change_password=False).where(
            User.id == user.id
        ).execute()
        tx.audit("user.password", "user", user.id)
