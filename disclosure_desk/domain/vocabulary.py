"""The one vocabulary of stored values: codes as the database keeps them, labels as officers
read them. Every layer imports its statuses, disclosure attributes, review decisions and appeal
labels from here; nothing else spells them (migration 0007 turned the stored prose into codes).

``label_of`` / ``code_of`` convert in both directions; ``code_of`` accepts either form, so an
import file, a CLI argument or an old caller may give the Chinese label.
"""

from __future__ import annotations

from disclosure_desk.domain.errors import InputError

# --- item status (the review workflow, domain/review_workflow.py) ----------------------------------
DRAFT = "draft"
PENDING = "pending"
APPROVED = "approved"
RETURNED = "returned"
PUBLISHED = "published"
WITHDRAWN = "withdrawn"
ITEM_STATUSES: tuple[tuple[str, str], ...] = (
    (DRAFT, "草稿"),
    (PENDING, "待审"),
    (APPROVED, "已通过"),
    (RETURNED, "已退回"),
    (PUBLISHED, "已发布"),
    (WITHDRAWN, "已撤回"),
)
ITEM_STATUS_LABELS: dict[str, str] = dict(ITEM_STATUSES)

# --- 公开属性 -------------------------------------------------------------------------------------
PROACTIVE = "proactive"
ON_REQUEST = "on_request"
WITHHELD = "withheld"
DISCLOSURES: tuple[tuple[str, str], ...] = (
    (PROACTIVE, "主动公开"),
    (ON_REQUEST, "依申请公开"),
    (WITHHELD, "不予公开"),
)
DISCLOSURE_LABELS: dict[str, str] = dict(DISCLOSURES)
NOT_PROACTIVE: tuple[str, ...] = (ON_REQUEST, WITHHELD)

# --- review decisions (ItemReview.decision) -------------------------------------------------------
DECISION_PENDING = ""
DECISION_APPROVED = "approved"
DECISION_RETURNED = "returned"
DECISION_RECALLED = "recalled"
DECISION_HISTORICAL = "historical"  # 历史导入: published before the register was adopted
DECISION_VOID = "void"  # an approval withdrawn because the content changed afterwards
DECISIONS: tuple[tuple[str, str], ...] = (
    (DECISION_PENDING, "待审查"),
    (DECISION_APPROVED, "通过"),
    (DECISION_RETURNED, "退回"),
    (DECISION_RECALLED, "已撤回提交"),
    (DECISION_HISTORICAL, "历史导入"),
    (DECISION_VOID, "通过已作废（内容已修改）"),
)
DECISION_LABELS: dict[str, str] = dict(DECISIONS)

# --- 行政复议 / 行政诉讼 (Appeal.kind, Appeal.result) ------------------------------------------------
APPEAL_KINDS: dict[str, str] = {
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}
APPEAL_RESULTS: dict[str, str] = {"upheld": "维持", "corrected": "纠正", "other": "其他"}

# --- 协调/会商 answers (Coordination.answer), stored as written -----------------------------------
ANSWER_PENDING, ANSWER_AGREED, ANSWER_DISAGREED = "待复", "同意", "不同意"
COORDINATION_ANSWERS: tuple[str, ...] = (ANSWER_PENDING, ANSWER_AGREED, ANSWER_DISAGREED)

TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "item_status": ITEM_STATUSES,
    "disclosure": DISCLOSURES,
    "decision": DECISIONS,
    "appeal_kind": tuple(APPEAL_KINDS.items()),
    "appeal_result": tuple(APPEAL_RESULTS.items()),
}
_NAMES = {
    "item_status": "状态",
    "disclosure": "公开属性",
    "decision": "审查结论",
    "appeal_kind": "类型",
    "appeal_result": "结果",
}


def label_of(table: str, code: str) -> str:
    """The display label of ``code`` (the code itself when unknown, so nothing disappears)."""
    return dict(TABLES[table]).get(code, code)


def code_of(table: str, text: str) -> str:
    """The code for ``text``, which may be the code or the label; InputError otherwise."""
    value = (text or "").strip()
    for code, label in TABLES[table]:
        if value in (code, label):
            return code
    allowed = tuple(label for _, label in TABLES[table] if label)
    raise InputError(
        "{field}“{value}”不是可选值；可选：{allowed}。",
        field=_NAMES[table],
        value=value,
        allowed=allowed,
    )


def status_label(code: str) -> str:
    return label_of("item_status", code)


def disclosure_label(code: str) -> str:
    return label_of("disclosure", code)
