"""The statutory annual report from the database: figures, PDF, drill-down and narratives.

Counting rules live in ``domain/annual.py``; this module only selects the few columns each
rule needs (``.tuples()`` — the report must stay under a second on 50 000 applications) and
feeds them in as plain facts.

Section 二 choice: 规章 / 行政规范性文件 count every registered item of that 体裁 that is not
withdrawn (状态 ≠ 已撤回), whatever its 公开属性 — the statistic is about documents the body
made, not about what it published; items without a 成文日期 cannot be dated and are skipped.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from disclosure_desk.domain import vocabulary
from disclosure_desk.domain.annual import (
    COLUMN_CODES,
    DATA_ROW_CODES,
    LABEL_COERCION,
    LABEL_LICENSING,
    LABEL_PENALTY,
    NARRATIVE_KEYS,
    REVIEW_COLUMN_CODES,
    REVIEW_COLUMNS,
    REVIEW_GROUP_CODES,
    AnnualReport,
    AppealFact,
    CaseFact,
    DocFact,
    FeeFigures,
    ProactiveFigures,
    appeals_behind_cell,
    build_application_table,
    build_review_table,
    cases_behind_cell,
    genre_figures,
    require_consistent,
    yuan_to_wan,
)

# re-exported: the reports view lists the broken cells of a report through this module
from disclosure_desk.domain.annual import check_invariants as check_invariants
from disclosure_desk.domain.catalogs import GENRE_NORMATIVE, GENRE_RULES
from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.fees import MAX_FEE_YUAN
from disclosure_desk.domain.outcomes import APPLICANT_TYPE_CODES, outcome_by_code
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.common import settings as settings_registry
from disclosure_desk.services.common.context import Changes, change
from disclosure_desk.services.common.scope import Scope, resolve_scope
from disclosure_desk.services.reporting.year_lock import check_year_unlocked
from disclosure_desk.store.models import (
    JOIN,
    Appeal,
    Application,
    Item,
    ReportYear,
    StatEntry,
    Unit,
    fn,
)
from disclosure_desk.store.report_sql import raw_rows

WITHDRAWN = vocabulary.WITHDRAWN
# ReportYear.narratives stores the section numerals; AnnualReport uses NARRATIVE_KEYS.
NARRATIVE_NUMERALS: dict[str, str] = dict(zip(("一", "五", "六"), NARRATIVE_KEYS, strict=True))
PROACTIVE_CELLS: tuple[str, ...] = (
    "rules.issued",
    "rules.repealed",
    "rules.in_force",
    "normative_documents.issued",
    "normative_documents.repealed",
    "normative_documents.in_force",
    "licensing",
    "penalty",
    "coercion",
    "fees_wan",
)


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    if not 1990 <= year <= 2200:
        raise InputError(tr("报告年度 {year} 不在有效范围内。").format(year=year))
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _docs(scope: Scope, end: dt.date) -> dict[str, list[DocFact]]:
    """规章 and 行政规范性文件 formed by ``end`` (one scan of the register for both genres)."""
    q = Item.select(Item.genre, Item.formed_on, Item.repealed_on).where(
        Item.genre.in_([GENRE_RULES, GENRE_NORMATIVE])
        & (Item.status != WITHDRAWN)
        & Item.formed_on.is_null(False)
        & (Item.formed_on <= end)
        & scope.where(Item.unit)
    )
    out: dict[str, list[DocFact]] = {GENRE_RULES: [], GENRE_NORMATIVE: []}
    for genre, formed, repealed in raw_rows(q, (1, 2)):
        out[genre].append(DocFact(formed, repealed))
    return out


def _stats(scope: Scope, year: int) -> tuple[int, int, int, Decimal]:
    row = (
        StatEntry.select(
            fn.SUM(StatEntry.licensing),
            fn.SUM(StatEntry.penalty),
            fn.SUM(StatEntry.coercion),
            fn.SUM(StatEntry.fees_yuan),
        )
        .where((StatEntry.year == year) & scope.where(StatEntry.unit))
        .tuples()
        .first()
    ) or (0, 0, 0, 0)
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0), Decimal(str(row[3] or 0))


def open_during(start: dt.date, end: dt.date):
    """Applications a period's figures count: received by its end, not answered before its start."""
    return (Application.received_on <= end) & (
        Application.replied_on.is_null() | (Application.replied_on >= start)
    )


def _cases_query(scope: Scope, year: int):
    start, end = _year_bounds(year)
    return Application.select(
        Application.id,
        Application.applicant_type,
        Application.received_on,
        Application.replied_on,
        Application.outcome_code,
    ).where(open_during(start, end) & scope.where(Application.unit))


