"""Accounts: lockout with timed unlock, admin unlock/reset, forced change, no passwords in the audit log."""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure_desk.domain.errors import InputError, PermissionDenied
from disclosure_desk.services.admin import users
from disclosure_desk.services.common import auth, session_policy
from disclosure_desk.store.models import AuditEntry, Unit, User

T0 = dt.datetime(2026, 3, 2, 9, 0, 0)


def _fail(login: str, times: int, now: dt.datetime) -> list[str]:
    messages = []
    for _ in range(times):
        with pytest.raises(PermissionDenied) as info:
            auth.sign_in(login, "Wrong@0000x", now=now)
        messages.append(info.value.message)
    return messages


def test_lockout_after_five_failures_lifts_after_timeout(db):
    db.user("bob", password="Bob@12345x")
    messages = _fail("bob", 5, T0)
    assert all("用户名或密码错误" in m for m in messages[:4])
    assert "锁定" in messages[4]
    # The right password is refused while locked …
    with pytest.raises(PermissionDenied, match="锁定"):
        auth.sign_in("bob", "Bob@12345x", now=T0 + dt.timedelta(minutes=14))
    # … and accepted once the lock has run out.
    actor = auth.sign_in("bob", "Bob@12345x", now=T0 + dt.timedelta(minutes=16))
    assert actor.login == "bob"
    user = User.get(User.login == "bob")
    assert user.failed_logins == 0 and user.locked_until is None


def test_four_failures_then_success_resets_the_count(db):
    db.user("carol", password="Carol@123x")
    _fail("carol", 4, T0)
    auth.sign_in("carol", "Carol@123x", now=T0)
    _fail("carol", 4, T0)  # would lock at the 5th in a row only
    assert auth.sign_in("carol", "Carol@123x", now=T0).login == "carol"


def test_policy_changes_the_threshold(db):
    session_policy.save(db.admin, max_failures=3, lock_minutes=60)
    db.user("dan", password="Dan@12345x")
    messages = _fail("dan", 3, T0)
    assert "锁定 60 分钟" in messages[2]
    with pytest.raises(PermissionDenied):
        auth.sign_in("dan", "Dan@12345x", now=T0 + dt.timedelta(minutes=59))


def test_admin_unlock(db):
    db.user("erin", password="Erin@1234x")
    _fail("erin", 5, T0)
    uid = User.get(User.login == "erin").id
    users.unlock(db.admin, uid)
    assert auth.sign_in("erin", "Erin@1234x", now=T0).login == "erin"


def test_admin_reset_forces_change(db):
    db.user("fay", password="Fay@12345x")
    _fail("fay", 5, T0)
    uid = User.get(User.login == "fay").id
    users.reset_password(db.admin, uid, "Temp@2026x")
    with pytest.raises(PermissionDenied):
        auth.sign_in("fay", "Fay@12345x", now=T0)
    actor = auth.sign_in("fay", "Temp@2026x", now=T0)
    assert auth.must_change_password(actor)
    with pytest.raises(InputError):
        auth.change_password(actor, "Temp@2026x", "Temp@2026x")
    with pytest.raises(InputError):
        auth.change_password(actor, "Temp@2026x", "short")
    with pytest.raises(PermissionDenied):
        auth.change_password(actor, "Nope@2026x", "Fresh@2026x")
    auth.change_password(actor, "Temp@2026x", "Fresh@2026x")
    assert not auth.must_change_password(actor)
    assert auth.sign_in("fay", "Fresh@2026x").login == "fay"


def test_new_user_must_change_initial_password(db):
    root = Unit.get(Unit.code == "ROOT").id
    uid, changes = users.create_user(db.admin, "gao", "高明", root, "officer", "Init@2026x")
    assert "user" in changes.tables
    actor = auth.sign_in("gao", "Init@2026x")
    assert actor.user_id == uid and auth.must_change_password(actor)


def test_deactivated_user_cannot_sign_in(db):
    db.user("hal", password="Hal@12345x")
    users.set_active(db.admin, User.get(User.login == "hal").id, False)
    with pytest.raises(PermissionDenied, match="用户名或密码错误"):
        auth.sign_in("hal", "Hal@12345x")


def test_passwords_never_reach_the_audit_log(db):
    secrets = ["Bob@12345x", "Wrong@0000x", "Temp@2026x", "Fresh@2026x", "Init@2026x", "Admin@2026"]
    db.user("bob", password="Bob@12345x")
    _fail("bob", 6, T0)
    uid = User.get(User.login == "bob").id
    users.unlock(db.admin, uid)
    users.reset_password(db.admin, uid, "Temp@2026x")
    actor = auth.sign_in("bob", "Temp@2026x")
    auth.change_password(actor, "Temp@2026x", "Fresh@2026x")
    root = Unit.get(Unit.code == "ROOT").id
    users.create_user(db.admin, "ivy", "艾薇", root, "reviewer", "Init@2026x")
    with pytest.raises(PermissionDenied):
        auth.sign_in("ivy", "Admin@2026")  # someone else's password typed by mistake
    hashes = [u.password_hash for u in User.select()]
    rows = list(AuditEntry.select())
    assert len(rows) >= 12
    for row in rows:
        blob = " ".join([row.before, row.after, row.record_id, row.action, row.user_login])
        for secret in secrets:
            assert secret not in blob, (row.id, row.action)
        for h in hashes:
            assert h.split("$")[-1] not in blob
        assert "scrypt$" not in blob


def test_sign_in_writes_one_audit_row_and_a_failure_another(db):
    db.user("gina", "officer", password="Gina@1234")
    before = AuditEntry.select().count()
    actor = auth.sign_in("gina", "Gina@1234", now=T0)
    rows = list(AuditEntry.select().order_by(AuditEntry.id.desc()).limit(1))
    assert AuditEntry.select().count() == before + 1
    assert (rows[0].action, rows[0].user_login, rows[0].table_name) == ("signin", "gina", "user")
    assert rows[0].record_id == str(actor.user_id)
    with pytest.raises(PermissionDenied):
        auth.sign_in("gina", "Wrong@0000", now=T0)
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert AuditEntry.select().count() == before + 2
    assert last.action == "signin.failed" and '"failures":1' in last.after.replace(" ", "")
    with pytest.raises(PermissionDenied):
        auth.sign_in("nobody", "Wrong@0000", now=T0)
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert last.action == "signin.failed" and "unknown" in last.after
