"""Letters of an application case as PDF and .docx (接收回执, 补正告知书, 延期答复告知书, 征询函, 收费通知书, 答复书).

The wording lives in ``disclosure_desk/resources/templates/letters/<kind>.txt`` so an administrator can adapt
it: first line = title, blank lines separate paragraphs, "|" starts the addressee line, ">" the
signature lines (name, date) and "~" the note (contact details). ``{name}`` placeholders are filled from
``LetterData.fields``, a plain mapping the service builds from the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer

from disclosure_desk.domain.errors import DeskError, InputError
from disclosure_desk.domain.letter_wording import name_regulation_in_full
from disclosure_desk.package_data import resources_dir
from disclosure_desk.reports.cjk import CJKParagraph, text_width
from disclosure_desk.reports.common import LETTER_AREA, build_letter_pdf
from disclosure_desk.reports.fonts import HEI, SONG, register_fonts

LETTER_KINDS: dict[str, str] = {
    "receipt": "接收回执",
    "correction": "补正告知书",
    "extension": "延期答复告知书",
    "consultation": "第三方意见征询函",
    "fee_notice": "收费通知书",
    "reply_open": "答复书（公开）",
    "reply_partial": "答复书（部分公开）",
    "reply_withhold": "答复书（不予公开）",
    "reply_unavailable": "答复书（无法提供）",
    "reply_not_processed": "告知书（不予处理）",
    "reply_other": "告知书（其他处理）",
}

# 行政复议法 (2023 revision) took effect on this day: 复议前置 for 不予公开 decisions.
REVIEW_FIRST_SINCE = date(2024, 1, 1)


def cn_date(d: date | None) -> str:
    """2025年10月21日 (no leading zeros), as dates are written in official letters."""
    return f"{d.year}年{d.month}月{d.day}日" if d is not None else "（未定）"


def remedies_text(letter_group: str, reply_on: date, review_body: str) -> str:
    """The remedy notice a reply letter must print (domain-facts §2.16)."""
    withheld = letter_group in ("withhold", "partial")
    if withheld and reply_on >= REVIEW_FIRST_SINCE:
        return (
            f"如对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议。"
            "根据《中华人民共和国行政复议法》第二十三条第一款第（四）项的规定，对不予公开决定不服的，"
            "应当先申请行政复议；对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内"
            "依法向人民法院提起行政诉讼。"
        )
    return (
        f"如对本答复不服，可以自收到本答复之日起六十日内向{review_body}申请行政复议，"
        "或者自收到本答复之日起六个月内依法向人民法院提起行政诉讼。"
    )


@dataclass(frozen=True)
class LetterData:
    """What one letter needs: its kind, and the placeholder values as display strings."""

    kind: str
    fields: Mapping[str, str] = field(default_factory=dict)


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        raise InputError(
            "文书模板中的占位符 {{{key}}} 无法识别，请管理员核对模板文件（可用名称见 README.txt）。",
            key=key,
        )


def template_path(kind: str) -> Path:
    return resources_dir() / "templates" / "letters" / f"{kind}.txt"


def load_template(kind: str) -> str:
    if kind not in LETTER_KINDS:
        raise InputError("未知的文书种类“{kind}”。", kind=kind)
    path = template_path(kind)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DeskError(
            "无法读取文书模板 {path}：{problem}", path=path, problem=exc.strerror or exc
        ) from None


def fill_template(text: str, fields: Mapping[str, str]) -> tuple[str, list[str]]:
    """(title, paragraphs) with placeholders filled; InputError for an unknown placeholder."""
    try:
        filled = text.format_map(_Fields(fields))
    except (ValueError, IndexError) as exc:
        raise InputError("文书模板格式有误（花括号不成对？）：{exc}", exc=exc) from None
    blocks = [b.strip() for b in filled.replace("\r\n", "\n").split("\n\n")]
    blocks = [b for b in blocks if b]
    if not blocks:
        raise InputError("文书模板是空的。")
    title, *paras = blocks
    # A block may hold several ">" lines (signature and date): keep them as separate paragraphs.
    out: list[str] = []
    for block in paras:
        lines = block.split("\n")
        if all(line.startswith((">", "~")) for line in lines):
            out.extend(lines)
        else:
            out.append(" ".join(line.strip() for line in lines))
    return title, out


@dataclass(frozen=True)
class LetterBlock:
    """One laid-out piece of a letter: kind ∈ title, number, addressee, body, sign, note."""

    kind: str
    text: str


def letter_blocks(data: LetterData) -> list[LetterBlock]:
    """The filled template as typed blocks, the regulation named in full at its first mention."""
    title, paras = fill_template(load_template(data.kind), data.fields)
    paras = name_regulation_in_full(paras)
    blocks = [LetterBlock("title", title)]
    number = data.fields.get("number", "\0")
    for text in paras:
        if text.startswith(">"):
            blocks.append(LetterBlock("sign", text[1:].strip()))
        elif text.startswith("~"):
            blocks.append(LetterBlock("note", text[1:].strip()))
        elif text.startswith("|"):
            blocks.append(LetterBlock("addressee", text[1:].strip()))
        elif text.startswith("编号") or text.startswith(number):
            blocks.append(LetterBlock("number", text))
        else:
            blocks.append(LetterBlock("body", text))
    return blocks


# GB/T 9704-2012: title 2号 (22 pt) 小标宋-style, body 3号 (16 pt), 22 lines on the 225 mm area.
TITLE_PT = 22
BODY_PT = 16
LINE_PT = 225 * mm / 22


def render_letter(data: LetterData) -> bytes:
    """The letter as PDF bytes: GB/T 9704 layout, embedded serif body and 黑体-style title."""
    blocks = letter_blocks(data)
    register_fonts()
    body = ParagraphStyle(
        "lbody",
        fontName=SONG,
        fontSize=BODY_PT,
        leading=LINE_PT,
        firstLineIndent=2 * BODY_PT,
        alignment=TA_JUSTIFY,
    )
    title = ParagraphStyle(
        "ltitle", fontName=HEI, fontSize=TITLE_PT, leading=TITLE_PT * 1.45, alignment=TA_CENTER
    )
    number = ParagraphStyle("lnumber", parent=body, firstLineIndent=0, alignment=TA_CENTER)
    plain = ParagraphStyle("laddr", parent=body, firstLineIndent=0)
    note = ParagraphStyle("lnote", parent=body)
    story: list[Flowable] = []
    signs = [b.text for b in blocks if b.kind == "sign"]
    notes = [b.text for b in blocks if b.kind == "note"]
    closing: list[Flowable] = []
    for b in blocks:
        if b.kind == "title":
            story += [CJKParagraph(b.text, title), Spacer(1, LINE_PT * 0.5)]
        elif b.kind == "number":
            story += [CJKParagraph(b.text, number), Spacer(1, LINE_PT * 0.5)]
        elif b.kind == "addressee":
            story.append(CJKParagraph(b.text, plain))
        elif b.kind == "body":
            story.append(CJKParagraph(b.text, body))
    if signs:
        # The seal is pressed over the name and date: three blank lines above them (GB/T 9704
        # 7.3.5), and the closing paragraph keeps them company on the same page.
        closing.append(Spacer(1, LINE_PT * 2))
        closing += _signature(signs)
    closing += [CJKParagraph(n, note) for n in notes]
    # The last two lines of the closing paragraph go with the signature (never a lone signature).
    last = story.pop() if story and isinstance(story[-1], CJKParagraph) else None
    tail: list[Flowable] = []
    if last is not None:
        *head, end = last.split_tail(LETTER_AREA[0])
        story += head
        tail = [end]
    story.append(KeepTogether(tail + closing))
    return build_letter_pdf(story, title=blocks[0].text, author=data.fields.get("agency", ""))


def _signature(lines: list[str]) -> list[Flowable]:
    """Name centred over the date; the date four characters in from the right (GB/T 9704)."""
    date_text = lines[-1]
    date_w = text_width(date_text, SONG, BODY_PT)
    out: list[Flowable] = []
    right_gap = 4 * BODY_PT
    for text in lines[:-1]:
        w = text_width(text, SONG, BODY_PT)
        gap = max(0.0, right_gap + date_w / 2 - w / 2)
        st = ParagraphStyle(
            "lsign",
            fontName=SONG,
            fontSize=BODY_PT,
            leading=LINE_PT,
            alignment=TA_RIGHT,
            rightIndent=gap,
        )
        out.append(CJKParagraph(text, st))
    st = ParagraphStyle(
        "ldate",
        fontName=SONG,
        fontSize=BODY_PT,
        leading=LINE_PT,
        alignment=TA_RIGHT,
        rightIndent=right_gap,
    )
    out.append(CJKParagraph(date_text, st))
    return out


def render_letter_docx(data: LetterData, template: str | None = None) -> bytes:
    """The same letter as an editable Word document (仿宋 body, 黑体 title, GB/T 9704 margins)."""
    from disclosure_desk.reports import docx_common as dx

    blocks = letter_blocks(data)
    doc = dx.new_document(template)
    dx.page_setup(doc, top=37, bottom=35, left=28, right=26)
    line = 28.95
    for b in blocks:
        if b.kind == "title":
            dx.add_text(
                doc,
                b.text,
                font=dx.TITLE_FONT,
                size=TITLE_PT,
                align="center",
                line_pt=TITLE_PT * 1.45,
                space_after=line / 2,
            )
        elif b.kind == "number":
            dx.add_text(
                doc, b.text, size=BODY_PT, align="center", line_pt=line, space_after=line / 2
            )
        elif b.kind == "addressee":
            dx.add_text(doc, b.text, size=BODY_PT, align="left", line_pt=line)
        elif b.kind == "body":
            dx.add_text(doc, b.text, size=BODY_PT, indent_chars=2, line_pt=line)
    signs = [b.text for b in blocks if b.kind == "sign"]
    if signs:
        for _ in range(2):
            dx.add_text(doc, "", size=BODY_PT, line_pt=line)

        # Same rule as the PDF: the date four characters in, the name centred over the date
        # (widths in em: CJK 1, ASCII 0.5 — 仿宋 is monospaced for CJK).
        def ems(text: str) -> float:
            return sum(0.5 if ord(c) < 128 else 1.0 for c in text)

        date_em = ems(signs[-1])
        for text in signs[:-1]:
            p = dx.add_text(doc, text, size=BODY_PT, align="right", line_pt=line)
            gap = max(0.0, 4 + date_em / 2 - ems(text) / 2)
            p.paragraph_format.right_indent = dx.Pt(BODY_PT * gap)
        p = dx.add_text(doc, signs[-1], size=BODY_PT, align="right", line_pt=line)
        p.paragraph_format.right_indent = dx.Pt(BODY_PT * 4)
    for b in blocks:
        if b.kind == "note":
            dx.add_text(doc, b.text, size=BODY_PT, indent_chars=2, line_pt=line)
    dx.page_number_footer(doc, "— {page} —", 14, align="right")
    return dx.to_bytes(doc)
