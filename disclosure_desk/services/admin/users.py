"""Administration of user accounts: create, edit, deactivate, reset password, unlock.

Unit administration lives in services/admin/units.py and is re-exported here (``users.create_unit``
etc.), so callers have one module for the settings view's accounts and units.

Every function here is admin-only (``user.manage`` in the permission matrix)
and runs through :func:`services.context.change`, so each change is one transaction with its
audit entry. Passwords are hashed here and never reach the audit log: the audit snapshots
go through ``row_dict``, which drops ``password_hash``, and reset entries record only the fact.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from disclosure_desk.domain.errors import ConflictError, InputError, NotFound
from disclosure_desk.domain.passwords import check_strength, hash_password
from disclosure_desk.domain.permissions import Actor, parse_roles
from disclosure_desk.i18n import tr
from disclosure_desk.services.admin.units import (  # noqa: F401 — re-exported API
    UNIT_KINDS,
    UnitDetail,
    UnitResult,
    _unit,
    create_unit,
    list_units,
    unit_detail,
    update_unit,
)
from disclosure_desk.services.common.context import Changes, change, row_dict
from disclosure_desk.store.models import Unit, User

_ROLE_ORDER = ("officer", "reviewer", "supervisor", "admin")
_LOGIN_RE = re.compile(r"^[A-Za-z0-9_.]{2,40}$")
_USER_FIELDS = (
    "login",
    "name",
    "unit",
    "roles",
    "active",
    "failed_logins",
    "locked_until",
    "must_change_password",
)


# ---------------------------------------------------------------- users


def _user(user_id: int) -> User:
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(tr("没有编号为 {user_id} 的用户。").format(user_id=user_id))
    return user


def _roles_text(roles: str | frozenset[str] | set[str] | list[str]) -> str:
    parsed = parse_roles(roles) if isinstance(roles, str) else parse_roles(",".join(roles))
    if not parsed:
        raise InputError(tr("请至少选择一个角色。"))
    return ",".join(r for r in _ROLE_ORDER if r in parsed)


def _active_admins_except(user_id: int) -> int:
    return sum(
        1
        for u in User.select(User.roles).where((User.active == True) & (User.id != user_id))  # noqa: E712
        if "admin" in parse_roles(u.roles)
    )


def create_user(
    actor: Actor,
    login: str,
    name: str,
    unit_id: int,
    roles,
    password: str,
    *,
    must_change: bool = True,
) -> tuple[int, Changes]:
    """Add an account; the initial password must be changed at first sign-in unless told otherwise."""
    login, name = login.strip(), name.strip()
    if not _LOGIN_RE.match(login):
        raise InputError(tr("登录名须为 2–40 个字母、数字、下划线或点。"))
    if not name:
        raise InputError(tr("请填写用户姓名。"))
    roles_text = _roles_text(roles)
    check_strength(password)
    actor.require("user.manage")
    hashed = hash_password(password)  # the slow KDF runs before the write lock is taken
    with change(actor, "user.manage") as tx:
        unit = _unit(unit_id)
        if User.select().where(User.login == login).exists():
            raise ConflictError(tr("登录名 {login} 已被占用。").format(login=login))
        user = User.create(
            login=login,
            name=name,
            unit=unit,
            roles=roles_text,
            password_hash=hashed,
            must_change_password=must_change,
        )
        tx.audit("user.create", "user", user.id, None, row_dict(user, _USER_FIELDS))
    return user.id, tx.changes


def update_user(
    actor: Actor, user_id: int, *, name: str | None = None, unit_id: int | None = None, roles=None
) -> Changes:
    """Change a user's name, unit or roles; the last active administrator keeps the admin role."""
    with change(actor, "user.manage") as tx:
        user = _user(user_id)
        before = row_dict(user, _USER_FIELDS)
        if name is not None:
            if not name.strip():
                raise InputError(tr("请填写用户姓名。"))
            user.name = name.strip()
        if unit_id is not None:
            user.unit = _unit(unit_id)
        if roles is not None:
            new_roles = _roles_text(roles)
            if (
                "admin" in parse_roles(user.roles)
                and "admin" not in parse_roles(new_roles)
                and user.active
                and _active_admins_except(user.id) == 0
            ):
                raise ConflictError(tr("这是最后一位系统管理员，不能取消其管理员角色。"))
            user.roles = new_roles
        user.save()
        tx.audit("user.edit", "user", user.id, before, row_dict(user, _USER_FIELDS))
    return tx.changes


def set_active(actor: Actor, user_id: int, active: bool) -> Changes:
    """Deactivate (or re-activate) an account; records stay attributed, sign-in is refused."""
    with change(actor, "user.manage") as tx:
        user = _user(user_id)
        if not active:
            if user.id == actor.user_id:
                raise ConflictError(tr("不能停用自己正在使用的账户。"))
            if "admin" in parse_roles(user.roles) and _active_admins_except(user.id) == 0:
                raise ConflictError(tr("这是最后一位系统管理员，不能停用。"))
        before = row_dict(user, _USER_FIELDS)
        User.update(active=bool(active)).where(User.id == user.id).execute()
        tx.audit(
            "user.activate" if active else "user.deactivate",
            "user",
            user.id,
            before,
            {**before, "active": bool(active)},
        )
    return tx.changes


def reset_password(actor: Actor, user_id: int, new_password: str) -> Changes:
    """Set a temporary password the user must change at next sign-in; also lifts a lockout."""
    check_strength(new_password)
    actor.require("user.manage")
    hashed = hash_password(new_password)  # outside the write transaction (slow on purpose)
    with change(actor, "user.manage") as tx:
        user = _user(user_id)
        User.update(
            password_hash=hashed,
            must_change_password=True,
            failed_logins=0,
            locked_until=None,
        ).where(User.id == user.id).execute()
        # Only the fact of the reset is logged, never the password or its hash.
        tx.audit(
            "user.password_reset",
            "user",
            user.id,
            None,
            {"login": user.login, "must_change_password": True},
        )
    return tx.changes


def unlock(actor: Actor, user_id: int) -> Changes:
    """Lift a lockout caused by repeated wrong passwords."""
    with change(actor, "user.manage") as tx:
        user = _user(user_id)
        before = {
            "failed_logins": user.failed_logins,
            "locked_until": str(user.locked_until) if user.locked_until else None,
        }
        User.update(failed_logins=0, locked_until=None).where(User.id == user.id).execute()
        tx.audit("user.unlock", "user", user.id, before, {"failed_logins": 0, "locked_until": None})
    return tx.changes


@dataclass(frozen=True)
class UserDetail:
    id: int
    login: str
    name: str
    unit_id: int
    unit_name: str
    roles: tuple[str, ...]
    active: bool
    locked: bool
    must_change_password: bool
    last_login_at: str


def list_users(actor: Actor, now: dt.datetime | None = None) -> list[UserDetail]:
    """Every account with its state, for the administrator's user table."""
    actor.require("user.manage")
    now = now or dt.datetime.now()
    names = dict(Unit.select(Unit.id, Unit.name).tuples())
    out = []
    for u in User.select().order_by(User.id):
        out.append(
            UserDetail(
                u.id,
                u.login,
                u.name,
                u.unit_id,
                names.get(u.unit_id, ""),
                tuple(sorted(parse_roles(u.roles), key=_ROLE_ORDER.index)),
                bool(u.active),
                bool(u.locked_until and u.locked_until > now),
                bool(u.must_change_password),
                u.last_login_at.strftime("%Y-%m-%d %H:%M") if u.last_login_at else "",
            )
        )
    return out
