"""保密审查呈批单: the printed secrecy-review sign-off sheet of one item (A4, embedded CJK font).

Takes a plain ``ReviewFormData`` (built by services.reviews_query) and lays out the item's
metadata, the scan summary, the reviewer's decision and the signature and date lines.
Findings are printed in their masked form: the sheet circulates on paper and must not itself
spread the personal data it is about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from disclosure_desk.reports.common import Styles, build_pdf, frame_width, grid_style, para

TITLE = "政府信息公开保密审查呈批单"
MAX_LISTED_FINDINGS = 40


@dataclass(frozen=True)
class FormFinding:
    source: str
    kind_label: str
    severity_label: str
    masked: str
    override_reason: str = ""


@dataclass(frozen=True)
class ReviewFormData:
    agency: str
    index_no: str
    title: str
    doc_no: str
    unit_name: str
    publisher: str
    disclosure: str
    secrecy: str
    formed_on: dt.date | None
    channels: str
    drafter: str
    submitted_at: dt.datetime | None
    status: str
    counts: dict[str, int] = field(default_factory=dict)  # severity → open findings
    findings: tuple[FormFinding, ...] = ()
    coordinations: tuple[tuple[str, str], ...] = ()
    decision: str = ""
    comment: str = ""
    reviewer: str = ""
    decided_at: dt.datetime | None = None
    blockers: tuple[str, ...] = ()


def _d(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def render_review_form(data: ReviewFormData) -> bytes:
    st = Styles()
    width = frame_width()

    def p(text: str, style=st.cell) -> Paragraph:
        return para(text or "", style)

    story: list[Flowable] = [para(TITLE, st.title)]
    if data.agency:
        story.append(para(f"填报单位：{data.unit_name or data.agency}", st.small))
        story.append(Spacer(1, 2 * mm))

    label_w = 24 * mm
    half = (width - 2 * label_w) / 2
    meta = [
        [p("信息标题"), p(data.title), "", ""],
        [p("索引号"), p(data.index_no), p("文号"), p(data.doc_no or "无")],
        [p("发布机构"), p(data.publisher), p("成文日期"), p(_d(data.formed_on))],
        [p("公开属性"), p(data.disclosure), p("密级"), p(data.secrecy)],
        [
            p("拟公开渠道"),
            p((data.channels or "政府网站").replace(",", "、")),
            p("当前状态"),
            p(data.status),
        ],
        [p("起草人"), p(data.drafter), p("提交审查日期"), p(_d(data.submitted_at))],
    ]
    t = Table(meta, colWidths=[label_w, half, label_w, half])
    t.setStyle(
        grid_style(
            st.font,
            9,
            [
                ("SPAN", (1, 0), (3, 0)),
                ("ALIGN", (0, 0), (-1, -1), "LEFT"),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                ("BACKGROUND", (2, 1), (2, -1), colors.whitesmoke),
            ],
        )
    )
    story += [t, para("一、自动审查结果", st.heading)]

    block, warn, info = (data.counts.get(k, 0) for k in ("block", "warn", "info"))
    overridden = sum(1 for f in data.findings if f.override_reason)
    summary = (
        f"共发现 {block + warn + info} 处：禁止发布 {block} 处（其中已填写放行理由 {overridden} 处），"
        f"需要复核 {warn} 处，提示 {info} 处。"
    )
    if not data.findings:
        summary = "未发现个人信息、密级标志、草稿标志或敏感词。"
    story.append(para(summary, st.body))
    if data.findings:
        rows = [[p("序号"), p("位置"), p("类别"), p("级别"), p("内容（已脱敏）"), p("放行理由")]]
        for i, f in enumerate(data.findings[:MAX_LISTED_FINDINGS], 1):
            rows.append(
                [
                    p(str(i)),
                    p(f.source),
                    p(f.kind_label),
                    p(f.severity_label),
                    p(f.masked),
                    p(f.override_reason),
                ]
            )
        col = [10 * mm, 22 * mm, 24 * mm, 18 * mm]
        rest = width - sum(col)
        ft = Table(rows, colWidths=[*col, rest * 0.45, rest * 0.55], repeatRows=1)
        ft.setStyle(grid_style(st.font, 8, [("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]))
        story.append(ft)
        if len(data.findings) > MAX_LISTED_FINDINGS:
            more = len(data.findings) - MAX_LISTED_FINDINGS
            story.append(para(f"另有 {more} 处未列出，详见系统记录。", st.small))

    story.append(para("二、发布协调情况", st.heading))
    if data.coordinations:
        text = "；".join(f"{name}：{answer}" for name, answer in data.coordinations) + "。"
    else:
        text = "本信息不涉及其他机关，无需发布协调。"
    story.append(para(text, st.body))

    story.append(para("三、审查意见", st.heading))
    decision = [
        [p("审查结论"), p(data.decision), p("审查日期"), p(_d(data.decided_at))],
        [p("审查意见"), p(data.comment or ""), "", ""],
        [
            p("审查人"),
            p(data.reviewer),
            p("发布前检查"),
            p("均已满足" if not data.blockers else "尚有 %d 项未满足" % len(data.blockers)),
        ],
    ]
    dtable = Table(
        decision, colWidths=[label_w, half, label_w, half], rowHeights=[None, 18 * mm, None]
    )
    dtable.setStyle(
        grid_style(
            st.font,
            9,
            [
                ("SPAN", (1, 1), (3, 1)),
                ("ALIGN", (0, 0), (-1, -1), "LEFT"),
                ("VALIGN", (1, 1), (1, 1), "TOP"),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
                ("BACKGROUND", (2, 0), (2, 0), colors.whitesmoke),
                ("BACKGROUND", (2, 2), (2, 2), colors.whitesmoke),
            ],
        )
    )
    story.append(dtable)
    if data.blockers:
        story.append(Spacer(1, 2 * mm))
        for b in data.blockers:
            story.append(para("· " + b, st.small))

    story += [Spacer(1, 8 * mm), _signatures(st, width)]
    return build_pdf(story, title=f"{TITLE}（{data.index_no}）", author=data.agency)


def _signatures(st: Styles, width: float) -> Table:
    """Blank lines for hand signatures: drafter, reviewer, responsible leader."""
    roles = ("起草人（签字）", "审查人（签字）", "主管领导（签字）")
    # A plain cell string keeps its spaces (a Paragraph would collapse the blanks to fill in).
    date_line = "日期：" + " " * 10 + "年" + " " * 6 + "月" + " " * 6 + "日"
    rows = [[para(r, st.cell), "", date_line] for r in roles]
    t = Table(rows, colWidths=[32 * mm, width - 32 * mm - 55 * mm, 55 * mm], rowHeights=14 * mm)
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.font, 9),
                ("LINEBELOW", (1, 0), (1, -1), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LEFTPADDING", (2, 0), (2, -1), 8),
            ]
        )
    )
    return t
