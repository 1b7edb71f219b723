"""Chinese line breaking (禁则) and a paragraph flowable that applies it, plus page-number canvases.

reportlab's own CJK wrapping lets a line start with "，" or end with "（" (it knows only a few
Japanese marks). Here text is cut into clusters that may not be separated — an opening mark with
what follows it, a closing mark with what precedes it, a Latin word or number, "——" and "……" —
and lines are filled greedily with whole clusters, so no line starts with a closing mark
(，。、；：？！）》” …) or ends with an opening one (（《“ …). Full lines are justified by spreading
the space left over between the characters. Each character is set in the style's font when that
face has the glyph, else in the 黑体-style fallback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from disclosure_desk.reports.fonts import font_for_char, register_fonts

# Marks that may not start a line (closing brackets and quotes, pauses, stops) …
NO_LINE_START = frozenset("，。、；：？！）》”’」』】〕〉］｝〗,.;:?!)]}%‰℃·・ー々")
# … and marks that may not end one (opening brackets and quotes).
NO_LINE_END = frozenset("（《“‘「『【〔〈［｛〖([{")

_TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.\-_/:@+][A-Za-z0-9]+)*|——|……|\s+|.", re.S)


def clusters(text: str) -> list[str]:
    """Text cut into pieces a line break may not enter (see the module docstring)."""
    out: list[str] = []
    pending = ""  # opening marks waiting for what they open
    for tok in _TOKEN.findall(text):
        if tok[0] in NO_LINE_START and out and not pending:
            out[-1] += tok
            continue
        tok = pending + tok
        pending = ""
        if tok[-1] in NO_LINE_END:
            pending = tok
            continue
        out.append(tok)
    if pending:
        out.append(pending)
    return out


def break_lines(
    text: str,
    measure: Callable[[str], float],
    width: float,
    first_indent: float = 0.0,
    indent_first: bool = True,
) -> list[tuple[str, bool]]:
    """Lines of ``text`` at ``width`` as (text, ends_paragraph); "\\n" starts a new paragraph
    (indented by ``first_indent``, except the very first when ``indent_first`` is false)."""
    lines: list[tuple[str, bool]] = []
    for n, hard in enumerate(text.split("\n")):
        avail = width - (first_indent if (n > 0 or indent_first) else 0.0)
        cur, cur_w = "", 0.0
        pieces = clusters(hard)
        i = 0
        while i < len(pieces):
            c = pieces[i]
            if not cur:
                c = c.lstrip()
                if not c:
                    i += 1
                    continue
            w = measure(c)
            if cur_w + w <= avail + 0.01:
                cur, cur_w = cur + c, cur_w + w
                i += 1
            elif cur:
                lines.append((cur.rstrip(), False))
                cur, cur_w, avail = "", 0.0, width
            else:
                # One cluster wider than the line (a long number or URL): cut it where it must.
                k = 1
                while k < len(c) and measure(c[: k + 1]) <= avail:
                    k += 1
                lines.append((c[:k], False))
                pieces[i] = c[k:]
                avail = width
        lines.append((cur.rstrip(), True))
    return lines


@lru_cache(maxsize=65536)
def _char_width(ch: str, font: str, size: float) -> float:
    return stringWidth(ch, font_for_char(font, ch), size)


def text_width(text: str, font: str, size: float) -> float:
    """Width of ``text`` with per-character fallback fonts."""
    return sum(_char_width(ch, font, size) for ch in text)


def font_runs(text: str, font: str) -> list[tuple[str, str]]:
    """(font, run) pieces: consecutive characters that share a face."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        f = font_for_char(font, ch)
        if runs and runs[-1][0] == f:
            runs[-1] = (f, runs[-1][1] + ch)
        else:
            runs.append((f, ch))
    return runs


def draw_text(
    canv: Canvas, x: float, y: float, text: str, font: str, size: float, char_space: float = 0
) -> None:
    """Draw one line at baseline ``y`` with per-character fallback fonts."""
    t = canv.beginText(x, y)
    t.setCharSpace(char_space)
    for f, run in font_runs(text, font):
        t.setFont(f, size)
        t.textOut(run)
    canv.drawText(t)


