"""Review use cases: the reviewer is never the drafter, block findings, masking, and publish
refused in the service for every rule of PRODUCT.md §1.3 (runs on PostgreSQL too)."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest

from disclosure_desk.domain.errors import ConflictError, InputError, PermissionDenied, WorkflowError
from disclosure_desk.services.reviews import (
    decisions as reviews,
)
from disclosure_desk.services.reviews import (
    query as reviews_query,
)
from disclosure_desk.services.reviews import (
    scan as review_scan,
)
from disclosure_desk.store.models import (
    AuditEntry,
    Coordination,
    Item,
    ItemReview,
    ScanFinding,
    Unit,
)

_serial = itertools.count(1)

PERSONAL = (
    "关于2025年第三批低保对象的公示\n"
    "申请人：张三，身份证号11010519491231002X，联系电话13812345678。\n"
    "现住址青山区幸福路12号3栋2单元501室。"
)
CLEAN = "根据有关规定，现将2025年度城乡低保标准调整情况公示如下：城市低保标准每人每月800元。"


def make_item(
    drafter,
    body: str = CLEAN,
    status: str = "draft",
    secrecy: str = "非密",
    unit_code: str = "ROOT",
) -> Item:
    unit = Unit.get(Unit.code == unit_code)
    return Item.create(
        index_no=f"000014349/2025-{next(_serial):05d}-{id(body) % 9999}",
        title="关于2025年第三批低保对象的公示",
        doc_no="青民发〔2025〕12号",
        publisher="青山区民政局",
        unit=unit,
        body=body,
        status=status,
        secrecy=secrecy,
        created_by=drafter.user_id,
    )


@pytest.fixture
def people(db):
    return db.user("officer1", "officer"), db.user("reviewer1", "reviewer")


def _approved(officer, reviewer, body=CLEAN):
    item = make_item(officer, body)
    reviews.submit(officer, item.id)
    reviews.approve(reviewer, item.id, "同意公开")
    return Item.get_by_id(item.id)


def test_submit_scans_and_stores_findings(people):
    officer, _ = people
    item = make_item(officer, PERSONAL)
    result, changes = reviews.submit(officer, item.id)
    assert Item.get_by_id(item.id).status == "pending"
    kinds = sorted(
        f.kind for f in ScanFinding.select().where(ScanFinding.review == result.review_id)
    )
    assert kinds == ["address", "id_card", "mobile", "person_name"]
    assert result.blocks == 2 and result.findings == 4
    assert "item" in changes.tables and "item_review" in changes.tables


def test_attachment_text_is_scanned(people):
    from disclosure_desk.store.models import Attachment

    officer, _ = people
    item = make_item(officer)
    Attachment.create(item=item, filename="名单.docx", text="户主：李四 手机 13900001111")
    reviews.submit(officer, item.id)
    d = reviews_query.detail(officer, item.id)
    assert {(f.source, f.kind) for f in d.findings} == {
        ("名单.docx", "person_name"),
        ("名单.docx", "mobile"),
    }


def test_reviewer_is_never_the_drafter(db, people):
    officer, reviewer = people
    both = db.user("both", "officer,reviewer")
    item = make_item(both)
    reviews.submit(both, item.id)
    with pytest.raises(PermissionDenied, match="自己"):
        reviews.approve(both, item.id)
    with pytest.raises(PermissionDenied):
        reviews.approve(officer, item.id)  # officers have no review role
    reviews.approve(reviewer, item.id)
    assert Item.get_by_id(item.id).status == "approved"


def test_approve_refused_with_unresolved_block_until_override(people):
    officer, reviewer = people
    item = make_item(officer, PERSONAL)
    reviews.submit(officer, item.id)
    with pytest.raises(ConflictError, match="禁止发布"):
        reviews.approve(reviewer, item.id)
    with pytest.raises(InputError):
        reviews.set_override(
            reviewer, item.id, "body", "person_name", "张三", "可以公开"
        )  # warn only
    with pytest.raises(PermissionDenied):
        reviews.set_override(
            officer, item.id, "body", "mobile", "13812345678", "单位办公电话，已核实"
        )
    reviews.set_override(
        reviewer, item.id, "body", "mobile", "13812345678", "系单位值班电话，可公开"
    )
    reviews.set_override(
        reviewer, item.id, "body", "id_card", "11010519491231002X", "当事人书面同意公开"
    )
    reviews.approve(reviewer, item.id, "放行理由已记录")
    review = ItemReview.get(ItemReview.item == item.id)
    assert review.decision == "approved" and review.reviewer_id == reviewer.user_id
    reviews.publish(officer, item.id, ["政府网站"], dt.date(2026, 1, 5))
    assert Item.get_by_id(item.id).status == "published"


def test_return_needs_comment_and_resubmit(people):
    officer, reviewer = people
    item = make_item(officer, PERSONAL)
    reviews.submit(officer, item.id)
    with pytest.raises(InputError):
        reviews.return_item(reviewer, item.id, "  ")
    reviews.return_item(reviewer, item.id, "请隐去手机号码")
    assert Item.get_by_id(item.id).status == "returned"
    result, _ = reviews.mask_findings(officer, item.id)
    assert "13812345678" not in result.body and "138****5678" in result.body
    assert {e.kind for e in result.log} == {"id_card", "mobile", "address", "person_name"}
    res, _ = reviews.submit(officer, item.id)
    assert res.blocks == 0
    assert ItemReview.select().where(ItemReview.item == item.id).count() == 2


def test_mask_one_finding_logs_what_and_why(people):
    officer, _ = people
    item = make_item(officer, PERSONAL)
    reviews.submit(officer, item.id)
    d = reviews_query.detail(officer, item.id)
    mobile = next(f for f in d.findings if f.kind == "mobile")
    result, changes = reviews.mask_findings(officer, item.id, [(mobile.start, mobile.end)])
    assert len(result.log) == 1 and result.log[0].original == "13812345678"
    body = Item.get_by_id(item.id).body
    assert "138****5678" in body and "11010519491231002X" in body
    # the stored findings follow the text: the mobile is resolved, the ID number is still open
    open_kinds = {
        f.kind
        for f in ScanFinding.select().where(
            ScanFinding.item == item.id,
            ScanFinding.resolved == False,  # noqa: E712
        )
    }
    assert "mobile" not in open_kinds and "id_card" in open_kinds
    entry = AuditEntry.select().where(AuditEntry.action == "item.mask").get()
    log = json.loads(entry.after)["mask_log"]
    # What and why, but no original: masking leaves no copy in the audit log (issue 13).
    assert "original" not in log[0] and log[0]["masked"] == "138****5678"
    assert "手机号码" in log[0]["reason"]
    for row in AuditEntry.select():
        assert "13812345678" not in row.before + row.after
    with pytest.raises(ConflictError):  # stale span
        reviews.mask_findings(officer, item.id, [(mobile.start, mobile.end)])
    assert "scan_finding" in changes.tables


def test_masked_copy_keeps_stored_text(people):
    officer, _ = people
    item = make_item(officer, PERSONAL)
    copy = reviews_query.masked_copy(officer, item.id)
    assert "110105********002X" in copy.text and "13812345678" not in copy.text
    assert [e.kind for e in copy.log] == ["person_name", "id_card", "mobile", "address"]
    assert Item.get_by_id(item.id).body == PERSONAL


# --- publish refused in the service -------------------------------------------------------------


def test_publish_allowed_when_all_pass_records_date_and_channels(people):
    officer, reviewer = people
    item = _approved(officer, reviewer)
    assert reviews_query.detail(officer, item.id).blockers == ()
    reviews.publish(officer, item.id, ["政府网站", "公开栏"], dt.date(2026, 2, 2))
    item = Item.get_by_id(item.id)
    assert (item.status, item.published_on, item.channels) == (
        "published",
        dt.date(2026, 2, 2),
        "政府网站,公开栏",
    )


def test_publish_refused_for_classified_item(people):
    officer, reviewer = people
    item = _approved(officer, reviewer)
    Item.update(secrecy="秘密").where(Item.id == item.id).execute()
    with pytest.raises(ConflictError, match="密级"):
        reviews.publish(officer, item.id, ["政府网站"])
    assert Item.get_by_id(item.id).status == "approved"


def test_publish_refused_without_approved_review(people):
    officer, _ = people
    item = make_item(officer, status="approved")  # status set behind the workflow's back
    with pytest.raises(ConflictError, match="没有已通过的保密审查记录"):
        reviews.publish(officer, item.id, ["政府网站"])
    draft = make_item(officer)
    with pytest.raises(ConflictError, match="只有保密审查已通过"):
        reviews.publish(officer, draft.id, ["政府网站"])


def test_publish_refused_when_reviewed_by_own_drafter(people):
    officer, _ = people
    item = make_item(officer, status="approved")
    ItemReview.create(
        item=item,
        submitted_by=officer.user_id,
        reviewer=officer.user_id,
        decision="approved",
        decided_at=dt.datetime(2026, 1, 2, 9, 0),
    )
    with pytest.raises(ConflictError, match="同一人"):
        reviews.publish(officer, item.id, ["政府网站"])


def test_publish_refused_with_unresolved_block_without_reason(people):
    officer, reviewer = people
    item = _approved(officer, reviewer)
    # text changed after approval (e.g. by an import): a new mobile number appears
    Item.update(body=CLEAN + "联系人手机13987654321。").where(Item.id == item.id).execute()
    with pytest.raises(ConflictError, match="禁止发布"):
        reviews.publish(officer, item.id, ["政府网站"])
    # an override row with an empty reason does not count
    review = ItemReview.get(ItemReview.item == item.id)
    ScanFinding.create(
        item=item,
        review=review,
        kind="mobile",
        severity="block",
        start=0,
        end=11,
        text="13987654321",
        override_reason="",
    )
    with pytest.raises(ConflictError, match="禁止发布"):
        reviews.publish(officer, item.id, ["政府网站"])
    # Even with a written reason the old approval does not cover the changed text (§4.1).
    ScanFinding.update(override_reason="已核实为单位公开电话").execute()
    with pytest.raises(ConflictError, match="重新提交审查"):
        reviews.publish(officer, item.id, ["政府网站"])
    assert Item.get_by_id(item.id).status == "approved"


def test_publish_refused_with_incomplete_coordination(people):
    officer, reviewer = people
    item = _approved(officer, reviewer)
    c = Coordination.create(item=item, body_name="区财政局", answer="待复")
    with pytest.raises(ConflictError, match="区财政局"):
        reviews.publish(officer, item.id, ["政府网站"])
    c.answer = "同意"
    c.save()
    reviews.publish(officer, item.id, ["政府网站"])


def test_publish_needs_channel_and_role(db, people):
    officer, reviewer = people
    item = _approved(officer, reviewer)
    with pytest.raises(InputError):
        reviews.publish(officer, item.id, [" "])
    admin_only = db.user("adm2", "admin")
    with pytest.raises(PermissionDenied):
        reviews.publish(admin_only, item.id, ["政府网站"])


def test_withdraw_and_workflow_errors(people):
    officer, reviewer = people
    item = _approved(officer, reviewer)
    with pytest.raises(WorkflowError):
        reviews.submit(officer, item.id)
    reviews.publish(officer, item.id, ["政府网站"])
    with pytest.raises(InputError):
        reviews.withdraw(officer, item.id, "")
    reviews.withdraw(officer, item.id, "政策已调整")
    assert Item.get_by_id(item.id).status == "withdrawn"
    with pytest.raises(ConflictError):  # published text is frozen
        reviews.mask_findings(officer, _approved(officer, reviewer).id)


def test_queue_filters_by_status_and_unit(db):
    unit_id = db.unit("MZJ", "青山区民政局")  # before sign-in, so the users' unit trees include it
    officer, reviewer = db.user("officer1", "officer"), db.user("reviewer1", "reviewer")
    a = make_item(officer, PERSONAL)
    b = make_item(officer, CLEAN, unit_code="MZJ")
    reviews.submit(officer, a.id)
    reviews.submit(officer, b.id)
    rows = reviews_query.queue(reviewer)
    assert [r.item_id for r in rows] == [a.id, b.id]
    assert (rows[0].blocks, rows[0].findings) == (2, 4)
    assert [r.item_id for r in reviews_query.queue(reviewer, unit_id=unit_id)] == [b.id]
    assert reviews_query.queue(reviewer, status="approved") == []


def test_keyword_lists_per_unit(db):
    unit_id = db.unit("MZJ", "青山区民政局")
    officer, reviewer = db.user("officer1", "officer"), db.user("reviewer1", "reviewer")
    review_scan.add_keyword(db.admin, None, "内部通报", "block")
    review_scan.add_keyword(db.admin, unit_id, "低保名单", "warn")
    review_scan.add_keyword(db.admin, unit_id, "低保名单", "block")  # re-grade, no duplicate
    with pytest.raises(PermissionDenied):
        review_scan.add_keyword(officer, None, "某词", "warn")
    with pytest.raises(InputError):
        review_scan.add_keyword(db.admin, None, "x", "fatal")
    words = {
        (k.word, k.severity, k.unit_name) for k in review_scan.list_keywords(reviewer, unit_id)
    }
    assert words == {("内部通报", "block", "全部单位"), ("低保名单", "block", "青山区民政局")}
    root_item = make_item(officer, "本低保名单系内部通报。")
    unit_item = make_item(officer, "本低保名单系内部通报。", unit_code="MZJ")
    assert [f.text for _, f in review_scan.scan_item(root_item)] == ["内部通报"]
    assert [f.text for _, f in review_scan.scan_item(unit_item)] == ["低保名单", "内部通报"]
    kw = next(k for k in review_scan.list_keywords(db.admin) if k.word == "内部通报")
    review_scan.remove_keyword(db.admin, kw.id)
    assert [f.text for _, f in review_scan.scan_item(unit_item)] == ["低保名单"]
