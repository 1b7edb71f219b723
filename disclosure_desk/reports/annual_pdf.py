"""PDF renderer for the statutory annual report in the 2021 national format (A4, embedded CJK font).

Takes a plain ``AnnualReport`` and lays out the six sections; the three tables reproduce the
official labels and spans. Inconsistent figures are refused rather than printed.
"""

from __future__ import annotations

from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from disclosure_desk.domain.annual import (
    APPLICANT_HEADER,
    CHECK_NOTE,
    COLUMNS,
    DATA_ROW_CODES,
    LABEL_ADMIN_FEES,
    LABEL_COERCION,
    LABEL_DECISIONS,
    LABEL_FEES_WAN,
    LABEL_IN_FORCE,
    LABEL_ISSUED,
    LABEL_LICENSING,
    LABEL_NORMATIVE,
    LABEL_PENALTY,
    LABEL_REPEALED,
    LABEL_RULES,
    PROACTIVE_BLOCK_1,
    PROACTIVE_BLOCK_5,
    PROACTIVE_BLOCK_6,
    PROACTIVE_BLOCK_8,
    PROACTIVE_CONTENT,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    REVIEW_PARENT_LITIGATION,
    ROW_BY_CODE,
    SECTION_HEADINGS,
    AnnualReport,
    GenreFigures,
    require_consistent,
)
from disclosure_desk.domain.outcomes import ORG_PARENT_LABEL
from disclosure_desk.reports.common import Styles, build_pdf, frame_width, grid_style

EMPTY_NARRATIVE = "（本部分尚未填写。）"
GROUP_HEADER_ROWS = ("3.3", "3.4", "3.5", "3.6")


def report_title(report: AnnualReport) -> str:
    """E.g. "某区人民政府2025年政府信息公开工作年度报告"."""
    name = report.unit_name or report.agency_name
    return f"{name}{report.year}年政府信息公开工作年度报告"


def fee_sentence(amount_yuan: int) -> str:
    """The section 六 sentence on 信息处理费."""
    if amount_yuan <= 0:
        return "本年度未收取信息处理费。"
    return f"本年度共收取信息处理费 {amount_yuan} 元。"


def format_wan(value: Decimal | float) -> str:
    """万元 with at most 4 decimals and no trailing zeros (0 prints as "0")."""
    text = f"{Decimal(str(value)):.4f}".rstrip("0").rstrip(".")
    return text or "0"


def _paragraphs(text: str, st: Styles) -> list[Flowable]:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return [Paragraph(escape(line), st.body) for line in (lines or [EMPTY_NARRATIVE])]


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text), style)


def _proactive_table(report: AnnualReport, st: Styles) -> Table:
    p = report.proactive
    c = st.cell_center

    def genre_row(label: str, g: GenreFigures) -> list[object]:
        return [_p(label, c), str(g.issued), str(g.repealed), str(g.in_force)]

    rows: list[list[object]] = [
        [_p(PROACTIVE_BLOCK_1, c), "", "", ""],
        [
            _p(PROACTIVE_CONTENT, c),
            _p(LABEL_ISSUED, c),
            _p(LABEL_REPEALED, c),
            _p(LABEL_IN_FORCE, c),
        ],
        genre_row(LABEL_RULES, p.rules),
        genre_row(LABEL_NORMATIVE, p.normative_documents),
        [_p(PROACTIVE_BLOCK_5, c), "", "", ""],
        [_p(PROACTIVE_CONTENT, c), _p(LABEL_DECISIONS, c), "", ""],
        [_p(LABEL_LICENSING, c), str(p.licensing), "", ""],
        [_p(PROACTIVE_BLOCK_6, c), "", "", ""],
        [_p(PROACTIVE_CONTENT, c), _p(LABEL_DECISIONS, c), "", ""],
        [_p(LABEL_PENALTY, c), str(p.penalty), "", ""],
        [_p(LABEL_COERCION, c), str(p.coercion), "", ""],
        [_p(PROACTIVE_BLOCK_8, c), "", "", ""],
        [_p(PROACTIVE_CONTENT, c), _p(LABEL_FEES_WAN, c), "", ""],
        [_p(LABEL_ADMIN_FEES, c), format_wan(p.fees_wan), "", ""],
    ]
    spans = [("SPAN", (0, r), (3, r)) for r in (0, 4, 7, 11)]
    spans += [("SPAN", (1, r), (3, r)) for r in (5, 6, 8, 9, 10, 12, 13)]
    width = frame_width()
    widths = [width * 0.31] + [width * 0.23] * 3
    return Table(rows, colWidths=widths, style=grid_style(st.font, 9, spans))


