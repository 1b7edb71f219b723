"""Self-contained HTML pages (inline CSS, no scripts, no external files) for the 政府信息公开专栏."""

from __future__ import annotations

from html import escape

from disclosure_desk.reports.annual_grid import Grid

CSS = """
body { font-family: "FangSong", "仿宋", "STFangsong", "SimSun", "宋体", serif; font-size: 16px;
       line-height: 1.8; color: #222; max-width: 960px; margin: 2em auto; padding: 0 1em; }
h1 { font-family: "SimHei", "黑体", "Microsoft YaHei", sans-serif; font-size: 24px;
     text-align: center; font-weight: normal; margin: 1em 0; }
h2 { font-family: "SimHei", "黑体", "Microsoft YaHei", sans-serif; font-size: 18px;
     font-weight: normal; margin: 1.4em 0 .6em; }
p { text-indent: 2em; margin: .3em 0; text-align: justify; line-break: strict; }
p.sign { text-indent: 0; text-align: right; }
table { border-collapse: collapse; width: 100%; margin: .6em 0; font-size: 13px;
        line-height: 1.4; line-break: strict; }
th, td { border: 1px solid #333; padding: 3px 4px; text-align: center; vertical-align: middle; }
td.left { text-align: left; }
td.num { font-variant-numeric: tabular-nums; }
.meta { text-align: center; color: #555; font-size: 14px; text-indent: 0; }
"""


def page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


def grid_html(grid: Grid) -> str:
    """A grid as a table with rowspan/colspan; header rows as <thead>."""
    covered = grid.covered()
    starts = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, c0, r1, c1 in grid.spans}
    out = ["<table>"]
    for r, row in enumerate(grid.cells):
        if r == 0 and grid.header_rows:
            out.append("<thead>")
        if r == grid.header_rows and grid.header_rows:
            out.append("</thead><tbody>")
        tag = "th" if r < grid.header_rows else "td"
        cells = []
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            attrs = ""
            rs, cs = starts.get((r, c), (1, 1))
            if rs > 1:
                attrs += f' rowspan="{rs}"'
            if cs > 1:
                attrs += f' colspan="{cs}"'
            if (r, c) in grid.left:
                attrs += ' class="left"'
            elif text.replace(".", "", 1).isdigit():
                attrs += ' class="num"'
            cells.append(f"<{tag}{attrs}>{escape(text)}</{tag}>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    if grid.header_rows:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def paragraphs(lines: list[str], cls: str = "") -> str:
    attr = f' class="{cls}"' if cls else ""
    return "\n".join(f"<p{attr}>{escape(line)}</p>" for line in lines)
