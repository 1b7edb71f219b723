"""PDF of the quarterly summary ("一季一调度" sheet): headline comparison with the previous
quarter, charts drawn with reportlab.graphics, the per-unit table and the ranking.

Landscape A4 so the per-unit table (15 columns) fits without shrinking the CJK text.
"""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from disclosure_desk.domain.quarterly import (
    METRICS,
    OUTCOME_GROUPS,
    QuarterlySummary,
    change,
)
from disclosure_desk.reports.common import (
    LANDSCAPE,
    Styles,
    build_pdf,
    frame_width,
    grid_style,
    para,
)

CURRENT_COLOR = colors.HexColor("#2f6db5")
PREVIOUS_COLOR = colors.HexColor("#b0b8c4")
LINE_COLORS = (colors.HexColor("#2f6db5"), colors.HexColor("#d9822b"), colors.HexColor("#c23b22"))


def title_of(s: QuarterlySummary) -> str:
    return f"{s.unit_name}{s.current.shown_label}政务公开工作调度表"


def _p(text: str, style) -> Paragraph:
    return para(text, style)


def _comparison(s: QuarterlySummary, st: Styles) -> Table:
    c = st.cell_center
    comparable = s.current.complete  # a running quarter is not compared with a whole one
    rows: list[list[object]] = [
        [_p(h, c) for h in ("事项", s.current.shown_label, s.previous.label, "增减", "变化率")]
    ]
    for metric, label in METRICS:
        now, before = s.current.total(metric), s.previous.total(metric)
        rows.append([_p(label, c), str(now), str(before), *change(now, before, comparable)])
    for group, label in OUTCOME_GROUPS:
        now, before = s.current.outcome_total(group), s.previous.outcome_total(group)
        rows.append(
            [_p(f"答复：{label}", c), str(now), str(before), *change(now, before, comparable)]
        )
    w = frame_width(LANDSCAPE) * 0.42
    return Table(
        rows,
        colWidths=[w * 0.32, w * 0.2, w * 0.2, w * 0.14, w * 0.14],
        style=grid_style(
            st.font, 8.5, [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3"))]
        ),
    )


def _legend(font: str, x: float, y: float, pairs) -> Legend:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = font, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.dx = legend.dy = 8
    legend.deltax = 75
    legend.colorNamePairs = pairs
    return legend


def _bar_chart(s: QuarterlySummary, font: str, width: float) -> Drawing:
    units = sorted(s.current.units, key=lambda u: -u.items_published)[:15]
    prev = {u.unit_id: u.items_published for u in s.previous.units}
    height = 40 + 15 * max(1, len(units))
    d = Drawing(width, height + 30)
    d.add(String(0, height + 18, "各单位发布信息数（前 15 名）", fontName=font, fontSize=10))
    chart = HorizontalBarChart()
    chart.x, chart.y = 95, 20
    chart.width, chart.height = width - 110, height - 20
    names = [u.name for u in reversed(units)] or ["—"]
    chart.data = [
        [prev.get(u.unit_id, 0) for u in reversed(units)] or [0],
        [u.items_published for u in reversed(units)] or [0],
    ]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = PREVIOUS_COLOR
    chart.bars[1].fillColor = CURRENT_COLOR
    chart.bars.strokeWidth = 0
    chart.barSpacing = 0.5
    chart.groupSpacing = 3
    d.add(chart)
    d.add(
        _legend(
            font,
            width - 150,
            height + 22,
            [(PREVIOUS_COLOR, s.previous.label), (CURRENT_COLOR, s.current.label)],
        )
    )
    return d


def _line_chart(s: QuarterlySummary, font: str, width: float) -> Drawing:
    height = 150
    d = Drawing(width, height + 30)
    d.add(String(0, height + 18, "近四个季度趋势", fontName=font, fontSize=10))
    chart = HorizontalLineChart()
    chart.x, chart.y = 40, 25
    chart.width, chart.height = width - 60, height - 30
    series = (
        ("items_published", "发布信息"),
        ("apps_received", "收到申请"),
        ("apps_replied", "办结申请"),
    )
    chart.data = [[q.total(m) for q in s.trend] for m, _l in series]
    chart.categoryAxis.categoryNames = [q.label.replace("年第", "年\n第") for q in s.trend]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.leading = 9
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    for i, color in enumerate(LINE_COLORS):
        chart.lines[i].strokeColor = color
        chart.lines[i].strokeWidth = 1.5
    d.add(chart)
    d.add(
        _legend(
            font,
            width - 3 * 75,
            height + 22,
            [(c, label) for c, (_m, label) in zip(LINE_COLORS, series, strict=True)],
        )
    )
    return d


def _unit_table(s: QuarterlySummary, st: Styles) -> Table:
    sc = st.small_center
    head = ["单位"] + [label for _m, label in METRICS] + [label for _g, label in OUTCOME_GROUPS]
    rows: list[list[object]] = [[_p(h, sc) for h in head]]
    for u in s.current.units:
        rows.append(
            [_p(u.name, st.small)]
            + [str(u.value(m)) for m, _l in METRICS]
            + [str(u.outcomes[g]) for g, _l in OUTCOME_GROUPS]
        )
    for fig, label in ((s.current, "本季度合计"), (s.previous, "上季度合计")):
        rows.append(
            [_p(label, st.small)]
            + [str(fig.total(m)) for m, _l in METRICS]
            + [str(fig.outcome_total(g)) for g, _l in OUTCOME_GROUPS]
        )
    width = frame_width(LANDSCAPE)
    name_w = 52 * mm
    data_w = (width - name_w) / (len(head) - 1)
    extra = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
        ("BACKGROUND", (0, -2), (-1, -1), colors.HexColor("#f4f6f9")),
    ]
    return Table(
        rows,
        colWidths=[name_w] + [data_w] * (len(head) - 1),
        repeatRows=1,
        style=grid_style(st.font, 8, extra),
    )


