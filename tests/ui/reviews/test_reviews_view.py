"""Review view: highlights match the findings, masking changes the text, the reviewer approves,
publish stays disabled with reasons until the rules pass, and the 呈批单 is saved."""

from __future__ import annotations

import itertools

from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.store.models import Item, Unit
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.reviews.view import ReviewsView

BODY = "申请人：张三，身份证号11010519491231002X，手机13812345678。内部资料"
_serial = itertools.count(1)


def _submitted(officer, body=BODY) -> Item:
    item = Item.create(
        index_no=f"000014349/2025-8{next(_serial):04d}",
        title="低保对象公示",
        unit=Unit.get(Unit.code == "ROOT"),
        created_by=officer.user_id,
        body=body,
    )
    reviews.submit(officer, item.id)
    return item


def _view(actor, qtbot) -> ReviewsView:
    view = ReviewsView(actor)
    qtbot.addWidget(view)
    view.refresh()
    return view


def test_highlights_equal_findings_and_mask_buttons(db, qtbot):
    script = dialogs.use(dialogs.ScriptedDialogs())
    officer = db.user("officer1", "officer")
    item = _submitted(officer)
    view = _view(officer, qtbot)
    assert view.detail.item_id == item.id
    assert view.text.toPlainText() == BODY
    kinds = [f.kind for f in view.shown]
    assert kinds == ["person_name", "id_card", "mobile", "secret_marker"]
    assert len(view.text.extraSelections()) == len(view.shown) == view.findings_model.rowCount()
    extra = view.text.extraSelections()[1]
    assert extra.cursor.selectedText() == "11010519491231002X"
    assert not view.approve.isEnabled()  # officers do not review
    assert not view.publish.isEnabled() and "暂不能发布" in view.blockers.text()

    view.findings.selectRow(2)  # the mobile number
    view.mask_selected()
    assert "138****5678" in view.text.toPlainText() and "13812345678" not in view.text.toPlainText()
    assert Item.get_by_id(item.id).body == view.text.toPlainText()
    assert len(view.text.extraSelections()) == len(view.shown) == 3

    view.mask_everything()
    assert (
        view.text.toPlainText()
        == "申请人：张*，身份证号110105********002X，手机138****5678。内部资料"
    )
    assert [f.kind for f in view.shown] == ["secret_marker"]  # marks need a human decision
    assert script.calls[-1][0] == "info" and "已替换 2 处" in script.calls[-1][2]


def test_reviewer_overrides_approves_and_publishes(db, qtbot, tmp_path):
    script = dialogs.use(dialogs.ScriptedDialogs())
    officer = db.user("officer1", "officer")
    reviewer = db.user("reviewer1", "reviewer")
    item = _submitted(officer, "关于低保标准的通知。内部资料")
    view = _view(reviewer, qtbot)
    # 通过 says why it is off: the service would refuse while a block finding is open.
    assert not view.approve.isEnabled() and not view.mask_one.isEnabled()
    assert view.approve.toolTip().startswith("还有 1 处“禁止发布”的发现未处理")
    assert view.reject.isEnabled()
    view.approve_item()  # called anyway: the service refuses too
    assert script.calls[-1][0] == "error" and "禁止发布" in script.calls[-1][2]
    assert Item.get_by_id(item.id).status == "pending"

    view.findings.selectRow(0)
    assert view.override.isEnabled()
    script.text_answers.append("系公开出版物名称中的字样，不是密级标志")
    view.override_selected()
    assert view.shown[0].override_reason.startswith("系公开出版物")
    assert view.approve.isEnabled() and view.approve.toolTip() == ""
    view.comment.setText("同意公开")
    view.approve_item()
    assert Item.get_by_id(item.id).status == "approved"
    assert view.detail is None  # left the 待审 queue

    view.status_filter.setCurrentIndex(1)  # 已通过（待发布）
    assert view.detail.item_id == item.id
    assert view.publish.isEnabled(), view.blockers.text()
    script.file_answers.append(str(tmp_path / "form.pdf"))
    view.print_review_form()
    assert (tmp_path / "form.pdf").read_bytes().startswith(b"%PDF")
    script.confirm_answers.append(True)
    view.publish_item()
    item = Item.get_by_id(item.id)
    assert item.status == "published" and item.channels == "政府网站"


def test_drafter_cannot_review_own_item(db, qtbot):
    dialogs.use(dialogs.ScriptedDialogs())
    both = db.user("both", "officer,reviewer")
    _submitted(both, "普通通知正文。")
    view = _view(both, qtbot)
    assert not view.approve.isEnabled() and not view.reject.isEnabled()