def _check_cases(scope: Scope, year: int) -> None:
    """Name the records (申请编号) that cannot be counted, before the domain rules refuse them."""
    start, end = _year_bounds(year)
    base = _cases_query(scope, year)
    problems = (
        (
            base.where(
                Application.replied_on.is_null(False)
                & (Application.replied_on <= end)
                & (Application.outcome_code == "")
            ),
            N_("已答复但没有填写办理结果"),
        ),
        (
            base.where(Application.applicant_type.not_in(list(APPLICANT_TYPE_CODES))),
            N_("申请人类型无法识别"),
        ),
        (base.where(Application.replied_on < Application.received_on), N_("答复日期早于收到日期")),
    )
    for query, what in problems:
        refs = [r for (r,) in query.select(Application.reg_no).limit(10).tuples()]
        if refs:
            raise InputError(
                tr("以下申请{what}，无法计入{year}年度报告，请先更正：{value}。").format(
                    what=tr(what), year=year, value="、".join(refs)
                )
            )


def _cases(scope: Scope, year: int) -> list[CaseFact]:
    return [
        CaseFact(i, t, rec, rep, (code or None) if rep else None)
        for i, t, rec, rep, code in raw_rows(_cases_query(scope, year), (2, 3))
    ]


def _appeals(scope: Scope, year: int) -> list[AppealFact]:
    start, end = _year_bounds(year)
    q = (
        Appeal.select(Appeal.id, Appeal.kind, Appeal.filed_on, Appeal.result, Appeal.concluded_on)
        .where((Appeal.filed_on >= start) & (Appeal.filed_on <= end) & scope.where(Appeal.unit))
        .tuples()
    )
    return [AppealFact(i, k, f, r or None, c) for i, k, f, r, c in q]


def _fee_amount():
    # fee_collected (migration 0004) is what was actually paid; older rows only have fee_amount.
    return fn.COALESCE(fn.NULLIF(Application.fee_collected, 0), Application.fee_amount)