def _ranking(s: QuarterlySummary, st: Styles) -> Table:
    c = st.cell_center
    rows: list[list[object]] = [
        [_p(h, c) for h in ("名次", "单位", "超期事项", "发布信息", "办结申请")]
    ]
    for r in s.ranking:
        rows.append(
            [
                str(r.rank),
                _p(r.unit_name, st.cell),
                str(r.overdue),
                str(r.published),
                str(r.replied),
            ]
        )
    w = frame_width(LANDSCAPE) * 0.6
    return Table(
        rows,
        colWidths=[w * 0.1, w * 0.45, w * 0.15, w * 0.15, w * 0.15],
        repeatRows=1,
        style=grid_style(
            st.font, 8.5, [("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3"))]
        ),
    )


def render_quarterly(s: QuarterlySummary) -> bytes:
    """Render the quarterly sheet as PDF bytes (landscape A4, embedded CJK font)."""
    st = Styles()
    width = frame_width(LANDSCAPE)
    title = title_of(s)
    period = (
        f"统计期间：{s.current.start.isoformat()} 至 {s.current.end.isoformat()}；"
        f"超期数截至 {s.current.as_of.isoformat()}；生成日期：{s.generated_on.isoformat()}。"
    )
    if not s.current.complete:
        period += f"本季度尚未结束，数字截至 {s.current.as_of:%m-%d}，不与上季度作增减比较。"
    side = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
    overview = Table(
        [[_comparison(s, st), _line_chart(s, st.font, width * 0.54)]],
        colWidths=[width * 0.44, width * 0.56],
        style=side,
    )
    note = (
        "说明：各单位数字只含本单位登记的记录；“主动公开超期”指成文（或变更）后 20 个工作日内"
        "未公开的主动公开信息（条例第二十六条）；“申请超期”指答复晚于法定期限或到期未答复的申请。"
        "排名依据：超期事项（主动公开超期＋申请超期）少者在前，相同时发布信息多者在前。"
    )
    story: list[Flowable] = [
        para(title, st.title),
        _p(period, st.cell),
        Spacer(1, 3 * mm),
        _p("一、总体情况（与上季度比较）", st.heading),
        overview,
        Spacer(1, 3 * mm),
        KeepTogether([_p("二、各单位发布信息", st.heading), _bar_chart(s, st.font, width * 0.8)]),
        _p("三、各单位情况", st.heading),
        _unit_table(s, st),
        _p(note, st.cell),
        KeepTogether([_p("四、单位排名", st.heading), _ranking(s, st)]),
        Spacer(1, 8 * mm),
        Table(
            [
                [
                    _p("制表单位（盖章）：____________", st.cell),
                    _p("制表人：__________", st.cell),
                    _p("审核人：__________", st.cell),
                    _p("日期：____年__月__日", st.cell),
                ]
            ],
            colWidths=[width * 0.3, width * 0.23, width * 0.23, width * 0.24],
        ),
    ]
    return build_pdf(story, title=title, author=s.agency_name, landscape_pages=True)