def _applications_table(report: AnnualReport, st: Styles) -> Table:
    apps = report.applications
    s, sc = st.small, st.small_center
    rows: list[list[object]] = []
    # Three header rows: 申请人情况 / 自然人 · 法人或其他组织 · 总计 / the five 法人 types.
    rows.append([_p(CHECK_NOTE, sc), "", "", _p(APPLICANT_HEADER, sc)] + [""] * 6)
    second: list[object] = ["", "", ""]
    third: list[object] = ["", "", ""]
    for code, label, parent in COLUMNS:
        if parent is None:
            second.append(_p(label, sc))
            third.append("")
        else:
            second.append(_p(ORG_PARENT_LABEL, sc) if code == "commercial" else "")
            third.append(_p(label, sc))
    rows += [second, third]
    extra: list[tuple[object, ...]] = [
        ("SPAN", (0, 0), (2, 2)),
        ("SPAN", (3, 0), (9, 0)),
        ("SPAN", (3, 1), (3, 2)),
        ("SPAN", (4, 1), (8, 1)),
        ("SPAN", (9, 1), (9, 2)),
        ("ALIGN", (0, 3), (2, -1), "LEFT"),
    ]
    header_rows = len(rows)
    first_result = header_rows + DATA_ROW_CODES.index("3.1")
    last_result = header_rows + DATA_ROW_CODES.index("3.7")
    group_start: dict[str, int] = {}
    for i, code in enumerate(DATA_ROW_CODES):
        r = header_rows + i
        label = _p(ROW_BY_CODE[code].label, s)
        numbers = [str(apps[code][c]) for c, _l, _p2 in COLUMNS]
        if code in ("1", "2", "4"):
            cells: list[object] = [label, "", ""]
            extra.append(("SPAN", (0, r), (2, r)))
        elif code in ("3.1", "3.2", "3.7"):
            cells = [_p(ROW_BY_CODE["3"].label, s) if code == "3.1" else "", label, ""]
            extra.append(("SPAN", (1, r), (2, r)))
        else:
            group = code.rsplit(".", 1)[0]
            first = group not in group_start
            group_start.setdefault(group, r)
            cells = ["", _p(ROW_BY_CODE[group].label, s) if first else "", label]
        rows.append(cells + numbers)
    extra.append(("SPAN", (0, first_result), (0, last_result)))
    for group in GROUP_HEADER_ROWS:
        start = group_start[group]
        count = sum(1 for c in DATA_ROW_CODES if c.startswith(group + "."))
        extra.append(("SPAN", (1, start), (1, start + count - 1)))
    width = frame_width()
    # 13 mm keeps four-character headers such as 商业企业 on one line at 7.5 pt.
    label_w = [16 * mm, 21 * mm]
    data_w = 13 * mm
    label_w.append(width - sum(label_w) - 7 * data_w)
    return Table(
        rows,
        colWidths=label_w + [data_w] * 7,
        style=grid_style(st.font, 7.5, extra),
        repeatRows=header_rows,
    )


