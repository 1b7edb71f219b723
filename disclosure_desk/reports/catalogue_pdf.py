"""PDF of the catalogue (政府信息公开目录): landscape A4, one row per published item, the
header repeated on every page."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from disclosure_desk.domain.catalogue import HEADERS, Catalogue
from disclosure_desk.reports.common import (
    LANDSCAPE,
    Styles,
    build_pdf,
    frame_width,
    grid_style,
    para,
)

# 索引号, 名称, 文号, 发布机构, 生成日期, 发布日期, 主题分类, 体裁, 内容概述 — fractions of the width.
SHARES = (0.11, 0.18, 0.09, 0.09, 0.06, 0.06, 0.075, 0.05, 0.17, 0.115)
SUMMARY_LIMIT = 120  # characters of 内容概述 printed; the .xlsx carries the full text


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return para(text, style)


def render_catalogue(cat: Catalogue) -> bytes:
    """Render the catalogue as PDF bytes (landscape A4, embedded CJK font)."""
    st = Styles()
    cell = ParagraphStyle("cat", parent=st.small, fontSize=7, leading=9)
    head = ParagraphStyle("cat_head", parent=st.small_center, fontSize=7.5, leading=9.5)
    rows: list[list[object]] = [[_p(h, head) for h in HEADERS]]
    for r in cat.rows:
        values = list(r.cells())
        if len(values[8]) > SUMMARY_LIMIT:
            values[8] = values[8][:SUMMARY_LIMIT] + "……"
        rows.append([_p(v, cell) for v in values])
    if not cat.rows:
        rows.append([_p("（没有符合条件的已发布信息。）", cell)] + [""] * (len(HEADERS) - 1))
    width = frame_width(LANDSCAPE)
    extra = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8edf3")),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("ALIGN", (0, 1), (-1, -1), "LEFT"),
    ]
    if not cat.rows:
        extra.append(("SPAN", (0, 1), (-1, 1)))
    story: list[Flowable] = [
        para((cat.title), st.title),
        _p(f"生成日期：{cat.generated_on.isoformat()}　共 {len(cat.rows)} 条", st.cell),
        Table(
            rows,
            colWidths=[width * s for s in SHARES],
            repeatRows=1,
            style=grid_style(st.font, 7, extra),
            spaceBefore=3 * mm,
        ),
    ]
    return build_pdf(story, title=cat.title, author=cat.agency_name, landscape_pages=True)
