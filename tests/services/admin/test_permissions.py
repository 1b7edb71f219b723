"""An officer cannot approve a review, unlock a year, edit users or read another unit's records."""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure_desk.domain.errors import PermissionDenied
from disclosure_desk.domain.permissions import MATRIX
from disclosure_desk.services.admin import audit as audit_service
from disclosure_desk.services.admin import backups, users
from disclosure_desk.services.applications import query as applications_query
from disclosure_desk.services.common import overview, session_policy
from disclosure_desk.services.items import register as items_service
from disclosure_desk.services.reviews import query as reviews_query
from disclosure_desk.store.models import Application, AuditEntry, Item, ItemReview, Unit, User


def _records(db):
    """Two units, each with items, a pending review and applications."""
    a = db.unit("UA", "区教育局", "000014349")
    b = db.unit("UB", "区卫生健康委", "000014349")
    for unit_id, tag in ((a, "A"), (b, "B")):
        for i in range(3):
            item = Item.create(
                index_no=f"000014349/2026-{tag}{i:04d}",
                title=f"{tag} 单位信息 {i}",
                unit=unit_id,
                status="pending" if i == 2 else "draft",
            )
        ItemReview.create(item=item)
        for i in range(2):
            Application.create(
                reg_no=f"{tag}申〔2026〕{i + 1}号",
                unit=unit_id,
                serial_year=2026,
                serial=i + 1,
                received_on=dt.date(2026, 3, 2),
                channel="letter",
                applicant_type="natural_person",
                applicant_name=f"{tag}申请人{i}",
            )
    return a, b


def test_matrix_denies_officer_the_reserved_actions(db):
    officer = db.user("off1", "officer")
    for action in (
        "item.review",
        "report.unlock",
        "report.lock",
        "user.manage",
        "unit.manage",
        "settings.edit",
        "calendar.edit",
        "backup.restore",
        "audit.view",
    ):
        assert "officer" not in MATRIX[action], action
        with pytest.raises(PermissionDenied):
            officer.require(action)


def test_officer_cannot_approve_a_review(db):
    """Through the reviews service itself: nothing changes, no audit entry is written."""
    from disclosure_desk.services.reviews import decisions as reviews

    _records(db)
    officer = db.user("offa", "officer", "UA")
    review = ItemReview.select().join(Item).where(Item.title == "A 单位信息 2").get()
    audit_count = AuditEntry.select().count()
    with pytest.raises(PermissionDenied, match="无权保密审查"):
        reviews.approve(officer, review.item_id, "同意")
    with pytest.raises(PermissionDenied):
        reviews.return_item(officer, review.item_id, "退回")
    assert ItemReview.get_by_id(review.id).decision == ""
    assert Item.get_by_id(review.item_id).status == "pending"
    assert AuditEntry.select().count() == audit_count


def test_officer_cannot_unlock_a_year(db):
    from disclosure_desk.services.reporting import year_lock as reports_lock

    officer = db.user("off1", "officer")
    leader = db.user("lead", "supervisor")
    reports_lock.lock_year(leader, 2025)
    with pytest.raises(PermissionDenied, match="无权解锁年度报告"):
        reports_lock.unlock_year(officer, 2025)
    with pytest.raises(PermissionDenied):
        reports_lock.lock_year(officer, 2024)
    assert reports_lock.lock_state(2025).locked
    assert not reports_lock.lock_state(2024).locked


def test_officer_cannot_edit_users_or_units(db):
    officer = db.user("off1", "officer")
    reviewer = db.user("rev1", "reviewer")
    root = Unit.get(Unit.code == "ROOT").id
    target = User.get(User.login == "rev1").id
    before_audit = AuditEntry.select().count()
    for actor in (officer, reviewer):
        calls = [
            lambda a=actor: users.create_user(a, "mallory", "马", root, "admin", "Evil@2026x"),
            lambda a=actor: users.update_user(a, target, roles="admin"),
            lambda a=actor: users.set_active(a, target, False),
            lambda a=actor: users.reset_password(a, target, "Evil@2026x"),
            lambda a=actor: users.unlock(a, target),
            lambda a=actor: users.create_unit(a, "EVIL", "冒名单位"),
            lambda a=actor: users.update_unit(a, root, index_prefix="666"),
            lambda a=actor: session_policy.save(a, max_failures=20),
            lambda a=actor: audit_service.verify(a),
            lambda a=actor: users.list_users(a),
            lambda a=actor: backups.listing(a),
        ]
        for call in calls:
            with pytest.raises(PermissionDenied):
                call()
    assert not User.select().where(User.login == "mallory").exists()
    assert User.get_by_id(target).roles == "reviewer"
    assert Unit.get_by_id(root).index_prefix == "000014349"
    # Nothing changed; each refusal is itself in the audit log (denied attempts, §4.1).
    new = list(AuditEntry.select().where(AuditEntry.id > before_audit).order_by(AuditEntry.id))
    assert [e.action for e in new] == ["denied"] * 22
    assert {e.user_login for e in new} == {"off1", "rev1"}
    assert '"action":"user.manage"' in new[0].after


def test_officer_reads_only_own_unit(db):
    a, b = _records(db)
    officer_a = db.user("offa", "officer", "UA")
    items = items_service.list_items(officer_a, limit=100)
    assert len(items) == 3 and all(r.title.startswith("A ") for r in items)
    apps = applications_query.list_applications(officer_a, limit=100)
    assert len(apps) == 2 and all(r.reg_no.startswith("A") for r in apps)
    assert [r.title for r in reviews_query.queue(officer_a)] == ["A 单位信息 2"]
    assert {u.id for u in overview.units(officer_a)} == {a}
    assert overview.summary(officer_a).items == 3
    with pytest.raises(PermissionDenied):
        officer_a.require("item.edit", b)
    officer_a.require("item.edit", a)
    # A spanning role sees both units.
    leader = db.user("lead", "supervisor")
    assert len(items_service.list_items(leader, limit=100)) == 6
    assert len(applications_query.list_applications(leader, limit=100)) == 4


def test_reviewer_cannot_register(db):
    reviewer = db.user("rev1", "reviewer")
    for action in ("item.edit", "application.edit", "item.import"):
        with pytest.raises(PermissionDenied):
            reviewer.require(action)


def test_deactivated_or_reroled_user_cannot_change_with_an_open_session(db):
    from disclosure_desk.domain.errors import PermissionDenied
    from disclosure_desk.services.admin import users
    from disclosure_desk.services.common.context import change
    from disclosure_desk.store.models import User

    officer = db.user("o_session", "officer")
    with change(officer, "item.edit") as tx:  # allowed while active
        tx.touch("item")
    uid = User.get(User.login == "o_session").id
    users.update_user(db.admin, uid, roles="reviewer")
    with pytest.raises(PermissionDenied, match="重新登录"):
        with change(officer, "item.edit"):
            pass
    users.set_active(db.admin, uid, False)
    with pytest.raises(PermissionDenied, match="停用"):
        with change(officer, "item.edit"):
            pass