def _reviews_table(report: AnnualReport, st: Styles) -> Table:
    # 15 columns share the page width; 7 pt keeps 结果维持 etc. on one line.
    sc = ParagraphStyle("review", parent=st.small_center, fontSize=7, leading=9)
    leaf = [_p(label, sc) for _c, label in REVIEW_COLUMNS]
    review_label, direct_label, after_label = (label for _c, label in REVIEW_GROUPS)
    rows: list[list[object]] = [
        [_p(review_label, sc)] + [""] * 4 + [_p(REVIEW_PARENT_LITIGATION, sc)] + [""] * 9,
        leaf + [_p(direct_label, sc)] + [""] * 4 + [_p(after_label, sc)] + [""] * 4,
        [""] * 5 + leaf + leaf,
        [
            str(report.reviews_litigation[g][c])
            for g, _gl in REVIEW_GROUPS
            for c, _cl in REVIEW_COLUMNS
        ],
    ]
    spans: list[tuple[object, ...]] = [
        ("SPAN", (0, 0), (4, 0)),
        ("SPAN", (5, 0), (14, 0)),
        ("SPAN", (5, 1), (9, 1)),
        ("SPAN", (10, 1), (14, 1)),
    ]
    spans += [("SPAN", (i, 1), (i, 2)) for i in range(5)]
    width = frame_width()
    spans += [("LEFTPADDING", (0, 0), (-1, -1), 1), ("RIGHTPADDING", (0, 0), (-1, -1), 1)]
    return Table(rows, colWidths=[width / 15] * 15, style=grid_style(st.font, 7.5, spans))


def _signature_block(report: AnnualReport, st: Styles) -> Table:
    when = report.date
    date_text = f"{when.year}年{when.month}月{when.day}日" if when else "　　年　　月　　日"
    line = "________________"
    rows = [
        [
            _p("填报单位（盖章）：", st.cell),
            _p(line, st.cell),
            _p("负责人：", st.cell),
            _p(line, st.cell),
        ],
        [_p("填报人：", st.cell), _p(line, st.cell), _p("日期：", st.cell), _p(date_text, st.cell)],
    ]
    width = frame_width()
    return Table(
        rows,
        colWidths=[width * 0.22, width * 0.30, width * 0.14, width * 0.34],
        style=grid_style(
            st.font,
            9,
            [("GRID", (0, 0), (-1, -1), 0, "white"), ("TOPPADDING", (0, 0), (-1, -1), 8)],
        ),
    )


def render_annual_report(report: AnnualReport) -> bytes:
    """Render the annual report as PDF bytes; InputError naming the cells when figures disagree."""
    require_consistent(report, "，不能生成 PDF")
    st = Styles()
    headings = dict(SECTION_HEADINGS)
    title = report_title(report)
    story: list[Flowable] = [
        Paragraph(escape(title), st.title),
        _p(
            f"本报告依据《中华人民共和国政府信息公开条例》第四十九条、第五十条编制，"
            f"统计期限为{report.year}年1月1日至12月31日。",
            st.body,
        ),
        _p(headings["overview"], st.heading),
        *_paragraphs(report.narratives.get("overview", ""), st),
        KeepTogether([_p(headings["proactive"], st.heading), _proactive_table(report, st)]),
        KeepTogether([_p(headings["applications"], st.heading), _applications_table(report, st)]),
        KeepTogether([_p(headings["reviews"], st.heading), _reviews_table(report, st)]),
        _p(headings["problems"], st.heading),
        *_paragraphs(report.narratives.get("problems", ""), st),
        _p(headings["other"], st.heading),
    ]
    other = report.narratives.get("other", "")
    if other.strip():
        story += _paragraphs(other, st)
    story.append(_p(fee_sentence(report.fees.amount_yuan), st.body))
    # Both signature rows stay on one page (a lone 填报人 row on a blank page looked broken).
    story.append(KeepTogether([Spacer(1, 10 * mm), _signature_block(report, st)]))
    return build_pdf(story, title=title, author=report.agency_name or report.unit_name)
