"""Review view: 撤回 is offered only where the workflow allows it and always asks for a reason."""

from __future__ import annotations

from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.store.models import AuditEntry, Item, Unit
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.reviews.view import QUEUE_STATUSES, ReviewsView


def _approved(officer, reviewer, index_no="000014349/2025-90001") -> Item:
    item = Item.create(
        index_no=index_no,
        title="关于做好秋季防火工作的通知",
        unit=Unit.get(Unit.code == "ROOT"),
        created_by=officer.user_id,
        body="请各单位做好秋季防火工作。",
    )
    reviews.submit(officer, item.id)
    reviews.approve(reviewer, item.id, "同意")
    return item


def _show(view: ReviewsView, status: str) -> None:
    view.status_filter.setCurrentIndex([s for s, _ in QUEUE_STATUSES].index(status))


def test_withdraw_published_item_requires_reason(db, qtbot):
    script = dialogs.use(dialogs.ScriptedDialogs())
    officer = db.user("officer1", "officer")
    reviewer = db.user("reviewer1", "reviewer")
    item = _approved(officer, reviewer)
    reviews.publish(officer, item.id, ["政府网站"])
    view = ReviewsView(officer)
    qtbot.addWidget(view)
    view.refresh()
    assert view.detail is None and not view.withdraw.isEnabled()  # nothing pending

    _show(view, "published")
    assert view.detail.item_id == item.id
    assert view.withdraw.isEnabled() and not view.publish.isEnabled()
    assert "政府网站" in view.blockers.text() and "撤回" in view.blockers.text()

    script.text_answers.append(None)  # the officer cancels the reason box
    view.withdraw_item()
    assert Item.get_by_id(item.id).status == "published"

    script.text_answers.append("   ")  # a blank reason is refused by the service
    view.withdraw_item()
    assert script.calls[-1][0] == "error" and "撤回原因" in script.calls[-1][2]
    assert Item.get_by_id(item.id).status == "published"

    script.text_answers.append("政策已调整，待修订后重新发布")
    view.withdraw_item()
    assert Item.get_by_id(item.id).status == "withdrawn"
    reasons = [
        e.after for e in AuditEntry.select().where(AuditEntry.action == "item.withdraw_reason")
    ]
    assert any("政策已调整" in (r or "") for r in reasons)
    assert view.detail is None  # left the 已发布 queue
    _show(view, "withdrawn")
    assert view.detail.item_id == item.id and not view.withdraw.isEnabled()


def test_withdraw_enabled_only_where_workflow_allows(db, qtbot):
    dialogs.use(dialogs.ScriptedDialogs())
    officer = db.user("officer1", "officer")
    reviewer = db.user("reviewer1", "reviewer")
    approved = _approved(officer, reviewer)
    pending = Item.create(
        index_no="000014349/2025-90002",
        title="待审的信息",
        unit=Unit.get(Unit.code == "ROOT"),
        created_by=officer.user_id,
        body="普通通知正文。",
    )
    reviews.submit(officer, pending.id)
    view = ReviewsView(officer)
    qtbot.addWidget(view)
    view.refresh()
    assert view.detail.item_id == pending.id and not view.withdraw.isEnabled()
    _show(view, "approved")
    assert view.detail.item_id == approved.id and view.withdraw.isEnabled()

    # An administrator may not publish, so may not withdraw either (matrix: item.publish).
    admin_view = ReviewsView(db.user("sysadmin", "admin"))
    qtbot.addWidget(admin_view)
    admin_view.refresh()
    _show(admin_view, "approved")
    assert admin_view.detail.item_id == approved.id and not admin_view.withdraw.isEnabled()
