"""Workflow of an application case (依申请公开): statuses, events and the allowed transitions.

The transitions are one data table, so the services enforce exactly what the GUI offers:
``transition(status, event)`` returns the next status or raises WorkflowError in Chinese, and
``allowed_events(status)`` is what the case view enables. Nothing is ever deleted: a case ends
in 已归档, and a wrong entry is corrected by a later note, not by removing the step.
"""

from __future__ import annotations

from dataclasses import dataclass

from disclosure_desk.domain.errors import Text, WorkflowError

STATUS_LABELS: dict[str, str] = {
    "registered": "办理中",
    "correction": "待补正",
    "consulting": "征求意见中",
    "awaiting_fee": "待缴费",
    "replied": "已答复",
    "archived": "已归档",
}
OPEN_STATUSES: frozenset[str] = frozenset(
    {"registered", "correction", "consulting", "awaiting_fee"}
)
# Open cases whose clock waits on the applicant (补正, fee) or a third party (征询).
WAITING_STATUSES: frozenset[str] = frozenset({"correction", "consulting", "awaiting_fee"})


@dataclass(frozen=True)
class EventKind:
    """One kind of dated step in a case file, with the button text the case view shows."""

    code: str
    label: str
    action: str  # button text


EVENT_KINDS: tuple[EventKind, ...] = (
    EventKind("receipt", "收到申请", "登记"),
    EventKind("correction_requested", "告知补正", "告知补正"),
    EventKind("correction_received", "收到补正", "收到补正"),
    EventKind("consultation_start", "开始征求意见", "征求意见"),
    EventKind("consultation_end", "征求意见结束", "征求意见结束"),
    EventKind("extension", "延期答复", "延期答复"),
    EventKind("fee_notice", "发出收费通知", "收费通知"),
    EventKind("fee_paid", "缴纳费用", "已缴费"),
    EventKind("reply", "答复", "答复"),
    EventKind("archive", "归档", "归档"),
    EventKind("note", "备注", "添加备注"),
)
EVENT_LABELS: dict[str, str] = {e.code: e.label for e in EVENT_KINDS}

# (status, event) → next status. Events missing here are refused in that status.
TRANSITIONS: dict[tuple[str, str], str] = {
    ("registered", "correction_requested"): "correction",
    ("correction", "correction_received"): "registered",
    ("registered", "consultation_start"): "consulting",
    ("consulting", "consultation_end"): "registered",
    ("registered", "extension"): "registered",
    ("consulting", "extension"): "consulting",
    ("awaiting_fee", "extension"): "awaiting_fee",
    ("registered", "fee_notice"): "awaiting_fee",
    ("awaiting_fee", "fee_paid"): "registered",
    ("registered", "reply"): "replied",
    # Not corrected in time → 3.6.1; fee unpaid past due → 3.6.2 (see REPLY_OUTCOMES_BY_STATUS).
    ("correction", "reply"): "replied",
    ("awaiting_fee", "reply"): "replied",
    ("replied", "archive"): "archived",
}
# A note may be added at any time, even to an archived case; it never changes the status.
for _status in STATUS_LABELS:
    TRANSITIONS[(_status, "note")] = _status

# Where a reply comes while the case is waiting on the applicant, only one outcome fits.
REPLY_OUTCOMES_BY_STATUS: dict[str, frozenset[str]] = {
    "correction": frozenset({"3.6.1"}),
    "awaiting_fee": frozenset({"3.6.2"}),
}


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def event_label(kind: str) -> str:
    return EVENT_LABELS.get(kind, kind)


def allowed_events(status: str) -> tuple[str, ...]:
    """Event kinds allowed in ``status``, in the order of EVENT_KINDS (for the buttons)."""
    return tuple(e.code for e in EVENT_KINDS if (status, e.code) in TRANSITIONS)


def transition(status: str, event: str) -> str:
    """The status after ``event``; WorkflowError naming both when the step is not allowed."""
    if status not in STATUS_LABELS:
        raise WorkflowError("未知的办理状态“{status}”。", status=status)
    if event not in EVENT_LABELS:
        raise WorkflowError("未知的办理环节“{event}”。", event=event)
    nxt = TRANSITIONS.get((status, event))
    if nxt is None:
        allowed = tuple(event_label(e) for e in allowed_events(status) if e != "note")
        hint = (
            Text("当前可以进行：{allowed}。", allowed=allowed)
            if allowed
            else Text("当前不能再进行其他办理环节。")
        )
        raise WorkflowError(
            "申请当前状态为“{status}”，不能进行“{event}”。{hint}",
            status=status_label(status),
            event=event_label(event),
            hint=hint,
        )
    return nxt


def check_reply_outcome(status: str, outcome_code: str) -> None:
    """Refuse an outcome that does not fit a case still waiting on the applicant."""
    only = REPLY_OUTCOMES_BY_STATUS.get(status)
    if only is not None and outcome_code not in only:
        raise WorkflowError(
            "申请当前状态为“{status}”，此时只能以 {codes} 答复；"
            "如申请人已补正或已缴费，请先登记相应环节。",
            status=status_label(status),
            codes=tuple(sorted(only)),
        )