def _fees(scope: Scope, year: int) -> FeeFigures:
    start, end = _year_bounds(year)
    count, total = (
        Application.select(fn.COUNT(Application.id), fn.SUM(_fee_amount()))
        .where(
            (Application.fee_paid_on >= start)
            & (Application.fee_paid_on <= end)
            & (_fee_amount() > 0)
            # Imports and services refuse fees past MAX_FEE_YUAN; a row written around them
            # (raw SQL: 1e300, inf) must not crash or swamp the statutory table.
            & (_fee_amount() <= MAX_FEE_YUAN)
            & scope.where(Application.unit)
        )
        .tuples()
        .first()
    ) or (0, 0)
    amount = Decimal(str(total or 0)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return FeeFigures(int(count or 0), int(amount))


def _report_year_row(year: int, unit_id: int | None) -> ReportYear | None:
    q = ReportYear.select().where(ReportYear.year == year)
    q = q.where(ReportYear.unit.is_null() if unit_id is None else ReportYear.unit == unit_id)
    return q.first()


def _narratives(row: ReportYear | None) -> dict[str, str]:
    raw: dict[str, str] = {}
    if row is not None and row.narratives:
        try:
            raw = json.loads(row.narratives)
        except ValueError:
            raw = {}
    return {key: str(raw.get(num, "")) for num, key in NARRATIVE_NUMERALS.items()}


def build_annual_report(actor: Actor, year: int, unit_code: str | None = None) -> AnnualReport:
    """The annual report for ``year`` and the unit ``unit_code`` (with its descendants)."""
    actor.require("report.view")
    scope = resolve_scope(actor, unit_code)
    _start, end = _year_bounds(year)
    licensing, penalty, coercion, fees_yuan = _stats(scope, year)
    docs = _docs(scope, end)
    proactive = ProactiveFigures(
        rules=genre_figures(docs[GENRE_RULES], year),
        normative_documents=genre_figures(docs[GENRE_NORMATIVE], year),
        licensing=licensing,
        penalty=penalty,
        coercion=coercion,
        fees_wan=yuan_to_wan(fees_yuan),
    )
    row = _report_year_row(year, scope.unit_id)
    signed = row.locked_at.date() if row is not None and row.locked and row.locked_at else None
    return AnnualReport(
        year=year,
        unit=scope.unit_code,
        unit_name=scope.unit_name,
        proactive=proactive,
        applications=_application_table(scope, year),
        reviews_litigation=build_review_table(_appeals(scope, year), year),
        fees=_fees(scope, year),
        narratives=_narratives(row),
        agency_name=scope.agency_name,
        date=signed,
    )


def _application_table(scope: Scope, year: int) -> dict[str, dict[str, int]]:
    try:
        return build_application_table(_cases(scope, year), year)
    except InputError:
        _check_cases(scope, year)  # re-raise naming the 申请编号 instead of database ids
        raise


def annual_json(actor: Actor, year: int, unit_code: str | None = None) -> dict:
    """``report annual --json``: the PRODUCT.md §3 shape, refused when the figures disagree."""
    report = build_annual_report(actor, year, unit_code)
    ensure_consistent(report)
    return report.to_json()


def ensure_consistent(report: AnnualReport) -> None:
    """InputError naming every broken cell; the counting rules make this a safety net."""
    require_consistent(report)


def render_annual(report: AnnualReport) -> bytes:
    """PDF bytes of a built report (InputError naming the cells when figures disagree)."""
    from disclosure_desk.reports.annual_pdf import render_annual_report

    return render_annual_report(report)


def render_annual_docx(report: AnnualReport) -> bytes:
    """The report as an editable .docx; starts from the body's Word template when one is set."""
    from disclosure_desk.reports.annual_docx import render_annual_docx as _render

    return _render(report, settings_registry.word_template())


def render_annual_html(report: AnnualReport) -> bytes:
    """The report as a self-contained web page (UTF-8 bytes) for the 政府信息公开专栏."""
    from disclosure_desk.reports.annual_html import render_annual_html as _render

    return _render(report).encode("utf-8")


def annual_pdf(actor: Actor, year: int, unit_code: str | None = None) -> bytes:
    return render_annual(build_annual_report(actor, year, unit_code))


def annual_docx(actor: Actor, year: int, unit_code: str | None = None) -> bytes:
    return render_annual_docx(build_annual_report(actor, year, unit_code))


def annual_html(actor: Actor, year: int, unit_code: str | None = None) -> bytes:
    return render_annual_html(build_annual_report(actor, year, unit_code))


# ---------------------------------------------------------------- drill-down


@dataclass(frozen=True)
class CellRecord:
    """One record behind a report cell; ``kind`` + ``id`` let the UI open it."""

    kind: str  # application / appeal / item / stat_entry
    id: int
    ref: str  # 申请编号, 索引号, period…
    unit_name: str
    title: str  # applicant, item title, appeal kind…
    first_date: dt.date | None
    second_date: dt.date | None
    detail: str


def records_behind_cell(
    actor: Actor, year: int, unit_code: str | None, row: str, column: str
) -> list[CellRecord]:
    """The records counted in one cell.

    Table 三: ``row`` a data row code (``"1"``, ``"3.3.2"``…), ``column`` an applicant column.
    Table 四: ``row`` a group (``"review"``…), ``column`` a result column. Section 二: ``row``
    ``"proactive"`` and ``column`` one of PROACTIVE_CELLS.
    """
    actor.require("report.view")
    scope = resolve_scope(actor, unit_code)
    start, end = _year_bounds(year)
    if row in DATA_ROW_CODES:
        if column not in COLUMN_CODES:
            raise InputError(tr("表三没有代码为“{column}”的列。").format(column=column))
        ids = cases_behind_cell(_cases(scope, year), year, row, column)
        return _application_records(ids)
    if row in REVIEW_GROUP_CODES:
        if column not in REVIEW_COLUMN_CODES:
            raise InputError(tr("表四没有代码为“{column}”的列。").format(column=column))
        ids = appeals_behind_cell(_appeals(scope, year), year, row, column)
        return _appeal_records(ids)
    if row == "proactive":
        return _proactive_records(scope, year, column, start, end)
    raise InputError(tr("年度报告没有代码为“{row}”的行。").format(row=row))


def _outcome(code: str | None) -> str:
    if not code:
        return tr("办理中")
    try:
        return f"{code} {outcome_by_code(code).label}"
    except InputError:
        return code


def _application_records(ids: list[int]) -> list[CellRecord]:
    out: list[CellRecord] = []
    for chunk in range(0, len(ids), 500):
        q = (
            Application.select(
                Application.id,
                Application.reg_no,
                Unit.name,
                Application.applicant_name,
                Application.received_on,
                Application.replied_on,
                Application.outcome_code,
            )
            .join(Unit)
            .where(Application.id.in_(ids[chunk : chunk + 500]))
            .tuples()
        )
        for i, reg, unit, name, rec, rep, code in q:
            out.append(CellRecord("application", i, reg, unit, name, rec, rep, _outcome(code)))
    out.sort(key=lambda r: (r.first_date or dt.date.min, r.id))
    return out


APPEAL_KIND_LABELS = vocabulary.APPEAL_KINDS
# The annual report's column headings for a concluded case (结果维持 …), from domain/annual.py.
APPEAL_RESULT_LABELS = {
    code: label for code, label in REVIEW_COLUMNS if code in vocabulary.APPEAL_RESULTS
}


def _appeal_records(ids: list[int]) -> list[CellRecord]:
    if not ids:
        return []
    q = (
        Appeal.select(
            Appeal.id,
            Application.reg_no,
            Unit.name,
            Appeal.kind,
            Appeal.filed_on,
            Appeal.concluded_on,
            Appeal.result,
        )
        .join(Unit)
        .switch(Appeal)
        .join(Application, join_type=JOIN.LEFT_OUTER)
        .where(Appeal.id.in_(ids))
        .order_by(Appeal.filed_on, Appeal.id)
        .tuples()
    )
    return [
        CellRecord(
            "appeal",
            i,
            reg or "",
            unit,
            APPEAL_KIND_LABELS.get(kind, kind),
            filed,
            concluded,
            APPEAL_RESULT_LABELS.get(result or "", tr("尚未审结")),
        )
        for i, reg, unit, kind, filed, concluded, result in q
    ]


def _proactive_records(
    scope: Scope, year: int, cell: str, start: dt.date, end: dt.date
) -> list[CellRecord]:
    if cell not in PROACTIVE_CELLS:
        raise InputError(tr("第二部分没有代码为“{cell}”的数字。").format(cell=cell))
    if "." not in cell:
        q = (
            StatEntry.select(StatEntry, Unit.name.alias("unit_name"))
            .join(Unit)
            .where((StatEntry.year == year) & scope.where(StatEntry.unit))
            .order_by(Unit.id, StatEntry.period)
        )
        out = []
        for s in q:
            field = "fees_yuan" if cell == "fees_wan" else cell
            value = getattr(s, field)
            if not value:
                continue
            out.append(
                CellRecord(
                    "stat_entry",
                    s.id,
                    f"{s.year} {s.period}",
                    s.unit.unit_name,
                    LABEL_BY_STAT[field],
                    None,
                    None,
                    str(value),
                )
            )
        return out
    genre_key, measure = cell.split(".")
    genre = GENRE_RULES if genre_key == "rules" else GENRE_NORMATIVE
    cond = (
        (Item.genre == genre)
        & (Item.status != WITHDRAWN)
        & Item.formed_on.is_null(False)
        & scope.where(Item.unit)
    )
    if measure == "issued":
        cond &= (Item.formed_on >= start) & (Item.formed_on <= end)
    elif measure == "repealed":
        cond &= (Item.repealed_on >= start) & (Item.repealed_on <= end)
    else:
        cond &= (Item.formed_on <= end) & (Item.repealed_on.is_null() | (Item.repealed_on > end))
    q = (
        Item.select(
            Item.id,
            Item.index_no,
            Unit.name,
            Item.title,
            Item.formed_on,
            Item.repealed_on,
            Item.doc_no,
        )
        .join(Unit)
        .where(cond)
        .order_by(Item.formed_on, Item.id)
        .tuples()
    )
    return [CellRecord("item", *row) for row in q]


LABEL_BY_STAT = {
    "licensing": LABEL_LICENSING,
    "penalty": LABEL_PENALTY,
    "coercion": LABEL_COERCION,
    "fees_yuan": N_("行政事业性收费（元）"),
}


# ---------------------------------------------------------------- narratives


def narratives(actor: Actor, year: int, unit_code: str | None = None) -> dict[str, str]:
    """Sections 一/五/六 as {"overview", "problems", "other"} for the editor."""
    actor.require("report.view")
    scope = resolve_scope(actor, unit_code)
    return _narratives(_report_year_row(year, scope.unit_id))


def save_narratives(
    actor: Actor, year: int, texts: dict[str, str], unit_code: str | None = None
) -> Changes:
    """Store the narrative sections (keys of NARRATIVE_KEYS); refused while the year is locked."""
    unknown = set(texts) - set(NARRATIVE_KEYS)
    if unknown:
        raise InputError(tr("未知的报告部分：{value}。").format(value="、".join(sorted(unknown))))
    scope = resolve_scope(actor, unit_code)
    _year_bounds(year)
    with change(actor, "report.edit", scope.unit_id) as tx:
        row = _report_year_row(year, scope.unit_id)
        if row is not None and row.locked:
            check_year_unlocked(year, scope.unit_id)
        before = row.narratives if row is not None else None
        stored: dict[str, str] = {}
        if before:
            try:
                stored = json.loads(before)
            except ValueError:
                stored = {}
        by_key = {key: num for num, key in NARRATIVE_NUMERALS.items()}
        for key, text in texts.items():
            stored[by_key[key]] = text.strip()
        value = json.dumps(stored, ensure_ascii=False)
        if row is None:
            row = ReportYear.create(year=year, unit=scope.unit_id, narratives=value)
        else:
            ReportYear.update(narratives=value).where(ReportYear.id == row.id).execute()
        tx.audit("report.narratives", "report_year", row.id, before, value)
    return tx.changes
