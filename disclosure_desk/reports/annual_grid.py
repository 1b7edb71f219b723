"""The three tables of the annual report as plain grids (cell texts + merged ranges).

One description serves the PDF, the .docx and the .html renderers, so labels, spans and figures
are the same in every output. Standard library only (no reportlab, no python-docx).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

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
)
from disclosure_desk.domain.outcomes import ORG_PARENT_LABEL

EMPTY_NARRATIVE = "（本部分尚未填写。）"
GROUP_HEADER_ROWS = ("3.3", "3.4", "3.5", "3.6")


@dataclass
class Grid:
    """A table: ``cells[r][c]`` texts ("" under a merge), ``spans`` as (row0, col0, row1, col1)
    inclusive, relative column widths, header rows, and cells set flush left."""

    cells: list[list[str]]
    spans: list[tuple[int, int, int, int]]
    widths: list[float]
    header_rows: int = 0
    left: set[tuple[int, int]] = field(default_factory=set)

    def covered(self) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        """Every cell inside a merge (other than its top-left) → that merge."""
        out: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for r0, c0, r1, c1 in self.spans:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        out[(r, c)] = (r0, c0, r1, c1)
        return out


def report_title(report: AnnualReport) -> str:
    """E.g. "某区人民政府2025年政府信息公开工作年度报告"."""
    name = report.unit_name or report.agency_name
    return f"{name}{report.year}年政府信息公开工作年度报告"


def intro_sentence(report: AnnualReport) -> str:
    return (
        "本报告依据《中华人民共和国政府信息公开条例》第四十九条、第五十条编制，"
        f"统计期限为{report.year}年1月1日至12月31日。"
    )


def fee_sentence(amount_yuan: int) -> str:
    """The section 六 sentence on 信息处理费."""
    if amount_yuan <= 0:
        return "本年度未收取信息处理费。"
    return f"本年度共收取信息处理费 {amount_yuan} 元。"


def format_wan(value: Decimal | float) -> str:
    """万元 with at most 4 decimals and no trailing zeros (0 prints as "0")."""
    text = f"{Decimal(str(value)):.4f}".rstrip("0").rstrip(".")
    return text or "0"


def narrative_lines(report: AnnualReport, key: str, empty: str = EMPTY_NARRATIVE) -> list[str]:
    text = report.narratives.get(key, "") or ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines or ([empty] if empty else [])


def closing_lines(report: AnnualReport) -> list[str]:
    """Section 六 body: the officer's text, then the fee sentence."""
    return [*narrative_lines(report, "other", ""), fee_sentence(report.fees.amount_yuan)]


def signature_lines(report: AnnualReport) -> tuple[str, str]:
    """(body name, date) printed under section 六, where the seal goes."""
    when = report.date
    date_text = f"{when.year}年{when.month}月{when.day}日" if when else "　　年　　月　　日"
    return report.agency_name or report.unit_name, date_text


def headings() -> dict[str, str]:
    return dict(SECTION_HEADINGS)


def proactive_grid(report: AnnualReport) -> Grid:
    p = report.proactive

    def genre_row(label: str, g: GenreFigures) -> list[str]:
        return [label, str(g.issued), str(g.repealed), str(g.in_force)]

    rows = [
        [PROACTIVE_BLOCK_1, "", "", ""],
        [PROACTIVE_CONTENT, LABEL_ISSUED, LABEL_REPEALED, LABEL_IN_FORCE],
        genre_row(LABEL_RULES, p.rules),
        genre_row(LABEL_NORMATIVE, p.normative_documents),
        [PROACTIVE_BLOCK_5, "", "", ""],
        [PROACTIVE_CONTENT, LABEL_DECISIONS, "", ""],
        [LABEL_LICENSING, str(p.licensing), "", ""],
        [PROACTIVE_BLOCK_6, "", "", ""],
        [PROACTIVE_CONTENT, LABEL_DECISIONS, "", ""],
        [LABEL_PENALTY, str(p.penalty), "", ""],
        [LABEL_COERCION, str(p.coercion), "", ""],
        [PROACTIVE_BLOCK_8, "", "", ""],
        [PROACTIVE_CONTENT, LABEL_FEES_WAN, "", ""],
        [LABEL_ADMIN_FEES, format_wan(p.fees_wan), "", ""],
    ]
    spans = [(r, 0, r, 3) for r in (0, 4, 7, 11)]
    spans += [(r, 1, r, 3) for r in (5, 6, 8, 9, 10, 12, 13)]
    return Grid(rows, spans, [0.31, 0.23, 0.23, 0.23])


def applications_grid(report: AnnualReport) -> Grid:
    apps = report.applications
    rows: list[list[str]] = [[CHECK_NOTE, "", "", APPLICANT_HEADER] + [""] * 6]
    second, third = ["", "", ""], ["", "", ""]
    for code, label, parent in COLUMNS:
        if parent is None:
            second.append(label)
            third.append("")
        else:
            second.append(ORG_PARENT_LABEL if code == "commercial" else "")
            third.append(label)
    rows += [second, third]
    spans = [(0, 0, 2, 2), (0, 3, 0, 9), (1, 3, 2, 3), (1, 4, 1, 8), (1, 9, 2, 9)]
    header = len(rows)
    left: set[tuple[int, int]] = set()
    group_start: dict[str, int] = {}
    for i, code in enumerate(DATA_ROW_CODES):
        r = header + i
        label = ROW_BY_CODE[code].label
        numbers = [str(apps[code][c]) for c, _l, _p in COLUMNS]
        if code in ("1", "2", "4"):
            cells = [label, "", ""]
            spans.append((r, 0, r, 2))
            left.add((r, 0))
        elif code in ("3.1", "3.2", "3.7"):
            cells = [ROW_BY_CODE["3"].label if code == "3.1" else "", label, ""]
            spans.append((r, 1, r, 2))
            left.add((r, 1))
        else:
            group = code.rsplit(".", 1)[0]
            first = group not in group_start
            group_start.setdefault(group, r)
            cells = ["", ROW_BY_CODE[group].label if first else "", label]
            left.add((r, 2))
        rows.append(cells + numbers)
    first_result = header + DATA_ROW_CODES.index("3.1")
    last_result = header + DATA_ROW_CODES.index("3.7")
    spans.append((first_result, 0, last_result, 0))
    for group in GROUP_HEADER_ROWS:
        start = group_start[group]
        count = sum(1 for c in DATA_ROW_CODES if c.startswith(group + "."))
        spans.append((start, 1, start + count - 1, 1))
    data_w = 0.075
    widths = [0.09, 0.12, 1 - 0.21 - 7 * data_w] + [data_w] * 7
    return Grid(rows, spans, widths, header_rows=header, left=left)


def reviews_grid(report: AnnualReport) -> Grid:
    leaf = [label for _c, label in REVIEW_COLUMNS]
    review_label, direct_label, after_label = (label for _c, label in REVIEW_GROUPS)
    rows = [
        [review_label] + [""] * 4 + [REVIEW_PARENT_LITIGATION] + [""] * 9,
        leaf + [direct_label] + [""] * 4 + [after_label] + [""] * 4,
        [""] * 5 + leaf + leaf,
        [
            str(report.reviews_litigation[g][c])
            for g, _gl in REVIEW_GROUPS
            for c, _cl in REVIEW_COLUMNS
        ],
    ]
    spans = [(0, 0, 0, 4), (0, 5, 0, 14), (1, 5, 1, 9), (1, 10, 1, 14)]
    spans += [(1, i, 2, i) for i in range(5)]
    return Grid(rows, spans, [1 / 15] * 15, header_rows=3)
