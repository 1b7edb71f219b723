"""The catalogue (政府信息公开目录) as one self-contained web page."""

from __future__ import annotations

from html import escape

from disclosure_desk.domain.catalogue import HEADERS, Catalogue
from disclosure_desk.reports.annual_grid import Grid
from disclosure_desk.reports.html_common import grid_html, page


def render_catalogue_html(cat: Catalogue) -> str:
    rows = [list(HEADERS)] + [list(r.cells()) for r in cat.rows]
    n = len(HEADERS)
    left = {(r, c) for r in range(1, len(rows)) for c in (1, 8)}
    spans: list[tuple[int, int, int, int]] = []
    if not cat.rows:
        rows.append(["（没有符合条件的已发布信息。）"] + [""] * (n - 1))
        spans.append((1, 0, 1, n - 1))
    grid = Grid(rows, spans, [1 / n] * n, header_rows=1, left=left)
    body = "\n".join(
        [
            f"<h1>{escape(cat.title)}</h1>",
            f'<p class="meta">生成日期：{cat.generated_on.isoformat()}　共 {len(cat.rows)} 条</p>',
            grid_html(grid),
        ]
    )
    return page(cat.title, body)
