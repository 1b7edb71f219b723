"""The pre-publication review workflow of an item as data (发布前审查 / 保密审查).

草稿 → 待审 → 已通过 / 已退回 → 已发布 / 已撤回. Each action allows a fixed set of
(from, to) status pairs; ``transition`` is the one place that decides and raises WorkflowError.
``publish_blockers`` lists every reason an item cannot be published yet, in plain Chinese, so the
service refuses with all of them at once and the UI shows them beside a disabled button.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from disclosure_desk.domain.errors import Text, WorkflowError
from disclosure_desk.domain.vocabulary import (  # noqa: F401 — the workflow's names for them
    APPROVED,
    DECISION_APPROVED,
    DECISION_HISTORICAL,
    DECISION_LABELS,
    DECISION_PENDING,
    DECISION_RECALLED,
    DECISION_RETURNED,
    DECISION_VOID,
    DRAFT,
    ITEM_STATUSES,
    PENDING,
    PUBLISHED,
    RETURNED,
    WITHDRAWN,
    status_label,
)

STATUSES: tuple[str, ...] = tuple(code for code, _ in ITEM_STATUSES)

# Decisions under which an item may stand as 已发布.
PUBLISHING_DECISIONS = frozenset({DECISION_APPROVED, DECISION_HISTORICAL})


def content_hash(title: str, body: str, attachments: Iterable[tuple[str, bytes]] = ()) -> str:
    """SHA-256 over what the reviewer approves: the title, the body and every attachment
    (file name and bytes, in the given order). Any change to one of them changes the hash."""
    h = hashlib.sha256()
    for part in (title or "", body or ""):
        data = part.encode("utf-8")
        h.update(len(data).to_bytes(8, "big") + data)
    for name, data in attachments:
        raw = (name or "").encode("utf-8")
        digest = hashlib.sha256(bytes(data or b"")).digest()
        h.update(b"A" + len(raw).to_bytes(8, "big") + raw + digest)
    return h.hexdigest()


# The only level that may go online: "上网信息不涉密，涉密信息不上网". 内部 is not a state-secret
# level but still marks an internal document, so it is refused as well.
PUBLISHABLE_SECRECY = "非密"

TRANSITIONS: dict[str, frozenset[tuple[str, str]]] = {
    # An officer puts a draft forward, or resubmits after fixing a returned / withdrawn item.
    "submit": frozenset({(DRAFT, PENDING), (RETURNED, PENDING), (WITHDRAWN, PENDING)}),
    # The drafter takes a submission back before anyone decided on it.
    "recall": frozenset({(PENDING, DRAFT)}),
    "approve": frozenset({(PENDING, APPROVED)}),
    "return": frozenset({(PENDING, RETURNED)}),
    "publish": frozenset({(APPROVED, PUBLISHED)}),
    # Taking a published item down, or deciding not to publish an approved one after all.
    "withdraw": frozenset({(PUBLISHED, WITHDRAWN), (APPROVED, WITHDRAWN)}),
}

ACTION_LABELS: dict[str, str] = {
    "submit": "提交审查",
    "recall": "撤回提交",
    "approve": "审查通过",
    "return": "退回修改",
    "publish": "发布",
    "withdraw": "撤回发布",
}

# States in which the text may still be changed (masking included) without a new review.
EDITABLE_STATUSES = frozenset({DRAFT, PENDING, RETURNED, WITHDRAWN})


def allowed_actions(status: str) -> tuple[str, ...]:
    """Actions whose table has a pair starting at ``status``, in table order (for buttons)."""
    return tuple(a for a, pairs in TRANSITIONS.items() if any(f == status for f, _ in pairs))


def transition(action: str, status: str) -> str:
    """The status after ``action`` from ``status``; WorkflowError when the table forbids it."""
    pairs = TRANSITIONS.get(action)
    if pairs is None:
        raise WorkflowError("未知的审查操作“{action}”。", action=action)
    for frm, to in pairs:
        if frm == status:
            return to
    label = ACTION_LABELS.get(action, action)
    starts = sorted({f for f, _ in pairs}, key=STATUSES.index)
    allowed = tuple(Text("“{status}”", status=status_label(s)) for s in starts)
    raise WorkflowError(
        "当前状态为“{status}”，不能{action}（只有{allowed}状态的信息可以{action}）。",
        status=status_label(status),
        action=label,
        allowed=allowed,
    )


@dataclass(frozen=True)
class BlockingFinding:
    """A `block` finding in the current text with no override reason yet."""

    source: str  # "body" or an attachment filename
    kind_label: str
    masked: str


@dataclass(frozen=True)
class PublishFacts:
    """Everything the publish rule looks at, gathered by the service."""

    status: str
    secrecy: str
    drafter_ids: frozenset[int]  # Item.created_by and the submitter of the approved review
    has_approved_review: bool  # the latest review's decision is "approved"
    reviewer_id: int | None  # who approved it
    unresolved_blocks: tuple[BlockingFinding, ...] = ()
    open_coordinations: tuple[tuple[str, str], ...] = ()  # (body name, answer) with answer != 同意
    # The approved review's content hash equals the hash of the item's content now.
    content_current: bool = True


def _source_label(source: str) -> str:
    return "正文" if source == "body" else f"附件“{source}”"


def publish_blockers(facts: PublishFacts) -> list[str]:
    """Every reason the item cannot be published now; an empty list means it may be."""
    reasons: list[str] = []
    if facts.secrecy != PUBLISHABLE_SECRECY:
        reasons.append(
            f"密级为“{facts.secrecy or '未标注'}”：涉密或内部信息一律不得公开发布"
            "（上网信息不涉密，涉密信息不上网）。"
        )
    if facts.status != APPROVED:
        reasons.append(
            f"当前状态为“{status_label(facts.status)}”，只有保密审查已通过的信息才能发布。"
        )
    if not facts.has_approved_review:
        reasons.append("没有已通过的保密审查记录，须先提交审查并由审查人通过。")
    elif facts.reviewer_id is None:
        reasons.append("审查记录没有审查人，须由审查人重新审查。")
    elif facts.reviewer_id in facts.drafter_ids:
        reasons.append("审查人与起草人为同一人，须由起草人以外的人员审查。")
    if facts.has_approved_review and not facts.content_current:
        reasons.append(
            "审查通过后标题、正文或附件已被修改，原审查结论不适用于现在的内容，须重新提交审查。"
        )
    if facts.unresolved_blocks:
        shown = "；".join(
            # A page or image without text has nothing to quote: its label says it all.
            f"{_source_label(b.source)}中的{b.kind_label}" + (f"“{b.masked}”" if b.masked else "")
            for b in facts.unresolved_blocks[:5]
        )
        more = f"等共 {len(facts.unresolved_blocks)} 处" if len(facts.unresolved_blocks) > 5 else ""
        reasons.append(
            f"有“禁止发布”级别的审查发现未处理：{shown}{more}。"
            "须在文中修改，或由审查人填写放行理由"
            + (
                "；无文字层的附件须由审查人人工核对后记录核对结果。"
                if any(not b.masked for b in facts.unresolved_blocks)
                else "。"
            )
        )
    if facts.open_coordinations:
        shown = "、".join(f"{name}（{answer}）" for name, answer in facts.open_coordinations)
        reasons.append(f"发布协调尚未完成，以下机关未回复同意：{shown}。")
    return reasons