class CJKParagraph(Flowable):
    """A plain-text paragraph laid out with 禁则 line breaking (no reportlab markup)."""

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        *,
        indent_first: bool = True,
        last_is_full: bool = False,
    ) -> None:
        super().__init__()
        register_fonts()
        self.text = text
        self.style = style
        self.indent_first = indent_first
        self.last_is_full = last_is_full  # a piece split off before the paragraph's end
        self._lines: list[tuple[str, bool]] = []
        self.width = 0.0
        self.height = 0.0

    # -- geometry -------------------------------------------------------------------------------
    def _measure(self, s: str) -> float:
        return text_width(s, self.style.fontName, self.style.fontSize)

    def _indent(self) -> float:
        return self.style.firstLineIndent if self.indent_first else 0.0

    def _layout(self, avail_width: float) -> list[tuple[str, bool]]:
        inner = avail_width - self.style.leftIndent - self.style.rightIndent
        return break_lines(
            self.text, self._measure, max(inner, 1.0), self.style.firstLineIndent, self.indent_first
        )

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._lines = self._layout(availWidth)
        self.width = availWidth
        self.height = len(self._lines) * self.style.leading
        return self.width, self.height

    def minWidth(self) -> float:
        widest = max((self._measure(c) for c in clusters(self.text)), default=0.0)
        return widest + self._indent() + self.style.leftIndent + self.style.rightIndent

    def getSpaceBefore(self) -> float:
        return self.style.spaceBefore

    def getSpaceAfter(self) -> float:
        return self.style.spaceAfter

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._layout(availWidth)
        fit = int((availHeight + 0.01) // self.style.leading)
        if fit >= len(lines):
            return [self]
        if fit < 2 or len(lines) - fit < 2:  # no widow or orphan line
            fit = min(fit, len(lines) - 2)
            if fit < 2:
                return []
        head = "".join(t + ("\n" if end else "") for t, end in lines[:fit]).rstrip("\n")
        tail = "".join(t + ("\n" if end else "") for t, end in lines[fit:]).rstrip("\n")
        first = CJKParagraph(head, self.style, indent_first=self.indent_first, last_is_full=True)
        rest = CJKParagraph(tail, self.style, indent_first=lines[fit - 1][1])
        return [first, rest]

    def split_tail(self, width: float, keep: int = 2) -> list[CJKParagraph]:
        """[head, tail] where tail holds the last ``keep`` lines at ``width`` (to keep them with
        what follows, e.g. a signature), or [self] when the paragraph is that short."""
        lines = self._layout(width)
        if len(lines) <= keep:
            return [self]
        pieces = self.split(width, (len(lines) - keep) * self.style.leading)
        return pieces if len(pieces) == 2 else [self]

    # -- drawing --------------------------------------------------------------------------------
    def draw(self) -> None:
        st = self.style
        canv = self.canv
        size, leading = st.fontSize, st.leading
        inner = self.width - st.leftIndent - st.rightIndent
        canv.setFillColor(st.textColor)
        for i, (line, ends) in enumerate(self._lines):
            starts = (i == 0 and self.indent_first) or (i > 0 and self._lines[i - 1][1])
            indent = st.firstLineIndent if starts else 0.0
            avail = inner - indent
            w = self._measure(line)
            x = st.leftIndent + indent
            space = 0.0
            last = ends and not (self.last_is_full and i == len(self._lines) - 1)
            if st.alignment == TA_CENTER:
                x += (avail - w) / 2
            elif st.alignment == TA_RIGHT:
                x += avail - w
            elif st.alignment == TA_JUSTIFY and not last and len(line) > 1:
                space = max(0.0, (avail - w) / (len(line) - 1))
            # Baseline: the glyphs sit centred in the line box (CJK faces ascend ~0.88 em).
            y = self.height - i * leading - (leading - size) / 2 - size * 0.88
            draw_text(canv, x, y, line, st.fontName, size, space)


def numbered_canvas(
    label: Callable[[int, int], str],
    font: Callable[[], str],
    size: float,
    place: Callable[[int, float, float], tuple[float, float, str]],
) -> type[Canvas]:
    """A canvas class that prints page numbers once the page count is known.

    ``label(page, total)`` is the text; ``place(page, width, text_width)`` gives (x, y, align).
    """

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                text = label(self._pageNumber, total)
                f = font()
                w = text_width(text, f, size)
                x, y, _align = place(self._pageNumber, self._pagesize[0], w)
                self.saveState()
                draw_text(self, x, y, text, f, size)
                self.restoreState()
                Canvas.showPage(self)
            Canvas.save(self)

    return NumberedCanvas
