"""Sign-in with lockout, password changes, and building the Actor for a session."""

from __future__ import annotations

import datetime as dt

from disclosure_desk.domain.errors import InputError, PermissionDenied
from disclosure_desk.domain.passwords import check_strength, hash_password, verify_password
from disclosure_desk.domain.permissions import SPANNING_ROLES, Actor, parse_roles
from disclosure_desk.services import reports_scope, session_policy
from disclosure_desk.services.context import change
from disclosure_desk.services.reports_scope import descendants
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


def sign_in(login: str, password: str, now: dt.datetime | None = None) -> Actor:
    """Check the password; repeated failures lock the account for a while."""
    now = now or dt.datetime.now()
    user = User.get_or_none(User.login == login.strip())
    anon = Actor(login=login.strip() or "?")
    if user is None or not user.active:
        with change(anon, None) as tx:
            tx.audit("signin.failed", "user", "", None, {"login": login, "reason": "unknown"})
        raise PermissionDenied("用户名或密码错误。")
    if user.locked_until and user.locked_until > now:
        minutes = max(1, int((user.locked_until - now).total_seconds() // 60) + 1)
        raise PermissionDenied(
            f"账户已因多次密码错误被锁定，请约 {minutes} 分钟后再试或请管理员解锁。"
        )
    if not verify_password(password, user.password_hash):
        policy = session_policy.load()  # administrators tune the lockout in 设置 → 安全
        failures = user.failed_logins + 1
        locked = (
            now + dt.timedelta(minutes=policy.lock_minutes)
            if failures >= policy.max_failures
            else None
        )
        with change(anon, None) as tx:
            User.update(failed_logins=0 if locked else failures, locked_until=locked).where(
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
                f"密码连续错误 {failures} 次，账户已锁定 {policy.lock_minutes} 分钟。"
            )
        raise PermissionDenied("用户名或密码错误。")
    actor = actor_for(user)
    with change(actor, None) as tx:
        User.update(
            failed_logins=0, locked_until=None, last_login_at=now.replace(microsecond=0)
        ).where(User.id == user.id).execute()
        tx.audit("signin", "user", user.id)
    return actor


def must_change_password(actor: Actor) -> bool:
    user = User.get_or_none(User.id == actor.user_id)
    return bool(user and user.must_change_password)


def change_password(actor: Actor, old: str, new: str) -> None:
    user = User.get_by_id(actor.user_id)
    if not verify_password(old, user.password_hash):
        raise PermissionDenied("原密码不正确。")
    if old == new:
        raise InputError("新密码不能与原密码相同。")
    check_strength(new)
    with change(actor, None) as tx:
        User.update(password_hash=hash_password(new), must_change_password=False).where(
            User.id == user.id
        ).execute()
        tx.audit("user.password", "user", user.id)
