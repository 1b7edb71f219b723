"""Accounts as an attacker tries them: weak passwords, a cheap old hash, timing of unknown
logins, a password typed into the login field, files readable by others."""

from __future__ import annotations

import base64
import time

import pytest

from disclosure_desk.domain import passwords
from disclosure_desk.domain.errors import InputError, PermissionDenied
from disclosure_desk.services.admin import users
from disclosure_desk.services.common import auth
from disclosure_desk.store.models import AuditEntry, Unit, User


@pytest.mark.parametrize(
    ("weak", "why"),
    [
        ("Ab1@xyz", "至少需要 10"),  # short
        ("abcdefghijkl", "字母和数字"),  # letters only
        ("1234567890123", "字母和数字"),  # digits only
        ("!!!!@@@@####", "字母和数字"),
        ("Password123", "常见"),  # common, any case
        ("WOAINI1314", "常见"),
        ("qwert12345", "常见"),
    ],
)
def test_weak_passwords_refused_everywhere(db, weak, why):
    root = Unit.get(Unit.code == "ROOT").id
    with pytest.raises(InputError, match=why) as info:
        users.create_user(db.admin, "weak1", "弱", root, "officer", weak)
    assert weak not in info.value.message  # the typed password is never echoed
    uid, _ = users.create_user(db.admin, "weak2", "弱", root, "officer", "Qingshan2026x")
    with pytest.raises(InputError, match=why):
        users.reset_password(db.admin, uid, weak)
    actor = auth.sign_in("weak2", "Qingshan2026x")
    with pytest.raises(InputError, match=why):
        auth.change_password(actor, "Qingshan2026x", weak)
    assert not User.select().where(User.login == "weak1").exists()


def test_a_good_password_passes_the_policy():
    passwords.check_strength("青山区2026公开desk")
    passwords.check_strength("Xk9mLq2wPz")


def test_old_cheap_hash_is_upgraded_at_sign_in(db, monkeypatch):
    db.user("olduser", password="Oldhash2026x")  # stored at the (lowered) test cost 2^14
    monkeypatch.setattr(passwords, "COST", (2**15, 8, 1))
    before = User.get(User.login == "olduser").password_hash
    assert before.startswith("scrypt$16384$")
    auth.sign_in("olduser", "Oldhash2026x")
    after = User.get(User.login == "olduser").password_hash
    assert after.startswith("scrypt$32768$8$1$") and after != before
    assert passwords.verify_password("Oldhash2026x", after)
    # Signing in again does not rehash again.
    auth.sign_in("olduser", "Oldhash2026x")
    assert User.get(User.login == "olduser").password_hash == after


def test_production_cost_follows_owasp():
    import importlib

    fresh = importlib.reload(passwords)
    try:
        assert fresh.COST == (2**17, 8, 1)
        stored = fresh.hash_password("Qingshan2026x")
        n, r, p = (int(x) for x in stored.split("$")[1:4])
        assert (n, r, p) == (131072, 8, 1)
        assert fresh.verify_password("Qingshan2026x", stored)
        assert len(base64.b64decode(stored.split("$")[4])) == 16
    finally:
        fresh.COST = (2**14, 8, 1)  # back to the test cost for the rest of the session


def test_unknown_login_costs_a_hash_like_a_known_one(db, monkeypatch):
    calls = []
    real = passwords._scrypt

    def counting(*args, **kw):
        calls.append(args[2])  # n
        return real(*args, **kw)

    monkeypatch.setattr(passwords, "_scrypt", counting)
    db.user("known1", password="Known2026abc")
    calls.clear()
    with pytest.raises(PermissionDenied, match="用户名或密码错误") as unknown:
        auth.sign_in("nobody-here", "Known2026abc")
    unknown_calls = list(calls)
    calls.clear()
    with pytest.raises(PermissionDenied, match="用户名或密码错误") as known:
        auth.sign_in("known1", "Wrong2026abc")
    assert unknown.value.message == known.value.message
    assert len(unknown_calls) == 1 and len(calls) == 1  # one scrypt each, same cost
    assert unknown_calls[0] == passwords.COST[0]


def test_unknown_login_timing_is_close_to_a_known_one(db):
    db.user("known2", password="Known2026abc")

    def timed(login):
        t = time.perf_counter()
        with pytest.raises(PermissionDenied):
            auth.sign_in(login, "Wrong2026abc")
        return time.perf_counter() - t

    known = min(timed("known2") for _ in range(3))
    unknown = min(timed(f"ghost{i}") for i in range(3))
    assert unknown > known * 0.5  # no cheap early return for logins that do not exist


def test_password_typed_into_the_login_field_is_not_stored(db):
    typed = "Myp@ssw0rd2026"  # someone typed the password where the login goes
    with pytest.raises(PermissionDenied):
        auth.sign_in(typed, "whatever")
    rows = list(AuditEntry.select().where(AuditEntry.action == "signin.failed"))
    assert rows, "the failed sign-in is audited"
    for row in AuditEntry.select():
        blob = " ".join([row.user_login, row.record_id, row.before, row.after])
        assert typed not in blob and typed.lower() not in blob.lower()
    assert '"typed_length":14' in rows[-1].after


def test_locked_account_refuses_even_the_right_password_and_audits_it(db):
    db.user("lockme", password="Lockme2026x")
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            auth.sign_in("lockme", "Wrong2026abc")
    with pytest.raises(PermissionDenied, match="锁定"):
        auth.sign_in("lockme", "Lockme2026x")
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions.count("signin.failed") == 5 and actions[-1] == "signin.denied"


def test_sign_in_success_is_audited(db):
    db.user("okuser", password="Okuser2026x")
    auth.sign_in("okuser", "Okuser2026x")
    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (last.action, last.user_login) == ("signin", "okuser")


def test_raw_sql_reset_of_the_failure_counter_needs_the_file(db):
    """Someone with the database file can clear a lockout; the audit log still shows the
    failures (the counter itself is not evidence)."""
    db.user("victim2", password="Victim2026x")
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            auth.sign_in("victim2", "Wrong2026abc")
    User.update(failed_logins=0, locked_until=None).where(User.login == "victim2").execute()
    assert AuditEntry.select().where(AuditEntry.action == "signin.failed").count() == 5
