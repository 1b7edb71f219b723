"""The statutory annual report (国办公开办函〔2021〕30号): fixed structure, data object, counting rules.

Labels are legal text copied from the 2021 format. The counting functions take plain case
facts so the service layer can feed them from any store, and the renderer can trust the
figures once ``check_invariants`` returns nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from disclosure_desk.domain.errors import InputError, Sentence, Seq, Text
from disclosure_desk.domain.outcomes import (
    APPLICANT_TYPE_CODES,
    COLUMN_CODES,
    COLUMN_LABELS,
    ORG_PARENT_LABEL,
    outcome_by_code,
)
from disclosure_desk.domain.vocabulary import APPEAL_KINDS

SECTION_HEADINGS: tuple[tuple[str, str], ...] = (
    ("overview", "一、总体情况"),
    ("proactive", "二、主动公开政府信息情况"),
    ("applications", "三、收到和处理政府信息公开申请情况"),
    ("reviews", "四、政府信息公开行政复议、行政诉讼情况"),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)
NARRATIVE_KEYS: tuple[str, ...] = ("overview", "problems", "other")

CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANT_HEADER = "申请人情况"


@dataclass(frozen=True)
class Row:
    """A row of table 三: code, exact label, indent level, and whether it is a header only."""

    code: str
    label: str
    level: int
    is_group: bool


ROWS: tuple[Row, ...] = (
    Row("1", "一、本年新收政府信息公开申请数量", 0, False),
    Row("2", "二、上年结转政府信息公开申请数量", 0, False),
    Row("3", "三、本年度办理结果", 0, True),
    Row("3.1", "（一）予以公开", 1, False),
    Row("3.2", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, False),
    Row("3.3", "（三）不予公开", 1, True),
    Row("3.3.1", "1.属于国家秘密", 2, False),
    Row("3.3.2", "2.其他法律行政法规禁止公开", 2, False),
    Row("3.3.3", "3.危及“三安全一稳定”", 2, False),
    Row("3.3.4", "4.保护第三方合法权益", 2, False),
    Row("3.3.5", "5.属于三类内部事务信息", 2, False),
    Row("3.3.6", "6.属于四类过程性信息", 2, False),
    Row("3.3.7", "7.属于行政执法案卷", 2, False),
    Row("3.3.8", "8.属于行政查询事项", 2, False),
    Row("3.4", "（四）无法提供", 1, True),
    Row("3.4.1", "1.本机关不掌握相关政府信息", 2, False),
    Row("3.4.2", "2.没有现成信息需要另行制作", 2, False),
    Row("3.4.3", "3.补正后申请内容仍不明确", 2, False),
    Row("3.5", "（五）不予处理", 1, True),
    Row("3.5.1", "1.信访举报投诉类申请", 2, False),
    Row("3.5.2", "2.重复申请", 2, False),
    Row("3.5.3", "3.要求提供公开出版物", 2, False),
    Row("3.5.4", "4.无正当理由大量反复申请", 2, False),
    Row("3.5.5", "5.要求行政机关确认或重新出具已获取信息", 2, False),
    Row("3.6", "（六）其他处理", 1, True),
    Row(
        "3.6.1",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        2,
        False,
    ),
    Row(
        "3.6.2",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        2,
        False,
    ),
    Row("3.6.3", "3.其他", 2, False),
    Row("3.7", "（七）总计", 1, False),
    Row("4", "四、结转下年度继续办理", 0, False),
)
ROW_BY_CODE: dict[str, Row] = {r.code: r for r in ROWS}
DATA_ROW_CODES: tuple[str, ...] = tuple(r.code for r in ROWS if not r.is_group)
LEAF_ROW_CODES: tuple[str, ...] = tuple(
    c for c in DATA_ROW_CODES if c.startswith("3.") and c != "3.7"
)

# (code, label, parent label or None) — table 三 columns in print order.
COLUMNS: tuple[tuple[str, str, str | None], ...] = tuple(
    (c, COLUMN_LABELS[c], ORG_PARENT_LABEL if c not in ("natural_person", "total") else None)
    for c in COLUMN_CODES
)

REVIEW_PARENT_LITIGATION = "行政诉讼"
REVIEW_GROUPS: tuple[tuple[str, str], ...] = tuple(APPEAL_KINDS.items())
REVIEW_COLUMNS: tuple[tuple[str, str], ...] = (
    ("upheld", "结果维持"),
    ("corrected", "结果纠正"),
    ("other", "其他结果"),
    ("pending", "尚未审结"),
    ("total", "总计"),
)
REVIEW_GROUP_CODES: tuple[str, ...] = tuple(c for c, _ in REVIEW_GROUPS)
REVIEW_COLUMN_CODES: tuple[str, ...] = tuple(c for c, _ in REVIEW_COLUMNS)
REVIEW_RESULTS: tuple[str, ...] = ("upheld", "corrected", "other")

# Section 二 labels (four blocks, each headed by the 条例 Art. 20 item it reports on).
PROACTIVE_CONTENT = "信息内容"
PROACTIVE_BLOCK_1 = "第二十条第（一）项"
PROACTIVE_BLOCK_5 = "第二十条第（五）项"
PROACTIVE_BLOCK_6 = "第二十条第（六）项"
PROACTIVE_BLOCK_8 = "第二十条第（八）项"
LABEL_ISSUED = "本年制发件数"
LABEL_REPEALED = "本年废止件数"
LABEL_IN_FORCE = "现行有效件数"
LABEL_DECISIONS = "本年处理决定数量"
LABEL_FEES_WAN = "本年收费金额（单位：万元）"
LABEL_RULES = "规章"
LABEL_NORMATIVE = "行政规范性文件"
LABEL_LICENSING = "行政许可"
LABEL_PENALTY = "行政处罚"
LABEL_COERCION = "行政强制"
LABEL_ADMIN_FEES = "行政事业性收费"

_WAN = Decimal("0.0001")


def yuan_to_wan(yuan: int | float | Decimal) -> Decimal:
    """Convert 元 to 万元 rounded half-up to 4 decimals (the report's unit for section 二 fees)."""
    return (Decimal(str(yuan)) / Decimal(10000)).quantize(_WAN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class GenreFigures:
    """本年制发件数 / 本年废止件数 / 现行有效件数 for one genre."""

    issued: int = 0
    repealed: int = 0
    in_force: int = 0


@dataclass(frozen=True)
class ProactiveFigures:
    """Section 二: documents by genre, decision counts and 行政事业性收费 in 万元."""

    rules: GenreFigures = field(default_factory=GenreFigures)
    normative_documents: GenreFigures = field(default_factory=GenreFigures)
    licensing: int = 0
    penalty: int = 0
    coercion: int = 0
    fees_wan: Decimal = Decimal("0")


@dataclass(frozen=True)
class FeeFigures:
    """信息处理费 collected in the year (section 六): number of payments and amount in 元."""

    count: int = 0
    amount_yuan: int = 0


@dataclass(frozen=True)
class DocFact:
    """A 规章 or 行政规范性文件 as section 二 needs it."""

    formed: date
    repealed: date | None = None


def doc_contribution(d: DocFact, year: int) -> tuple[bool, bool, bool]:
    """(issued, repealed, in force) of one document in ``year`` (PRODUCT.md §2.5)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return (
        start <= d.formed <= end,
        d.repealed is not None and start <= d.repealed <= end,
        d.formed <= end and (d.repealed is None or d.repealed > end),
    )


def genre_figures(docs: Iterable[DocFact], year: int) -> GenreFigures:
    """Count issued / repealed / in force for one genre in ``year`` (PRODUCT.md §2.5)."""
    issued = repealed = in_force = 0
    for d in docs:
        i, r, f = doc_contribution(d, year)
        issued, repealed, in_force = issued + i, repealed + r, in_force + f
    return GenreFigures(issued, repealed, in_force)


def fee_counted(paid: date | None, amount: Decimal, year: int) -> bool:
    """A 信息处理费 counts in section 六 of the year it was paid, when something was paid."""
    return paid is not None and paid.year == year and amount > 0


def empty_application_table() -> dict[str, dict[str, int]]:
    """All data rows × all columns set to 0."""
    return {r: {c: 0 for c in COLUMN_CODES} for r in DATA_ROW_CODES}


def empty_review_table() -> dict[str, dict[str, int]]:
    """All review groups × columns set to 0."""
    return {g: {c: 0 for c in REVIEW_COLUMN_CODES} for g in REVIEW_GROUP_CODES}


@dataclass(frozen=True)
class AnnualReport:
    """Everything the annual report prints, as plain data."""

    year: int
    unit: str | None
    unit_name: str
    proactive: ProactiveFigures
    applications: dict[str, dict[str, int]]
    reviews_litigation: dict[str, dict[str, int]]
    fees: FeeFigures = field(default_factory=FeeFigures)
    narratives: dict[str, str] = field(default_factory=dict)
    agency_name: str = ""
    date: date | None = None

    def to_json(self) -> dict[str, Any]:
        """The PRODUCT.md §3 ``report annual --json`` shape (plus ``unit_name``)."""
        p = self.proactive

        def genre(g: GenreFigures) -> dict[str, int]:
            return {"issued": g.issued, "repealed": g.repealed, "in_force": g.in_force}

        return {
            "year": self.year,
            "unit": self.unit,
            "unit_name": self.unit_name,
            "proactive": {
                "rules": genre(p.rules),
                "normative_documents": genre(p.normative_documents),
                "licensing": p.licensing,
                "penalty": p.penalty,
                "coercion": p.coercion,
                "fees_wan": float(Decimal(p.fees_wan).quantize(_WAN, rounding=ROUND_HALF_UP)),
            },
            "applications": {
                r: {c: int(self.applications[r][c]) for c in COLUMN_CODES} for r in DATA_ROW_CODES
            },
            "reviews_litigation": {
                g: {c: int(self.reviews_litigation[g][c]) for c in REVIEW_COLUMN_CODES}
                for g in REVIEW_GROUP_CODES
            },
            "fees": {"count": self.fees.count, "amount_yuan": self.fees.amount_yuan},
        }


@dataclass(frozen=True)
class CaseFact:
    """An application as table 三 needs it."""

    id: Any
    applicant_type: str
    received: date
    replied: date | None = None
    outcome_code: str | None = None


@dataclass(frozen=True)
class AppealFact:
    """A 行政复议 or 行政诉讼 case as table 四 needs it."""

    id: Any
    kind: str
    filed: date
    result: str | None = None
    concluded: date | None = None


def _case_rows(case: CaseFact, year: int, strict: bool = True) -> list[str]:
    """The data rows (excluding 3.7) that ``case`` counts in for ``year``. ``strict=False`` (the
    year-lock guard, comparing a record before and after an edit) does not refuse incomplete
    data: an unreadable outcome counts as the row "?"."""
    if strict and case.applicant_type not in APPLICANT_TYPE_CODES:
        raise InputError(
            "申请 {id} 的申请人类型“{value}”无法识别。", id=case.id, value=case.applicant_type
        )
    start, end = date(year, 1, 1), date(year, 12, 31)
    replied = case.replied
    if strict and replied is not None and replied < case.received:
        raise InputError("申请 {id} 的答复日期早于收到日期，请更正。", id=case.id)
    if case.received > end or (replied is not None and replied < start):
        return []
    rows: list[str] = []
    if case.received >= start:
        rows.append("1")
    else:
        rows.append("2")
    if replied is not None and replied <= end:
        if not strict:
            rows.append(case.outcome_code or "?")
            return rows
        if not case.outcome_code:
            raise InputError("申请 {id} 已答复但没有填写办理结果，无法计入年度报告。", id=case.id)
        rows.append(outcome_by_code(case.outcome_code).code)
    else:
        rows.append("4")
    return rows


def case_contribution(case: CaseFact, year: int) -> tuple[str, tuple[str, ...]] | None:
    """What one application adds to table 三 of ``year``: (column, rows); None = nothing."""
    rows = _case_rows(case, year, strict=False)
    return (case.applicant_type, tuple(rows)) if rows else None


def build_application_table(cases: Iterable[CaseFact], year: int) -> dict[str, dict[str, int]]:
    """Table 三 for ``year`` from case facts: every data row × every column incl. totals."""
    table = empty_application_table()
    for case in cases:
        for row in _case_rows(case, year):
            table[row][case.applicant_type] += 1
            if row.startswith("3."):
                table["3.7"][case.applicant_type] += 1
    for cells in table.values():
        cells["total"] = sum(cells[c] for c in APPLICANT_TYPE_CODES)
    return table


def cases_behind_cell(cases: Iterable[CaseFact], year: int, row: str, column: str) -> list[Any]:
    """Ids of the cases counted in one cell of table 三 (drill-down)."""
    if row not in DATA_ROW_CODES:
        raise InputError("表三没有代码为“{row}”的数据行。", row=row)
    if column not in COLUMN_CODES:
        raise InputError("表三没有代码为“{column}”的列。", column=column)
    ids = []
    for case in cases:
        if column != "total" and case.applicant_type != column:
            continue
        rows = _case_rows(case, year)
        hit = row in rows or (row == "3.7" and any(r.startswith("3.") for r in rows))
        if hit:
            ids.append(case.id)
    return ids


def _appeal_cell(appeal: AppealFact, year: int, strict: bool = True) -> tuple[str, str] | None:
    if strict and appeal.kind not in REVIEW_GROUP_CODES:
        raise InputError(
            "复议诉讼案件 {id} 的类别“{kind}”无法识别。", id=appeal.id, kind=appeal.kind
        )
    if appeal.filed.year != year:
        return None
    concluded = appeal.concluded is not None and appeal.concluded <= date(year, 12, 31)
    if not concluded:
        return appeal.kind, "pending"
    if not strict:
        return appeal.kind, appeal.result or "?"
    if appeal.result not in REVIEW_RESULTS:
        raise InputError(
            "复议诉讼案件 {id} 已审结但结果“{result}”无法识别。", id=appeal.id, result=appeal.result
        )
    return appeal.kind, appeal.result


def appeal_contribution(appeal: AppealFact, year: int) -> tuple[str, str] | None:
    """The cell of table 四 one appeal counts in for ``year`` (None = none)."""
    return _appeal_cell(appeal, year, strict=False)


def build_review_table(appeals: Iterable[AppealFact], year: int) -> dict[str, dict[str, int]]:
    """Table 四 for ``year``: cases filed in the year, by result if concluded by 31 Dec."""
    table = empty_review_table()
    for appeal in appeals:
        cell = _appeal_cell(appeal, year)
        if cell:
            table[cell[0]][cell[1]] += 1
            table[cell[0]]["total"] += 1
    return table


def appeals_behind_cell(
    appeals: Iterable[AppealFact], year: int, group: str, column: str
) -> list[Any]:
    """Ids of the appeals counted in one cell of table 四."""
    ids = []
    for appeal in appeals:
        cell = _appeal_cell(appeal, year)
        if cell and cell[0] == group and column in (cell[1], "total"):
            ids.append(appeal.id)
    return ids


@dataclass(frozen=True)
class Violation:
    """A broken consistency rule, with the cells involved ("row/column" or "group/column")."""

    cells: tuple[str, ...]
    message: str


def _label(row: str) -> str:
    return ROW_BY_CODE[row].label


def check_invariants(report: AnnualReport) -> list[Violation]:
    """Every arithmetic rule of tables 三 and 四; an empty list means the report is consistent."""
    out: list[Violation] = []
    apps = report.applications
    for r in DATA_ROW_CODES:
        for c in COLUMN_CODES:
            v = apps.get(r, {}).get(c)
            if not isinstance(v, int) or v < 0:
                out.append(
                    Violation(
                        (f"{r}/{c}",),
                        Sentence(
                            "表三“{row}”{column}列缺少数字或为负数。",
                            row=_label(r),
                            column=COLUMN_LABELS[c],
                        ),
                    )
                )
    if out:
        return out
    for r in DATA_ROW_CODES:
        s = sum(apps[r][c] for c in APPLICANT_TYPE_CODES)
        if apps[r]["total"] != s:
            out.append(
                Violation(
                    (f"{r}/total",),
                    Sentence(
                        "表三“{row}”的总计为 {total}，但六类申请人之和为 {sum}。",
                        row=_label(r),
                        total=apps[r]["total"],
                        sum=s,
                    ),
                )
            )
    for c in COLUMN_CODES:
        leaves = sum(apps[r][c] for r in LEAF_ROW_CODES)
        if apps["3.7"][c] != leaves:
            out.append(
                Violation(
                    (f"3.7/{c}",),
                    Sentence(
                        "表三{column}列“（七）总计”为 {total}，但各项办理结果之和为 {sum}。",
                        column=COLUMN_LABELS[c],
                        total=apps["3.7"][c],
                        sum=leaves,
                    ),
                )
            )
        left, right = apps["1"][c] + apps["2"][c], apps["3.7"][c] + apps["4"][c]
        if left != right:
            out.append(
                Violation(
                    (f"1/{c}", f"2/{c}", f"3.7/{c}", f"4/{c}"),
                    Sentence(
                        "表三{column}列不平衡：第一项加第二项为 {left}，第三项总计加第四项为 {right}。",
                        column=COLUMN_LABELS[c],
                        left=left,
                        right=right,
                    ),
                )
            )
    rev = report.reviews_litigation
    labels = dict(REVIEW_GROUPS)
    for g in REVIEW_GROUP_CODES:
        vals = rev.get(g, {})
        if any(not isinstance(vals.get(c), int) or vals[c] < 0 for c in REVIEW_COLUMN_CODES):
            out.append(
                Violation(
                    (f"{g}/total",), Sentence("表四“{group}”缺少数字或为负数。", group=labels[g])
                )
            )
            continue
        s = sum(vals[c] for c in REVIEW_COLUMN_CODES if c != "total")
        if vals["total"] != s:
            out.append(
                Violation(
                    (f"{g}/total",),
                    Sentence(
                        "表四“{group}”的总计为 {total}，但各结果之和为 {sum}。",
                        group=labels[g],
                        total=vals["total"],
                        sum=s,
                    ),
                )
            )
    return out


def require_consistent(report: AnnualReport, refusal: str | Text = "") -> None:
    """InputError naming every broken cell (``refusal`` says what is refused, e.g. the PDF)."""
    violations = check_invariants(report)
    if violations:
        cells = tuple(c for v in violations for c in v.cells)
        details = Seq((v.message for v in violations[:5]), "；")
        raise InputError(
            "年度报告数据不一致{refusal}（涉及单元格：{cells}）。{details}",
            refusal=refusal,
            cells=cells,
            details=details,
        )
