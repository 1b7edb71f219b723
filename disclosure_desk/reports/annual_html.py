"""The annual report as one self-contained web page for the 政府信息公开专栏 (same grids as the PDF)."""

from __future__ import annotations

from html import escape

from disclosure_desk.domain.annual import AnnualReport
from disclosure_desk.reports.annual_grid import (
    applications_grid,
    closing_lines,
    headings,
    intro_sentence,
    narrative_lines,
    proactive_grid,
    report_title,
    reviews_grid,
    signature_lines,
)
from disclosure_desk.reports.annual_pdf import ensure_consistent
from disclosure_desk.reports.html_common import grid_html, page, paragraphs


def render_annual_html(report: AnnualReport) -> str:
    ensure_consistent(report, "网页")
    h = headings()
    title = report_title(report)
    agency, date_text = signature_lines(report)
    parts = [
        f"<h1>{escape(title)}</h1>",
        paragraphs([intro_sentence(report)]),
        f"<h2>{escape(h['overview'])}</h2>",
        paragraphs(narrative_lines(report, "overview")),
        f"<h2>{escape(h['proactive'])}</h2>",
        grid_html(proactive_grid(report)),
        f"<h2>{escape(h['applications'])}</h2>",
        grid_html(applications_grid(report)),
        f"<h2>{escape(h['reviews'])}</h2>",
        grid_html(reviews_grid(report)),
        f"<h2>{escape(h['problems'])}</h2>",
        paragraphs(narrative_lines(report, "problems")),
        f"<h2>{escape(h['other'])}</h2>",
        paragraphs(closing_lines(report)),
        paragraphs([agency, date_text], "sign"),
    ]
    return page(title, "\n".join(parts))
