"""Admin user and unit management (services/admin/users.py) and the security policy settings."""

from __future__ import annotations

import json

import pytest
from conftest import ADMIN_PASSWORD

from disclosure_desk.domain.errors import ConflictError, InputError, NotFound, PermissionDenied
from disclosure_desk.services.admin import users
from disclosure_desk.services.common import auth, session_policy
from disclosure_desk.store.models import AuditEntry, Unit, User


def _root() -> int:
    return Unit.get(Unit.code == "ROOT").id


def _last_audit() -> AuditEntry:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).first()


def test_create_and_edit_user(db):
    uid, _ = users.create_user(
        db.admin, "li.na", "李娜", _root(), ["reviewer", "officer"], "Init@2026x"
    )
    user = User.get_by_id(uid)
    assert user.roles == "officer,reviewer" and user.must_change_password
    entry = _last_audit()
    assert entry.action == "user.create" and json.loads(entry.after)["login"] == "li.na"
    unit = db.unit("UA", "区教育局")
    users.update_user(db.admin, uid, name="李娜娜", unit_id=unit, roles="supervisor")
    user = User.get_by_id(uid)
    assert (user.name, user.unit_id, user.roles) == ("李娜娜", unit, "supervisor")
    entry = _last_audit()
    assert json.loads(entry.before)["roles"] == "officer,reviewer"
    assert json.loads(entry.after)["roles"] == "supervisor"


def test_user_input_is_checked(db):
    with pytest.raises(InputError):
        users.create_user(db.admin, "bad login!", "某", _root(), "officer", "Init@2026x")
    with pytest.raises(InputError):
        users.create_user(db.admin, "ok", "某", _root(), "officer", "weak")
    with pytest.raises(InputError):
        users.create_user(db.admin, "ok", "某", _root(), "boss", "Init@2026x")
    with pytest.raises(ConflictError):
        users.create_user(db.admin, "admin", "重名", _root(), "officer", "Init@2026x")
    with pytest.raises(NotFound):
        users.create_user(db.admin, "ok", "某", 9999, "officer", "Init@2026x")
    assert not User.select().where(User.login == "ok").exists()


def test_last_admin_is_protected(db):
    admin_id = db.admin.user_id
    with pytest.raises(ConflictError):
        users.update_user(db.admin, admin_id, roles="officer")
    with pytest.raises(ConflictError):
        users.set_active(db.admin, admin_id, False)
    second, _ = users.create_user(db.admin, "admin2", "副管理员", _root(), "admin", "Init@2026x")
    with pytest.raises(ConflictError, match="自己"):
        users.set_active(db.admin, admin_id, False)
    users.update_user(db.admin, admin_id, roles="supervisor")  # another admin exists now
    assert User.get_by_id(admin_id).roles == "supervisor"
    # The demoted session may no longer change anything; admin2 is now the only administrator.
    with pytest.raises(PermissionDenied, match="重新登录"):
        users.set_active(db.admin, second, False)
    admin2 = auth.sign_in("admin2", "Init@2026x")
    with pytest.raises(ConflictError):
        users.update_user(admin2, second, roles="officer")
    users.update_user(admin2, admin_id, roles="admin,supervisor")
    fresh = auth.sign_in("admin", ADMIN_PASSWORD)
    users.set_active(fresh, second, False)
    assert User.get_by_id(second).active is False


def test_units_with_prefix_warning_and_pattern(db):
    result, changes = users.create_unit(
        db.admin, "EDU", "区教育局", parent_id=_root(), index_prefix="000014349"
    )
    assert result.prefix_warning is None and "unit" in changes.tables
    bad, _ = users.create_unit(
        db.admin, "HEA", "区卫健委", parent_id=_root(), index_prefix="000014348"
    )
    assert bad.prefix_warning and "校验不通过" in bad.prefix_warning
    assert Unit.get_by_id(bad.unit_id).index_prefix == "000014348"  # saved, only warned
    with pytest.raises(InputError):
        users.create_unit(db.admin, "X1", "某局", index_pattern="{prefix}/{year}")  # no serial
    with pytest.raises(InputError):
        users.create_unit(db.admin, "X2", "某局", kind="公司")
    with pytest.raises(ConflictError):
        users.create_unit(db.admin, "EDU", "重复")
    fixed, _ = users.update_unit(
        db.admin, bad.unit_id, index_prefix="000014349", index_pattern="{prefix}-{year}-{serial:04}"
    )
    assert fixed.prefix_warning is None
    assert Unit.get_by_id(bad.unit_id).index_pattern == "{prefix}-{year}-{serial:04}"
    # A unit cannot become its own ancestor.
    child, _ = users.create_unit(db.admin, "EDU1", "教育局下属", parent_id=result.unit_id)
    with pytest.raises(InputError):
        users.update_unit(db.admin, result.unit_id, parent_id=child.unit_id)
    with pytest.raises(InputError):
        users.update_unit(db.admin, result.unit_id, colour="red")
    detail = users.unit_detail(db.admin, child.unit_id)
    assert detail.parent_id == result.unit_id and detail.short_name == "教育局下属"


def test_session_policy_defaults_and_limits(db):
    assert session_policy.load() == session_policy.DEFAULT
    policy, changes = session_policy.save(db.admin, timeout_minutes=30, backup_keep=3)
    assert policy.timeout_minutes == 30 and policy.backup_keep == 3 and policy.max_failures == 5
    assert session_policy.load() == policy and "setting" in changes.tables
    for bad in ({"max_failures": 0}, {"timeout_minutes": -1}, {"lock_minutes": "5"}, {"colour": 1}):
        with pytest.raises(InputError):
            session_policy.save(db.admin, **bad)
    assert session_policy.load() == policy
    entry = _last_audit()
    assert entry.action == "settings.security" and json.loads(entry.after)["timeout_minutes"] == 30


def test_reset_lifts_lock(db):
    db.user("zed", password="Zed@12345x")
    for _ in range(5):
        with pytest.raises(Exception):  # noqa: B017 — wrong passwords
            auth.sign_in("zed", "nope")
    zed = User.get(User.login == "zed")
    assert zed.locked_until is not None
    users.reset_password(db.admin, zed.id, "Temp@2026x")
    assert User.get_by_id(zed.id).locked_until is None
