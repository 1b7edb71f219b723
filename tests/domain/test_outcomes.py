"""Outcome taxonomy, applicant types and withholding grounds."""

from __future__ import annotations

import pytest

from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.outcomes import (
    APPLICANT_TYPES,
    COLUMN_CODES,
    GROUPS,
    LETTER_GROUPS,
    OUTCOMES,
    applicant_type_from_text,
    ground_by_code,
    ground_from_text,
    outcome_by_code,
    outcome_from_text,
    outcomes_in_group,
)

EXPECTED_CODES = (
    ["3.1", "3.2"]
    + [f"3.3.{i}" for i in range(1, 9)]
    + [f"3.4.{i}" for i in range(1, 4)]
    + [f"3.5.{i}" for i in range(1, 6)]
    + [f"3.6.{i}" for i in range(1, 4)]
)


def test_codes_in_official_order() -> None:
    assert [o.code for o in OUTCOMES] == EXPECTED_CODES


def test_exact_labels_from_product_spec() -> None:
    assert outcome_by_code("3.2").label == "部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert outcome_by_code("3.3.3").label == "危及“三安全一稳定”"
    assert outcome_by_code("3.5.5").label == "要求行政机关确认或重新出具已获取信息"
    assert (
        outcome_by_code("3.6.2").label
        == "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    )
    assert outcome_by_code("3.6.3").label == "其他"


def test_group_and_letter_group_consistent() -> None:
    for o in OUTCOMES:
        assert o.code.startswith(o.group)
        assert o.letter_group in LETTER_GROUPS
        assert o.explanation and o.legal_ground.startswith("第")
    assert outcome_by_code("3.1").letter_group == "open"
    assert outcome_by_code("3.2").letter_group == "partial"
    assert {o.letter_group for o in outcomes_in_group("3.3")} == {"withhold"}
    assert {o.letter_group for o in outcomes_in_group("3.5")} == {"not_processed"}
    assert len(outcomes_in_group("3.3")) == 8


def test_help_text_guides_common_situations() -> None:
    assert "已主动公开，告知获取途径" in outcome_by_code("3.1").explanation
    assert "非本机关负责公开" in outcome_by_code("3.4.1").explanation


def test_groups_exact_labels() -> None:
    assert [(g.code, g.label) for g in GROUPS] == [
        ("3.3", "（三）不予公开"),
        ("3.4", "（四）无法提供"),
        ("3.5", "（五）不予处理"),
        ("3.6", "（六）其他处理"),
        ("3.7", "（七）总计"),
    ]


def test_outcome_from_text_accepts_label_or_code() -> None:
    assert outcome_from_text("予以公开").code == "3.1"
    assert outcome_from_text(" 3.4.2 ").code == "3.4.2"
    assert outcome_from_text("属于行政查询事项").code == "3.3.8"
    # As typed in a spreadsheet: ASCII quotes, half-width brackets, stray spaces.
    assert outcome_from_text('危及"三安全一稳定"').code == "3.3.3"
    assert outcome_from_text("部分公开(区分处理的,只计这一情形，不计其他情形)").code == "3.2"
    with pytest.raises(InputError, match="公开了"):
        outcome_from_text("公开了")
    with pytest.raises(InputError):
        outcome_from_text("3.8")
    with pytest.raises(InputError):
        outcome_by_code("3.3")


def test_applicant_types_and_columns() -> None:
    assert APPLICANT_TYPES == (
        ("natural_person", "自然人"),
        ("commercial", "商业企业"),
        ("research", "科研机构"),
        ("social_welfare", "社会公益组织"),
        ("legal_service", "法律服务机构"),
        ("other_org", "其他"),
    )
    assert COLUMN_CODES[-1] == "total" and len(COLUMN_CODES) == 7
    assert applicant_type_from_text("法律服务机构") == "legal_service"
    assert applicant_type_from_text("research") == "research"
    with pytest.raises(InputError):
        applicant_type_from_text("公民")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("涉及国家秘密", "state_secret"),
        ("属于绝密文件", "state_secret"),
        ("涉及商业秘密", "third_party"),
        ("含有个人隐私", "third_party"),
        ("公开后可能危及社会稳定", "security_stability"),
        ("法律、行政法规禁止公开", "law_prohibited"),
        ("属于人事管理信息", "internal_affairs"),
        ("内部工作流程", "internal_affairs"),
        ("征求意见稿，属于过程性信息", "process_info"),
        ("请示报告", "process_info"),
        ("行政执法案卷", "enforcement_file"),
        ("依据条例第十五条", "third_party"),
        ("其他", "other"),
        ("process_info", "process_info"),
        ("领导交办", None),
        ("", None),
    ],
)
def test_ground_from_text(text: str, code: str | None) -> None:
    assert ground_from_text(text) == code


def test_ground_by_code() -> None:
    assert ground_by_code("third_party").legal_ground == "第十五条"
    with pytest.raises(InputError):
        ground_by_code("nope")
