"""Review view: an image attachment shows a "no text layer" finding that blocks approval until
the reviewer records a manual check through the button made for it."""

from __future__ import annotations

from disclosure_desk.services.items import extras as items_extras
from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.store.models import Item, Unit
from disclosure_desk.ui.common import dialogs
from disclosure_desk.ui.reviews.view import ReviewsView


def test_reviewer_records_a_manual_check_for_a_scanned_image(db, qtbot):
    script = dialogs.use(dialogs.ScriptedDialogs())
    officer = db.user("officer_m", "officer")
    reviewer = db.user("reviewer_m", "reviewer")
    item = Item.create(
        index_no="000014349/2025-90001",
        title="低保对象公示（扫描件）",
        unit=Unit.get(Unit.code == "ROOT"),
        created_by=officer.user_id,
        body="附件为低保对象名单扫描件。",
    )
    items_extras.add_attachment(officer, item.id, "名单扫描件.png", b"\x89PNG\r\n\x1a\nimage")
    reviews.submit(officer, item.id)
    view = ReviewsView(reviewer)
    qtbot.addWidget(view)
    view.refresh()
    view.source.setCurrentIndex(view.source.findData("名单扫描件.png"))
    assert [f.kind for f in view.shown] == ["no_text_layer"]
    assert "逐页核对" in view.text.placeholderText()
    assert view.findings_model.data(view.findings_model.index(0, 3)) == "无文字层，须人工核对"
    view.approve_item()
    assert script.calls[-1][0] == "error" and "禁止发布" in script.calls[-1][2]

    view.findings.selectRow(0)
    assert view.override.isEnabled() and view.override.text() == "记录人工核对…"
    script.text_answers.append("已逐页核对原件，名单中无身份证号码和电话")
    view.override_selected()
    assert "人工核对" in script.calls[-1][1]
    assert view.shown[0].override_reason.startswith("已逐页核对")
    view.comment.setText("同意公开")
    view.approve_item()
    assert Item.get_by_id(item.id).status == "approved"
