"""PDF of the monthly monitoring sheet (一月一监测): one table of units, then what was late or missing.

Fits one page for a district of about thirty units; longer lists continue on the next page.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from disclosure_desk.domain.duties import MonitorSheet
from disclosure_desk.reports.common import PORTRAIT, Styles, build_pdf, frame_width, grid_style

HEADERS = ("单位", "应完成", "按时", "逾期完成", "未完成", "未到期", "按时完成率")


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text), style)


def rate_text(met: int, decided: int) -> str:
    return "—" if decided == 0 else f"{met / decided * 100:.1f}%"


def table_rows(sheet: MonitorSheet) -> list[list[str]]:
    """The unit table as text: the same cells in the PDF, the .docx and the window."""
    rows = []
    for line in sheet.lines:
        t = line.tally
        rows.append(
            [
                line.unit_name,
                str(t.due),
                str(t.met),
                str(t.late),
                str(t.missing),
                str(t.pending),
                rate_text(t.met, t.met + t.late + t.missing),
            ]
        )
    t = sheet.totals()
    rows.append(
        [
            "合计",
            str(t.due),
            str(t.met),
            str(t.late),
            str(t.missing),
            str(t.pending),
            rate_text(t.met, t.met + t.late + t.missing),
        ]
    )
    return rows


def problem_rows(sheet: MonitorSheet) -> list[list[str]]:
    out = []
    for unit, ob, state in sheet.state_rows():
        rule = sheet.rules.get(ob.rule_code)
        out.append(
            [
                unit,
                rule.name if rule else ob.rule_code,
                ob.subject,
                ob.ref,
                ob.due.isoformat(),
                ob.done_on.isoformat() if ob.done_on else "",
                state,
            ]
        )
    return out


def period_note(sheet: MonitorSheet) -> str:
    if sheet.complete:
        return f"统计范围：{sheet.year}年{sheet.month}月内到期的公开职责；按 {sheet.as_of:%Y-%m-%d} 的情况判断。"
    return (
        f"统计范围：{sheet.year}年{sheet.month}月内到期的公开职责（本月尚未结束，截至 "
        f"{sheet.as_of:%m-%d}）；未到期的职责不计入完成率。"
    )


def render_monitor(sheet: MonitorSheet) -> bytes:
    st = Styles()
    width = frame_width(PORTRAIT)
    story: list = [_p(sheet.title, st.title), _p(period_note(sheet), st.body)]
    c = st.cell_center
    rows = [[_p(h, c) for h in HEADERS]] + [[_p(r[0], st.cell), *r[1:]] for r in table_rows(sheet)]
    widths = [width * 0.34] + [width * 0.11] * 6
    story.append(
        Table(
            rows,
            colWidths=widths,
            repeatRows=1,
            style=grid_style(
                st.font,
                9,
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
                    ("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f3f3")),
                ],
            ),
        )
    )
    problems = problem_rows(sheet)
    story.append(Spacer(1, 12))
    if not problems:
        story.append(_p("本月到期的公开职责均已按时完成。", st.body))
    else:
        heads = ("单位", "职责", "事项", "索引号/期间", "到期日", "完成日", "情况")
        prow = [[_p(h, c) for h in heads]] + [
            [
                _p(r[0], st.small),
                _p(r[1], st.small),
                _p(r[2], st.small),
                _p(r[3], st.small),
                r[4],
                r[5],
                r[6],
            ]
            for r in problems
        ]
        pw = [0.14, 0.14, 0.25, 0.19, 0.1, 0.1, 0.08]
        story.append(KeepTogether([_p("逾期和未完成的职责", st.heading)]))
        story.append(
            Table(
                prow,
                colWidths=[width * f for f in pw],
                repeatRows=1,
                style=grid_style(st.font, 7.5),
            )
        )
    story.append(Spacer(1, 10))
    for note in sheet.notes:
        story.append(_p(note, st.body))
    story.append(
        _p(
            "职责依据：" + "；".join(f"{r.name}——{r.source}" for r in sheet.rules.values()),
            st.small,
        )
    )
    return build_pdf(story, sheet.title)
