"""Statutory outcome taxonomy (annual-report table 三), applicant types and withholding grounds.

The labels here are legal text from 国办公开办函〔2021〕30号 and are never translated; the
explanations are plain-language help so a part-time officer picks the right outcome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from disclosure_desk.domain.errors import InputError


@dataclass(frozen=True)
class Outcome:
    """One leaf outcome of table 三 with its help text and legal basis."""

    code: str
    label: str
    group: str
    explanation: str
    legal_ground: str
    letter_group: str


@dataclass(frozen=True)
class OutcomeGroup:
    """A group row of table 三 (（三）…（七）)."""

    code: str
    label: str


LETTER_GROUPS: tuple[str, ...] = (
    "open",
    "partial",
    "withhold",
    "unavailable",
    "not_processed",
    "other",
)

OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "3.1",
        "予以公开",
        "3.1",
        "信息可以公开：直接提供，或告知获取的方式、途径和时间。已主动公开，告知获取途径的，也计入此项。",
        "第三十六条第（一）项、第（二）项",
        "open",
    ),
    Outcome(
        "3.2",
        "部分公开（区分处理的，只计这一情形，不计其他情形）",
        "3.2",
        "申请的信息中部分可以公开、部分不能公开且能够区分处理：提供可公开部分并说明其余部分的理由。"
        "只计这一项，不再计入其他情形。",
        "第三十七条",
        "partial",
    ),
    Outcome(
        "3.3.1",
        "属于国家秘密",
        "3.3",
        "信息依法确定为国家秘密，不予公开。",
        "第十四条、第三十六条第（三）项",
        "withhold",
    ),
    Outcome(
        "3.3.2",
        "其他法律行政法规禁止公开",
        "3.3",
        "法律、行政法规明确禁止公开的信息，不予公开。",
        "第十四条、第三十六条第（三）项",
        "withhold",
    ),
    Outcome(
        "3.3.3",
        "危及“三安全一稳定”",
        "3.3",
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定的信息，不予公开。",
        "第十四条、第三十六条第（三）项",
        "withhold",
    ),
    Outcome(
        "3.3.4",
        "保护第三方合法权益",
        "3.3",
        "涉及商业秘密、个人隐私等，公开会损害第三方合法权益（第三方不同意公开），不予公开。",
        "第十五条、第三十二条、第三十六条第（三）项",
        "withhold",
    ),
    Outcome(
        "3.3.5",
        "属于三类内部事务信息",
        "3.3",
        "人事管理、后勤管理、内部工作流程等内部事务信息，可以不予公开。",
        "第十六条第一款、第三十六条第（三）项",
        "withhold",
    ),
    Outcome(
        "3.3.6",
        "属于四类过程性信息",
        "3.3",
        "讨论记录、过程稿、磋商信函、请示报告等过程性信息，可以不予公开。",
        "第十六条第二款、第三十六条第（三）项",
        "withhold",
    ),
    Outcome(
        "3.3.7",
        "属于行政执法案卷",
        "3.3",
        "行政执法案卷信息，可以不予公开。",
        "第十六条第二款、第三十六条第（三）项",
        "withhold",
    ),
    Outcome(
        "3.3.8",
        "属于行政查询事项",
        "3.3",
        "工商、不动产登记资料等有专门查询规定的信息：告知申请人按照有关法律、行政法规办理。",
        "第三十六条第（七）项",
        "withhold",
    ),
    Outcome(
        "3.4.1",
        "本机关不掌握相关政府信息",
        "3.4",
        "经检索没有所申请的信息（信息不存在），或非本机关负责公开（能确定负责机关的，告知其名称和联系方式）。",
        "第三十六条第（四）项、第（五）项",
        "unavailable",
    ),
    Outcome(
        "3.4.2",
        "没有现成信息需要另行制作",
        "3.4",
        "需要对现有信息进行加工、分析或另行制作才能提供的，可以不予提供。",
        "第三十八条",
        "unavailable",
    ),
    Outcome(
        "3.4.3",
        "补正后申请内容仍不明确",
        "3.4",
        "已经一次性告知补正，申请人补正后内容仍不明确、无法确定所需信息。",
        "第三十条",
        "unavailable",
    ),
    Outcome(
        "3.5.1",
        "信访举报投诉类申请",
        "3.5",
        "申请实际是信访、投诉、举报：告知不作为政府信息公开申请处理，并可告知通过相应渠道提出。",
        "第三十九条第一款",
        "not_processed",
    ),
    Outcome(
        "3.5.2",
        "重复申请",
        "3.5",
        "本机关已就同一内容作出答复，申请人又重复申请：告知不予重复处理。",
        "第三十六条第（六）项",
        "not_processed",
    ),
    Outcome(
        "3.5.3",
        "要求提供公开出版物",
        "3.5",
        "要求提供政府公报、报刊、书籍等公开出版物：告知获取途径。",
        "第三十九条第二款",
        "not_processed",
    ),
    Outcome(
        "3.5.4",
        "无正当理由大量反复申请",
        "3.5",
        "申请数量、频次明显超过合理范围，经要求说明理由后理由不合理：告知不予处理。",
        "第三十五条",
        "not_processed",
    ),
    Outcome(
        "3.5.5",
        "要求行政机关确认或重新出具已获取信息",
        "3.5",
        "要求对已获取的信息进行确认、认证，或重新出具已经获取的信息。",
        "第三十六条、第三十九条",
        "not_processed",
    ),
    Outcome(
        "3.6.1",
        "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "3.6",
        "已书面告知补正，申请人无正当理由超过补正期限仍未补正，视为放弃申请。",
        "第三十条",
        "other",
    ),
    Outcome(
        "3.6.2",
        "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "3.6",
        "已发出收费通知，申请人逾期未缴纳信息处理费，视为放弃申请。",
        "第四十二条；《政府信息公开信息处理费管理办法》",
        "other",
    ),
    Outcome(
        "3.6.3",
        "其他",
        "3.6",
        "以上都不适用的其他处理情形（如申请人主动撤回申请），请在备注中写明具体情况。",
        "第三十六条",
        "other",
    ),
)

GROUPS: tuple[OutcomeGroup, ...] = (
    OutcomeGroup("3.3", "（三）不予公开"),
    OutcomeGroup("3.4", "（四）无法提供"),
    OutcomeGroup("3.5", "（五）不予处理"),
    OutcomeGroup("3.6", "（六）其他处理"),
    OutcomeGroup("3.7", "（七）总计"),
)

OUTCOME_CODES: tuple[str, ...] = tuple(o.code for o in OUTCOMES)

_BY_CODE: dict[str, Outcome] = {o.code: o for o in OUTCOMES}


def _canon(text: str) -> str:
    """Spreadsheet-typed labels differ in quotes, brackets and spaces; compare without them."""
    s = "".join(text.split()).replace("(", "（").replace(")", "）").replace(",", "，")
    return "".join(c for c in s if c not in "\"'“”‘’")


_BY_LABEL: dict[str, Outcome] = {_canon(o.label): o for o in OUTCOMES}


def outcome_by_code(code: str) -> Outcome:
    """Return the outcome with this code, or raise InputError."""
    try:
        return _BY_CODE[code]
    except KeyError:
        raise InputError(
            "办理结果代码“{code}”不存在，应为 3.1 至 3.6.3 之一。", code=code
        ) from None


def outcome_from_text(text: str) -> Outcome:
    """Accept an exact label or a code (as typed in an import file); raise InputError otherwise."""
    s = (text or "").strip()
    if s in _BY_CODE:
        return _BY_CODE[s]
    if _canon(s) in _BY_LABEL:
        return _BY_LABEL[_canon(s)]
    raise InputError(
        "办理结果“{text}”不是规定的结果名称或代码，请使用年度报告表三中的名称（如“予以公开”）或代码（如 3.1）。",
        text=s,
    )


def outcomes_in_group(group: str) -> tuple[Outcome, ...]:
    """Leaf outcomes whose group code is ``group`` (e.g. "3.3")."""
    return tuple(o for o in OUTCOMES if o.group == group)


# Applicant types are the columns of table 三; order matters for printing.
APPLICANT_TYPES: tuple[tuple[str, str], ...] = (
    ("natural_person", "自然人"),
    ("commercial", "商业企业"),
    ("research", "科研机构"),
    ("social_welfare", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other_org", "其他"),
)
APPLICANT_TYPE_CODES: tuple[str, ...] = tuple(c for c, _ in APPLICANT_TYPES)
COLUMN_CODES: tuple[str, ...] = APPLICANT_TYPE_CODES + ("total",)
COLUMN_LABELS: dict[str, str] = dict(APPLICANT_TYPES) | {"total": "总计"}
ORG_PARENT_LABEL = "法人或其他组织"


def applicant_type_from_text(text: str) -> str:
    """Map a label (自然人, 商业企业, …) or code to the applicant-type code; InputError otherwise."""
    s = (text or "").strip()
    for code, label in APPLICANT_TYPES:
        if s in (code, label):
            return code
    allowed = tuple(label for _, label in APPLICANT_TYPES)
    raise InputError("申请人类型“{text}”无法识别，应为：{allowed}。", text=s, allowed=allowed)


@dataclass(frozen=True)
class WithholdGround:
    """A reason for not proactively disclosing an item, tied to 条例 Arts. 14–16."""

    code: str
    label: str
    legal_ground: str
    keywords: tuple[str, ...]


WITHHOLD_GROUNDS: tuple[WithholdGround, ...] = (
    WithholdGround(
        "state_secret", "国家秘密", "第十四条", ("国家秘密", "涉密", "绝密", "机密", "秘密")
    ),
    WithholdGround(
        "law_prohibited",
        "法律行政法规禁止公开",
        "第十四条",
        ("法律行政法规禁止", "法律、行政法规禁止", "法律法规禁止", "禁止公开"),
    ),
    WithholdGround(
        "security_stability",
        "危及“三安全一稳定”",
        "第十四条",
        ("三安全一稳定", "国家安全", "公共安全", "经济安全", "社会稳定"),
    ),
    WithholdGround(
        "third_party",
        "第三方合法权益（商业秘密、个人隐私）",
        "第十五条",
        ("第三方", "商业秘密", "个人隐私", "个人信息", "隐私"),
    ),
    WithholdGround(
        "internal_affairs",
        "内部事务信息",
        "第十六条第一款",
        ("内部事务", "人事管理", "后勤管理", "内部工作流程", "内部管理"),
    ),
    WithholdGround(
        "process_info",
        "过程性信息",
        "第十六条第二款",
        ("过程性", "讨论记录", "过程稿", "征求意见稿", "磋商信函", "请示报告", "草稿", "送审稿"),
    ),
    WithholdGround(
        "enforcement_file",
        "行政执法案卷",
        "第十六条第二款",
        ("行政执法案卷", "执法案卷", "案卷"),
    ),
    WithholdGround("other", "其他", "", ()),
)

_GROUND_BY_CODE: dict[str, WithholdGround] = {g.code: g for g in WITHHOLD_GROUNDS}


def ground_by_code(code: str) -> WithholdGround:
    """Return the withholding ground with this code, or raise InputError."""
    try:
        return _GROUND_BY_CODE[code]
    except KeyError:
        raise InputError("不公开理由代码“{code}”不存在。", code=code) from None


_ARTICLE_RE = re.compile(r"第十([四五六])条")
_ARTICLE_TO_CODE = {"四": None, "五": "third_party", "六": None}


def ground_from_text(text: str) -> str | None:
    """Recognise a withholding ground in free text (e.g. "涉及个人隐私"); None when not recognised.

    Exact labels and codes win; then the most specific keyword in list order, because
    "国家秘密" must not be read as the looser "秘密" of a business secret (商业秘密).
    """
    s = (text or "").strip()
    if not s:
        return None
    for g in WITHHOLD_GROUNDS:
        if s in (g.code, g.label):
            return g.code
    # 商业秘密 contains 秘密; check third-party words before the secrecy words.
    if any(k in s for k in ("商业秘密", "个人隐私", "第三方")):
        return "third_party"
    for g in WITHHOLD_GROUNDS:
        if any(k in s for k in g.keywords):
            return g.code
    m = _ARTICLE_RE.search(s)
    if m:
        return _ARTICLE_TO_CODE[m.group(1)]
    return None
