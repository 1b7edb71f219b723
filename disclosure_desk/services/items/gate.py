"""The publication gate's bookkeeping (PRODUCT.md §4.1), shared by every path that changes an
item's content: the form, attachments, masking, ``items import --update`` and the review.

* Who counts as a drafter: everyone recorded in ``item_contributor`` (created, edited,
  submitted), plus the item's creator and the submitters of its reviews.
* What an approval covers: the content hash stored on the review when it was approved.
* What a content change does: an approved item falls back to 草稿 and its approval is marked
  void (audited); a published item's content cannot be changed in place (withdraw it first).
"""

from __future__ import annotations

import datetime as dt

from disclosure_desk.domain import review_workflow as wf
from disclosure_desk.domain.errors import ConflictError
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.common.context import Tx
from disclosure_desk.store.models import Attachment, Item, ItemContributor, ItemReview

PUBLISHED_CONTENT_MESSAGE = N_(
    "该信息已发布，标题、正文和附件不能直接修改：请先撤回发布，修改后重新提交审查。"
)


def content_hash_of(item_id: int, title: str, body: str) -> str:
    """The hash of ``title``/``body`` with the item's stored attachments (in id order)."""
    atts = (
        Attachment.select(Attachment.filename, Attachment.data)
        .where(Attachment.item == item_id)
        .order_by(Attachment.id)
        .tuples()
    )
    return wf.content_hash(title, body, [(name, bytes(data or b"")) for name, data in atts])


def current_hash(item: Item) -> str:
    return content_hash_of(item.id, item.title, item.body)


def note_contributor(item_id: int, user_id: int | None, role: str) -> None:
    """Record that ``user_id`` created / edited / submitted the item (idempotent)."""
    if user_id is None:
        return
    exists = (
        ItemContributor.select()
        .where(
            (ItemContributor.item == item_id)
            & (ItemContributor.user == user_id)
            & (ItemContributor.role == role)
        )
        .exists()
    )
    if not exists:
        ItemContributor.create(item=item_id, user=user_id, role=role)


def contributor_ids(item_id: int) -> frozenset[int]:
    ids = {
        uid
        for (uid,) in ItemContributor.select(ItemContributor.user)
        .where(ItemContributor.item == item_id)
        .tuples()
    }
    ids |= {
        uid
        for (uid,) in ItemReview.select(ItemReview.submitted_by)
        .where((ItemReview.item == item_id) & ItemReview.submitted_by.is_null(False))
        .tuples()
    }
    return frozenset(ids)


def refuse_if_published(item: Item) -> None:
    if item.status == wf.PUBLISHED:
        raise ConflictError(tr(PUBLISHED_CONTENT_MESSAGE))


def content_changed(tx: Tx, item: Item, reason: str) -> None:
    """Called after the content of ``item`` changed inside ``tx``: an approval no longer covers
    it, so the approved review is marked void and the item falls back to 草稿 (both audited)."""
    if item.status != wf.APPROVED:
        return
    review = (
        ItemReview.select().where(ItemReview.item == item.id).order_by(ItemReview.id.desc()).first()
    )
    if review is not None and review.decision == wf.DECISION_APPROVED:
        ItemReview.update(decision=wf.DECISION_VOID).where(ItemReview.id == review.id).execute()
        tx.audit(
            "review.void",
            "item_review",
            review.id,
            {"decision": wf.DECISION_APPROVED},
            {"decision": wf.DECISION_VOID, "item": item.id, "reason": reason},
        )
    now = dt.datetime.now().replace(microsecond=0)
    Item.update(status=wf.DRAFT, version=Item.version + 1, updated_at=now).where(
        Item.id == item.id
    ).execute()
    tx.audit(
        "item.approval_withdrawn",
        "item",
        item.id,
        {"status": wf.APPROVED},
        {"status": wf.DRAFT, "reason": reason},
    )
    item.status = wf.DRAFT
