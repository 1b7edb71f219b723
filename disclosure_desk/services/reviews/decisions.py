"""Use cases of the pre-publication review (保密审查): submit, approve / return, override a
finding, mask findings in the text, publish, withdraw.

Every rule that protects publication is enforced here, not only in the UI: publishing is refused
for a classified item, without an approved review, when the reviewer is the drafter, with an
unresolved `block` finding that has no written override reason, or with incomplete
coordination. Read-only queries (queue, detail, masked copy, 呈批单) are in reviews_query.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from disclosure_desk.domain import review_workflow as wf
from disclosure_desk.domain import vocabulary
from disclosure_desk.domain.errors import ConflictError, InputError, NotFound, PermissionDenied
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.scanner import (
    DEFAULT_MASK_KINDS,
    KIND_LABELS,
    Finding,
    MaskLogEntry,
    Scanner,
    mask_text,
)
from disclosure_desk.i18n import N_, tr, tr_from
from disclosure_desk.services.common.context import Changes, Tx, body_digest, change, row_dict
from disclosure_desk.services.items import gate as items_gate
from disclosure_desk.services.reporting.year_lock_guard import guard_item
from disclosure_desk.services.reviews import scan as review_scan
from disclosure_desk.store import search
from disclosure_desk.store.models import Attachment, Coordination, Item, ItemReview, ScanFinding

PERSONAL_KINDS = DEFAULT_MASK_KINDS - {"keyword"}
ITEM_FIELDS = ("status", "secrecy", "published_on", "channels", "version")
# The review comment when the reviewer leaves it empty (stored; tr() where shown).
APPROVED_COMMENT = N_("经审查，同意公开。")


@dataclass(frozen=True)
class SubmitResult:
    review_id: int
    findings: int
    blocks: int


@dataclass(frozen=True)
class MaskResult:
    body: str
    log: tuple[MaskLogEntry, ...]


# --- helpers shared with reviews_query ----------------------------------------------------------


def get_item(item_id: int) -> Item:
    item = Item.get_or_none(Item.id == item_id)
    if item is None:
        raise NotFound(tr("找不到编号为 {item_id} 的信息。").format(item_id=item_id))
    return item


def latest_review(item_id: int) -> ItemReview | None:
    return (
        ItemReview.select().where(ItemReview.item == item_id).order_by(ItemReview.id.desc()).first()
    )


def drafter_ids(item: Item, review: ItemReview | None) -> frozenset[int]:
    """Who counts as the drafter (PRODUCT.md §4.1): the item's creator, everyone who edited its
    content and everyone who ever submitted it for review."""
    ids = {item.created_by_id} | set(items_gate.contributor_ids(item.id))
    if review is not None:
        ids.add(review.submitted_by_id)
    return frozenset(i for i in ids if i is not None)


def _key(source: str, f: Finding | ScanFinding) -> tuple[str, str, str]:
    return (source, f.kind, f.text)


def overrides(review: ItemReview | None) -> dict[tuple[str, str, str], str]:
    """Override reasons of a review, keyed by (source, kind, text) so they survive re-scans."""
    if review is None:
        return {}
    out: dict[tuple[str, str, str], str] = {}
    for row in ScanFinding.select().where(
        (ScanFinding.review == review.id) & (ScanFinding.override_reason != "")
    ):
        out[_key(row.source, row)] = row.override_reason
    return out


def publish_facts(
    item: Item, fresh: Sequence[tuple[str, Finding]] | None = None
) -> wf.PublishFacts:
    review = latest_review(item.id)
    if fresh is None:
        fresh = review_scan.scan_item(item)
    reasons = overrides(review)
    blocks = tuple(
        # Marks and keywords are named as written; personal data only in masked form.
        wf.BlockingFinding(
            source,
            KIND_LABELS.get(f.kind, f.kind),
            f.masked if f.kind in PERSONAL_KINDS else f.text,
        )
        for source, f in fresh
        if f.severity == "block" and not reasons.get(_key(source, f))
    )
    coords = tuple(
        (c.body_name, c.answer)
        for c in Coordination.select().where(Coordination.item == item.id).order_by(Coordination.id)
        if c.answer != vocabulary.ANSWER_AGREED
    )
    approved = review is not None and review.decision == wf.DECISION_APPROVED
    return wf.PublishFacts(
        status=item.status,
        secrecy=item.secrecy,
        drafter_ids=drafter_ids(item, review),
        has_approved_review=approved,
        reviewer_id=review.reviewer_id if approved else None,
        content_current=approved and review.content_hash == items_gate.current_hash(item),
        unresolved_blocks=blocks,
        open_coordinations=coords,
    )


def sync_findings(review: ItemReview, fresh: Sequence[tuple[str, Finding]]) -> None:
    """Make the review's open ScanFinding rows match a fresh scan.

    Rows still present get their new offsets; rows no longer found are marked resolved (fixed
    in the text) and kept as history; new hits are added, inheriting an override reason given
    to the same (source, kind, text) earlier."""
    reasons = overrides(review)
    open_rows: dict[tuple[str, str, str], list[ScanFinding]] = {}
    for row in (
        ScanFinding.select()
        .where(
            (ScanFinding.review == review.id) & (ScanFinding.resolved == False)  # noqa: E712
        )
        .order_by(ScanFinding.start, ScanFinding.id)
    ):
        open_rows.setdefault(_key(row.source, row), []).append(row)
    new_rows = []
    for source, f in fresh:
        rows = open_rows.get(_key(source, f))
        if rows:
            row = rows.pop(0)
            if (row.start, row.end, row.severity, row.masked) != (
                f.start,
                f.end,
                f.severity,
                f.masked,
            ):
                row.start, row.end, row.severity, row.masked = f.start, f.end, f.severity, f.masked
                row.save()
            continue
        new_rows.append(
            dict(
                item=review.item_id,
                review=review.id,
                source=source,
                kind=f.kind,
                severity=f.severity,
                start=f.start,
                end=f.end,
                text=f.text[:255],
                masked=f.masked[:255],
                override_reason=reasons.get(_key(source, f), ""),
            )
        )
    gone = [row.id for rows in open_rows.values() for row in rows]
    if gone:
        ScanFinding.update(resolved=True).where(ScanFinding.id.in_(gone)).execute()
    if new_rows:
        ScanFinding.insert_many(new_rows).execute()


def _set_status(tx: Tx, item: Item, action: str, **fields: object) -> None:
    """Apply a workflow transition with an optimistic check against concurrent changes."""
    new_status = wf.transition(action, item.status)
    before = row_dict(item, ITEM_FIELDS)
    old = dict(item.__data__)  # withdrawing a 规章 takes it out of a locked year's section 二
    values = {"status": new_status, "version": item.version + 1, "updated_at": _now(), **fields}
    n = (
        Item.update(**values)
        .where((Item.id == item.id) & (Item.status == item.status) & (Item.version == item.version))
        .execute()
    )
    if n != 1:
        raise ConflictError(tr("该信息刚被其他人修改过，请刷新后重试。"))
    for name, value in values.items():
        setattr(item, name, value)
    guard_item(old, item)
    tx.audit(f"item.{action}", "item", item.id, before, row_dict(item, ITEM_FIELDS))


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _require_reviewer(actor: Actor, item: Item, review: ItemReview | None) -> None:
    actor.require("item.review", item.unit_id)
    if actor.user_id is None:
        raise PermissionDenied(tr("保密审查须由具名用户登录后进行。"))
    if actor.user_id in drafter_ids(item, review):
        raise PermissionDenied(tr("不能审查自己起草或提交的信息，须由他人审查。"))


def _pending_review(item: Item) -> ItemReview:
    review = latest_review(item.id)
    if review is None or review.decision != "" or item.status != wf.PENDING:
        raise ConflictError(
            tr("该信息当前状态为“{value}”，没有待审查的记录。").format(
                value=wf.status_label(item.status)
            )
        )
    return review


# --- use cases ----------------------------------------------------------------------------------


def submit(actor: Actor, item_id: int) -> tuple[SubmitResult, Changes]:
    """Put an item forward for review: scan body and attachments and store the findings."""
    item = get_item(item_id)
    with change(actor, "item.submit", item.unit_id) as tx:
        item = get_item(item_id)
        _set_status(tx, item, "submit")
        review = ItemReview.create(item=item.id, submitted_by=actor.user_id, submitted_at=_now())
        items_gate.note_contributor(item.id, actor.user_id, "submitted")
        fresh = review_scan.scan_item(item)
        sync_findings(review, fresh)
        blocks = sum(1 for _, f in fresh if f.severity == "block")
        tx.audit(
            "review.submit",
            "item_review",
            review.id,
            None,
            {"item": item.id, "findings": len(fresh), "blocks": blocks},
        )
        tx.touch("scan_finding")
    return SubmitResult(review.id, len(fresh), blocks), tx.changes


def recall(actor: Actor, item_id: int) -> Changes:
    """The submitter takes an undecided submission back to 草稿."""
    item = get_item(item_id)
    with change(actor, "item.submit", item.unit_id) as tx:
        review = _pending_review(item)
        _set_status(tx, item, "recall")
        before = row_dict(review)
        review.decision = "recalled"
        review.decided_at = _now()
        review.save()
        tx.audit("review.recall", "item_review", review.id, before, row_dict(review))
    return tx.changes


def set_override(
    actor: Actor, item_id: int, source: str, kind: str, text: str, reason: str
) -> Changes:
    """The reviewer clears a `block` finding without changing the text, giving a written reason
    (an empty reason withdraws the override). The decision covers every occurrence of the same
    text of that kind in that source: the reviewer judged the text, not a position."""
    item = get_item(item_id)
    reason = (reason or "").strip()
    with change(actor, None) as tx:
        review = latest_review(item.id)
        _require_reviewer(actor, item, review)
        review = _pending_review(item)
        if reason and len(reason) < 4:
            raise InputError(tr("放行理由过短，请写明可以公开的依据（至少 4 个字）。"))
        fresh = review_scan.scan_item(item)
        sync_findings(review, fresh)
        hits = [f for s, f in fresh if s == source and f.kind == kind and f.text == text]
        if not hits:
            raise ConflictError(tr("该发现已不在当前文本中，请刷新后重试。"))
        if all(f.severity != "block" for f in hits):
            raise InputError(tr("只有“禁止发布”级别的发现需要填写放行理由。"))
        cond = (
            (ScanFinding.review == review.id)
            & (ScanFinding.source == source)
            & (ScanFinding.kind == kind)
            & (ScanFinding.text == text)
        )
        ids = [r.id for r in ScanFinding.select(ScanFinding.id).where(cond)]
        ScanFinding.update(override_reason=reason).where(cond).execute()
        tx.audit(
            "review.override",
            "scan_finding",
            ids[0] if ids else "",
            None,
            {"item": item.id, "source": source, "kind": kind, "text": text, "reason": reason},
        )
        tx.touch("item_review")
    return tx.changes


def approve(actor: Actor, item_id: int, comment: str = "") -> Changes:
    item = get_item(item_id)
    with change(actor, None) as tx:
        review = _pending_review(item)
        _require_reviewer(actor, item, review)
        fresh = review_scan.scan_item(item)
        sync_findings(review, fresh)
        facts = publish_facts(item, fresh)
        if facts.unresolved_blocks:
            n = len(facts.unresolved_blocks)
            raise ConflictError(
                tr(
                    "还有 {n} 处“禁止发布”的发现未处理：请退回修改，或逐条填写放行理由后再通过。"
                ).format(n=n)
            )
        before = row_dict(review)
        review.reviewer = actor.user_id
        review.decision = wf.DECISION_APPROVED
        review.decided_at = _now()
        review.comment = (comment or "").strip() or APPROVED_COMMENT
        review.content_hash = items_gate.current_hash(item)  # what this approval covers
        review.save()
        tx.audit("review.approve", "item_review", review.id, before, row_dict(review))
        _set_status(tx, item, "approve")
    return tx.changes


def return_item(actor: Actor, item_id: int, comment: str) -> Changes:
    comment = (comment or "").strip()
    if not comment:
        raise InputError(tr("退回时必须写明退回意见，告诉起草人需要修改什么。"))
    item = get_item(item_id)
    with change(actor, None) as tx:
        review = _pending_review(item)
        _require_reviewer(actor, item, review)
        before = row_dict(review)
        review.reviewer = actor.user_id
        review.decision = "returned"
        review.decided_at = _now()
        review.comment = comment
        review.save()
        tx.audit("review.return", "item_review", review.id, before, row_dict(review))
        _set_status(tx, item, "return")
    return tx.changes


def publish(
    actor: Actor, item_id: int, channels: Sequence[str], on: dt.date | None = None
) -> Changes:
    """Publish an approved item on ``on`` (default today) through ``channels``."""
    chosen = [c.strip() for c in channels if c and c.strip()]
    if not chosen:
        raise InputError(tr("请至少选择一个发布渠道。"))
    on = on or dt.date.today()
    item = get_item(item_id)
    with change(actor, "item.publish", item.unit_id) as tx:
        item = get_item(item_id)
        blockers = wf.publish_blockers(publish_facts(item))
        if blockers:
            raise ConflictError(
                tr("不能发布：") + "".join(f"\n· {blocker_words(b)}" for b in blockers)
            )
        if item.formed_on and on < item.formed_on:
            raise InputError(
                tr("发布日期 {on} 早于成文日期 {formed_on}。").format(
                    on=on, formed_on=item.formed_on
                )
            )
        _set_status(tx, item, "publish", published_on=on, channels=",".join(dict.fromkeys(chosen)))
    return tx.changes


def withdraw(actor: Actor, item_id: int, reason: str) -> Changes:
    reason = (reason or "").strip()
    if not reason:
        raise InputError(tr("撤回时必须写明撤回原因。"))
    item = get_item(item_id)
    with change(actor, "item.publish", item.unit_id) as tx:
        _set_status(tx, item, "withdraw")
        tx.audit("item.withdraw_reason", "item", item.id, None, {"reason": reason})
    return tx.changes


def mask_findings(
    actor: Actor, item_id: int, spans: Sequence[tuple[int, int]] | None = None
) -> tuple[MaskResult, Changes]:
    """Replace findings in the body by their masked form ("替换为脱敏形式").

    ``spans`` picks findings by their (start, end) in the current body; None masks every
    personal-data and keyword finding. The audit entry records what was masked and why."""
    item = get_item(item_id)
    with change(actor, "item.edit", item.unit_id) as tx:
        item = get_item(item_id)
        if item.status not in wf.EDITABLE_STATUSES:
            raise ConflictError(
                tr("该信息当前状态为“{value}”，正文不能再修改；如需修改请先撤回。").format(
                    value=wf.status_label(item.status)
                )
            )
        body = item.body or ""
        found = Scanner(review_scan.keywords_for_unit(item.unit_id)).scan(body)
        if spans is None:
            masked, log = mask_text(body, found)
        else:
            wanted = {(int(s), int(e)) for s, e in spans}
            chosen = [f for f in found if (f.start, f.end) in wanted]
            if len(chosen) != len(wanted):
                raise ConflictError(tr("正文已经改变，所选发现已不存在；请刷新后重试。"))
            masked, log = mask_text(body, chosen, {f.kind for f in chosen})
        if not log:
            raise InputError(tr("没有可以替换的发现。"))
        # What was masked must not survive in the audit log: the old body only by its digest.
        before = {"body": body_digest(body), "version": item.version}
        n = (
            Item.update(body=masked, version=item.version + 1, updated_at=_now())
            .where((Item.id == item.id) & (Item.version == item.version))
            .execute()
        )
        if n != 1:
            raise ConflictError(tr("该信息刚被其他人修改过，请刷新后重试。"))
        item.body, item.version = masked, item.version + 1
        items_gate.note_contributor(item.id, actor.user_id, "edited")
        _refresh_search(item)
        tx.audit(
            "item.mask",
            "item",
            item.id,
            before,
            {
                "body": body_digest(masked),
                "version": item.version,
                "mask_log": [_log_dict(e, with_original=False) for e in log],
            },
        )
        review = latest_review(item.id)
        if review is not None and review.decision == "":
            sync_findings(review, review_scan.scan_item(item))
            tx.touch("scan_finding")
    return MaskResult(masked, tuple(log)), tx.changes


def _log_dict(e: MaskLogEntry, with_original: bool = True) -> dict[str, object]:
    if not with_original:
        return {
            "kind": e.kind,
            "start": e.start,
            "end": e.end,
            "masked": e.masked,
            "reason": e.reason,
        }
    return {
        "kind": e.kind,
        "start": e.start,
        "end": e.end,
        "original": e.original,
        "masked": e.masked,
        "reason": e.reason,
    }


def _refresh_search(item: Item) -> None:
    texts = [a.text for a in Attachment.select(Attachment.text).where(Attachment.item == item.id)]
    parts = [item.title, item.doc_no, item.keywords, item.summary, item.body, *texts]
    search.set_text(item.id, search.compose(parts))


def blocker_words(text: str) -> str:
    """A reason of ``review_workflow.publish_blockers`` (domain layer) in the interface language."""
    return tr_from(
        text,
        N_("密级为“{secrecy}”：涉密或内部信息一律不得公开发布（上网信息不涉密，涉密信息不上网）。"),
        N_("当前状态为“{status}”，只有保密审查已通过的信息才能发布。"),
        N_("没有已通过的保密审查记录，须先提交审查并由审查人通过。"),
        N_("审查记录没有审查人，须由审查人重新审查。"),
        N_("审查人与起草人为同一人，须由起草人以外的人员审查。"),
        N_("审查通过后标题、正文或附件已被修改，原审查结论不适用于现在的内容，须重新提交审查。"),
        N_("有“禁止发布”级别的审查发现未处理：{shown}。须在文中修改，或由审查人填写放行理由。"),
        N_(
            "有“禁止发布”级别的审查发现未处理：{shown}。须在文中修改，或由审查人填写放行理由"
            "；无文字层的附件须由审查人人工核对后记录核对结果。"
        ),
        N_("发布协调尚未完成，以下机关未回复同意：{shown}。"),
    )
