"""The review workflow table and the publish rule (pure, no fixtures)."""

from __future__ import annotations

import itertools

import pytest

from disclosure_desk.domain import review_workflow as wf
from disclosure_desk.domain.errors import WorkflowError

OK = wf.PublishFacts(
    status="approved",
    secrecy="非密",
    drafter_ids=frozenset({1}),
    has_approved_review=True,
    reviewer_id=2,
)


def facts(**kw) -> wf.PublishFacts:
    from dataclasses import replace

    return replace(OK, **kw)


def test_happy_path_through_the_table():
    s = wf.DRAFT
    for action in ("submit", "return", "submit", "approve", "publish", "withdraw", "submit"):
        s = wf.transition(action, s)
    assert s == wf.PENDING


@pytest.mark.parametrize(
    ("action", "status", "expected"),
    [
        ("submit", "draft", "pending"),
        ("submit", "returned", "pending"),
        ("recall", "pending", "draft"),
        ("approve", "pending", "approved"),
        ("return", "pending", "returned"),
        ("publish", "approved", "published"),
        ("withdraw", "published", "withdrawn"),
        ("withdraw", "approved", "withdrawn"),
    ],
)
def test_allowed_transitions(action, status, expected):
    assert wf.transition(action, status) == expected


LABELS = {
    "draft": "草稿",
    "pending": "待审",
    "approved": "已通过",
    "returned": "已退回",
    "published": "已发布",
    "withdrawn": "已撤回",
}


def test_every_other_pair_is_refused_with_a_chinese_sentence():
    for action, status in itertools.product(wf.TRANSITIONS, wf.STATUSES):
        allowed = any(f == status for f, _ in wf.TRANSITIONS[action])
        if allowed:
            continue
        with pytest.raises(WorkflowError) as exc:
            wf.transition(action, status)
        assert f"当前状态为“{LABELS[status]}”" in str(exc.value)  # the label, not the code
    # the two rules the issue insists on
    with pytest.raises(WorkflowError):
        wf.transition("publish", "pending")
    with pytest.raises(WorkflowError):
        wf.transition("publish", "draft")
    with pytest.raises(WorkflowError, match="未知"):
        wf.transition("delete", "draft")


def test_table_only_uses_known_statuses_and_allowed_actions_mirror_it():
    for pairs in wf.TRANSITIONS.values():
        for frm, to in pairs:
            assert frm in wf.STATUSES and to in wf.STATUSES
    assert wf.allowed_actions("pending") == ("recall", "approve", "return")
    assert wf.allowed_actions("approved") == ("publish", "withdraw")
    assert wf.allowed_actions("published") == ("withdraw",)


def test_no_blockers_when_everything_passes():
    assert wf.publish_blockers(OK) == []


@pytest.mark.parametrize("level", ["内部", "秘密", "机密", "绝密", ""])
def test_classified_never_publishable(level):
    reasons = wf.publish_blockers(facts(secrecy=level))
    assert len(reasons) == 1 and "密级" in reasons[0] and "不得公开发布" in reasons[0]


def test_each_rule_gives_its_own_reason():
    assert "没有已通过的保密审查记录" in wf.publish_blockers(facts(has_approved_review=False))[0]
    assert "同一人" in wf.publish_blockers(facts(reviewer_id=1))[0]
    assert "没有审查人" in wf.publish_blockers(facts(reviewer_id=None))[0]
    assert "只有保密审查已通过" in wf.publish_blockers(facts(status="pending"))[0]
    block = wf.BlockingFinding("body", "手机号码", "138****5678")
    reason = wf.publish_blockers(facts(unresolved_blocks=(block,)))[0]
    assert "正文中的手机号码“138****5678”" in reason and "放行理由" in reason
    reason = wf.publish_blockers(
        facts(open_coordinations=(("区财政局", "待复"), ("区审计局", "不同意")))
    )[0]
    assert "区财政局（待复）、区审计局（不同意）" in reason


def test_all_reasons_at_once_and_long_block_lists_are_shortened():
    blocks = tuple(
        wf.BlockingFinding("名单.docx", "身份证号码", f"110105********{i:04d}") for i in range(8)
    )
    reasons = wf.publish_blockers(
        wf.PublishFacts(
            "draft", "机密", frozenset({1}), False, None, blocks, (("区财政局", "待复"),)
        )
    )
    assert len(reasons) == 5
    assert "附件“名单.docx”" in reasons[3] and "等共 8 处" in reasons[3]
    assert "110105********0007" not in reasons[3]
