"""Read-only side of the review (保密审查): the queue, one item's review detail with its findings
and publish blockers, the masked copy for publication, and the 呈批单 data / PDF.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from disclosure_desk.domain import review_workflow as wf
from disclosure_desk.domain import vocabulary
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.scanner import (
    KIND_LABELS,
    SEVERITY_LABELS,
    Finding,
    MaskLogEntry,
    Scanner,
    mask_text,
)
from disclosure_desk.i18n import tr
from disclosure_desk.services.common.scope import visible
from disclosure_desk.services.reviews import scan as review_scan
from disclosure_desk.services.reviews.decisions import (
    blocker_words,
    get_item,
    latest_review,
    overrides,
    publish_facts,
)
from disclosure_desk.store.models import (
    JOIN,
    Coordination,
    Item,
    ItemReview,
    ScanFinding,
    Unit,
    User,
    fn,
)

DECISION_LABELS = wf.DECISION_LABELS

if TYPE_CHECKING:
    from disclosure_desk.reports.review_form import ReviewFormData


@dataclass(frozen=True)
class QueueRow:
    item_id: int
    index_no: str
    title: str
    unit_name: str
    status: str
    submitted_at: dt.datetime | None
    blocks: int  # open `block` findings of the current review
    findings: int


def queue(actor: Actor, status: str = wf.PENDING, unit_id: int | None = None) -> list[QueueRow]:
    """Items in ``status`` (a code or its label; default 待审), oldest submission first;
    ``unit_id`` filters."""
    status = vocabulary.code_of("item_status", status)
    actor.require("record.view")
    last = (
        ItemReview.select(ItemReview.item, fn.MAX(ItemReview.id).alias("rid"))
        .group_by(ItemReview.item)
        .alias("last")
    )
    q = (
        Item.select(
            Item.id,
            Item.index_no,
            Item.title,
            Unit.name,
            Item.status,
            ItemReview.submitted_at,
            ItemReview.id,
        )
        .join(Unit, on=(Item.unit == Unit.id))
        .switch(Item)
        .join(last, on=(last.c.item_id == Item.id), join_type=JOIN.LEFT_OUTER)
        .join(ItemReview, on=(ItemReview.id == last.c.rid), join_type=JOIN.LEFT_OUTER)
        .where(Item.status == status)
    )
    q = q.where(visible(actor, Item.unit))
    if unit_id is not None:
        q = q.where(Item.unit == unit_id)
    rows = list(q.order_by(ItemReview.submitted_at, Item.id).limit(2000).tuples())
    review_ids = [r[6] for r in rows if r[6] is not None]
    counts: dict[int, tuple[int, int]] = {}
    if review_ids:
        for rid, sev, n in (
            ScanFinding.select(ScanFinding.review, ScanFinding.severity, fn.COUNT(ScanFinding.id))
            .where(ScanFinding.review.in_(review_ids) & (ScanFinding.resolved == False))  # noqa: E712
            .group_by(ScanFinding.review, ScanFinding.severity)
            .tuples()
        ):
            b, t = counts.get(rid, (0, 0))
            counts[rid] = (b + (n if sev == "block" else 0), t + n)
    return [QueueRow(r[0], r[1], r[2], r[3], r[4], r[5], *counts.get(r[6], (0, 0))) for r in rows]


@dataclass(frozen=True)
class FindingRow:
    source: str
    kind: str
    kind_label: str
    severity: str
    severity_label: str
    start: int
    end: int
    text: str
    masked: str
    override_reason: str
    location: str = ""  # inside an attachment: 第3页, 工作表!C2 ("" when unknown)


@dataclass(frozen=True)
class ReviewInfo:
    id: int
    submitted_by: str
    submitted_at: dt.datetime | None
    reviewer: str
    decided_at: dt.datetime | None
    decision: str
    decision_label: str
    comment: str


@dataclass(frozen=True)
class ReviewDetail:
    item_id: int
    index_no: str
    title: str
    doc_no: str
    unit_id: int
    unit_name: str
    publisher: str
    status: str
    secrecy: str
    disclosure: str
    formed_on: dt.date | None
    published_on: dt.date | None
    channels: str
    drafter: str
    texts: tuple[tuple[str, str], ...]  # (source, text): body first, then attachments
    findings: tuple[FindingRow, ...]
    review: ReviewInfo | None
    history: tuple[ReviewInfo, ...]
    coordinations: tuple[tuple[str, str], ...]  # (body name, answer)
    blockers: tuple[str, ...]
    allowed_actions: tuple[str, ...]
    drafter_ids: frozenset[int]


def _user_name(user_id: int | None) -> str:
    if user_id is None:
        return ""
    u = User.get_or_none(User.id == user_id)
    return (u.name or u.login) if u else ""


def _review_info(r: ItemReview) -> ReviewInfo:
    return ReviewInfo(
        r.id,
        _user_name(r.submitted_by_id),
        r.submitted_at,
        _user_name(r.reviewer_id),
        r.decided_at,
        r.decision,
        DECISION_LABELS.get(r.decision, r.decision),
        r.comment,
    )


def detail(actor: Actor, item_id: int) -> ReviewDetail:
    """Everything the review screen shows for one item. Stored findings are brought in line with
    the current text first (read-only in effect: offsets move, nothing is decided)."""
    actor.require("record.view")
    item = get_item(item_id)
    actor.require("record.view", item.unit_id)
    review = latest_review(item.id)
    texts = review_scan.item_texts(item)
    fresh = review_scan.scan_item(item)
    # Shown from a fresh scan so offsets always match the current text; override reasons are
    # keyed by (source, kind, text) and so survive edits elsewhere in the text.
    reasons = (
        overrides(review) if review is not None and review.decision in ("", "approved") else {}
    )
    rows = [_finding_row(s, f, reasons.get((s, f.kind, f.text), "")) for s, f in fresh]
    facts = publish_facts(item, fresh)
    history = tuple(
        _review_info(r)
        for r in ItemReview.select().where(ItemReview.item == item.id).order_by(ItemReview.id)
    )
    coords = tuple(
        (c.body_name, c.answer)
        for c in Coordination.select().where(Coordination.item == item.id).order_by(Coordination.id)
    )
    unit = Unit.get_by_id(item.unit_id)
    return ReviewDetail(
        item.id,
        item.index_no,
        item.title,
        item.doc_no,
        item.unit_id,
        unit.name,
        item.publisher,
        item.status,
        item.secrecy,
        item.disclosure,
        item.formed_on,
        item.published_on,
        item.channels,
        _user_name(item.created_by_id),
        tuple(texts),
        tuple(rows),
        _review_info(review) if review else None,
        history,
        coords,
        tuple(blocker_words(b) for b in wf.publish_blockers(facts)),
        wf.allowed_actions(item.status),
        facts.drafter_ids,
    )


def _finding_row(source: str, f: Finding, reason: str) -> FindingRow:
    return FindingRow(
        source,
        f.kind,
        KIND_LABELS.get(f.kind, f.kind),
        f.severity,
        SEVERITY_LABELS.get(f.severity, f.severity),
        f.start,
        f.end,
        f.text,
        f.masked,
        reason,
        f.location,
    )


@dataclass(frozen=True)
class MaskedCopy:
    """The body as it would be published, and what was masked and why."""

    text: str
    log: tuple[MaskLogEntry, ...]


def masked_copy(actor: Actor, item_id: int) -> MaskedCopy:
    """A redacted copy of the body (personal data and keywords masked); the stored text is kept."""
    actor.require("record.view")
    item = get_item(item_id)
    actor.require("record.view", item.unit_id)
    body = item.body or ""
    findings = Scanner(review_scan.keywords_for_unit(item.unit_id)).scan(body)
    text, log = mask_text(body, findings)
    return MaskedCopy(text, tuple(log))


def form_data(actor: Actor, item_id: int, agency: str = "") -> ReviewFormData:
    # reportlab is imported only when a form is printed: the reviews view must open quickly.
    from disclosure_desk.reports.review_form import FormFinding, ReviewFormData

    d = detail(actor, item_id)
    if not agency:
        root = Unit.select().where(Unit.parent.is_null()).order_by(Unit.id).first()
        agency = root.name if root else ""
    counts: dict[str, int] = {"block": 0, "warn": 0, "info": 0}
    for f in d.findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    review = d.review
    return ReviewFormData(
        agency=agency,
        index_no=d.index_no,
        title=d.title,
        doc_no=d.doc_no,
        unit_name=d.unit_name,
        publisher=d.publisher or d.unit_name,
        disclosure=vocabulary.disclosure_label(d.disclosure),
        secrecy=d.secrecy,
        formed_on=d.formed_on,
        channels=d.channels,
        drafter=d.drafter,
        submitted_at=review.submitted_at if review else None,
        status=vocabulary.status_label(d.status),
        counts=counts,
        findings=tuple(
            FormFinding(
                "正文" if f.source == "body" else f.source,
                f.kind_label,
                f.severity_label,
                f.masked,
                f.override_reason,
            )
            for f in d.findings
        ),
        coordinations=d.coordinations,
        decision=review.decision_label if review else tr("未提交审查"),
        comment=review.comment if review else "",
        reviewer=review.reviewer if review else "",
        decided_at=review.decided_at if review else None,
        blockers=d.blockers,
    )


def review_form_pdf(actor: Actor, item_id: int) -> bytes:
    """保密审查呈批单 of one item as PDF bytes."""
    from disclosure_desk.reports.review_form import render_review_form

    return render_review_form(form_data(actor, item_id))
