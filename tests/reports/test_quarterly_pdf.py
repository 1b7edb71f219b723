"""Quarterly sheet PDF: landscape A4, CJK text extractable, figures, comparison and ranking."""

from __future__ import annotations

import datetime as dt
import io

import pdfplumber
from pypdf import PdfReader

from disclosure_desk.domain.quarterly import (
    METRICS,
    QuarterFigures,
    QuarterlySummary,
    UnitFigures,
    quarter_bounds,
    rank_units,
)
from disclosure_desk.reports.quarterly_pdf import render_quarterly, title_of


def _quarter(year: int, q: int, scale: int) -> QuarterFigures:
    start, end = quarter_bounds(year, q)
    units = [
        UnitFigures(
            1,
            "EDU",
            "区教育局",
            items_registered=10 * scale,
            items_published=9 * scale,
            proactive_overdue=3,
            apps_received=4 * scale,
            apps_replied=4,
            apps_overdue=1,
            outcomes={"3.1": 3, "3.2": 1, "3.3": 0, "3.4": 0, "3.5": 0, "3.6": 0},
        ),
        UnitFigures(
            2,
            "HEALTH",
            "区卫生健康委员会",
            items_registered=7,
            items_published=12,
            reviews_pending=2,
            reviews_returned=1,
            apps_received=2,
            apps_replied=2,
        ),
    ]
    return QuarterFigures(f"{year}年第{q}季度", start, end, end, units)


def _summary() -> QuarterlySummary:
    cur, prev = _quarter(2025, 2, 2), _quarter(2025, 1, 1)
    trend = [_quarter(2024, 3, 1), _quarter(2024, 4, 1), prev, cur]
    return QuarterlySummary(
        2025,
        2,
        None,
        "青山区人民政府",
        "青山区人民政府",
        cur,
        prev,
        rank_units(cur),
        dt.date(2025, 7, 3),
        trend,
    )


def test_ranking_rule() -> None:
    ranking = rank_units(_summary().current)
    assert [r.unit_name for r in ranking] == ["区卫生健康委员会", "区教育局"]
    assert ranking[1].overdue == 4 and ranking[0].rank == 1


def test_pdf_is_landscape_and_carries_the_figures() -> None:
    pdf = render_quarterly(_summary())
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = "".join("".join((p.extract_text() or "").split()) for p in doc.pages)
        tables = [t for p in doc.pages for t in p.extract_tables()]
    assert title_of(_summary()) in text
    assert "青山区人民政府2025年第2季度政务公开工作调度表" in text
    for _m, label in METRICS:
        assert label in text
    for word in (
        "近四个季度趋势",
        "各单位发布信息数",
        "单位排名",
        "名次",
        "区卫生健康委员会",
        "制表单位（盖章）",
        "2025年第1季度",
    ):
        assert word in text, word
    comparison = next(t for t in tables if t[0][0] == "事项")
    published = next(r for r in comparison if r[0] == "发布信息")
    assert published[1:] == ["30", "21", "+9", "+42.9%"]
    per_unit = next(t for t in tables if t[0][0] == "单位")
    edu = next(r for r in per_unit if r[0] == "区教育局")
    assert edu[1:4] == ["20", "18", "3"]
    ranking = next(t for t in tables if t[0][0] == "名次")
    assert ranking[1][:3] == ["1", "区卫生健康委员会", "0"]
