"""PDF letters of an application case (接收回执, 补正告知书, 延期答复告知书, 征询函, 收费通知书, 答复书).

The wording lives in ``disclosure_desk/resources/templates/letters/<kind>.txt`` so an administrator can adapt
it: first line = title, blank lines separate paragraphs, "|" starts an unindented paragraph and
">" a right-aligned one (signature, date). ``{name}`` placeholders are filled from
``LetterData.fields``, a plain mapping the service builds from the case.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Spacer

from disclosure_desk.domain.errors import DeskError, InputError
from disclosure_desk.package_data import resources_dir
from disclosure_desk.reports.common import Styles, build_pdf

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
            f"文书模板中的占位符 {{{key}}} 无法识别，请管理员核对模板文件（可用名称见 README.txt）。"
        )


def template_path(kind: str) -> Path:
    return resources_dir() / "templates" / "letters" / f"{kind}.txt"


def load_template(kind: str) -> str:
    if kind not in LETTER_KINDS:
        raise InputError(f"未知的文书种类“{kind}”。")
    path = template_path(kind)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DeskError(f"无法读取文书模板 {path}：{exc.strerror or exc}") from None


def fill_template(text: str, fields: Mapping[str, str]) -> tuple[str, list[str]]:
    """(title, paragraphs) with placeholders filled; InputError for an unknown placeholder."""
    try:
        filled = text.format_map(_Fields(fields))
    except (ValueError, IndexError) as exc:
        raise InputError(f"文书模板格式有误（花括号不成对？）：{exc}") from None
    blocks = [b.strip() for b in filled.replace("\r\n", "\n").split("\n\n")]
    blocks = [b for b in blocks if b]
    if not blocks:
        raise InputError("文书模板是空的。")
    title, *paras = blocks
    # A block may hold several ">" lines (signature and date): keep them as separate paragraphs.
    out: list[str] = []
    for block in paras:
        lines = block.split("\n")
        if all(line.startswith(">") for line in lines):
            out.extend(lines)
        else:
            out.append(" ".join(line.strip() for line in lines))
    return title, out


def render_letter(data: LetterData) -> bytes:
    """The letter as PDF bytes (A4, embedded CJK font)."""
    title, paras = fill_template(load_template(data.kind), data.fields)
    styles = Styles()
    plain = ParagraphStyle("plain", parent=styles.body, firstLineIndent=0)
    right = ParagraphStyle("right", parent=styles.body, firstLineIndent=0, alignment=TA_RIGHT)
    story = [Paragraph(escape(title), styles.title)]
    signed = False
    for text in paras:
        if text.startswith(">"):
            if not signed:
                story.append(Spacer(1, 24))  # room for the seal above the signature
                signed = True
            story.append(Paragraph(escape(text[1:].strip()), right))
        elif text.startswith("|"):
            story.append(Paragraph(escape(text[1:].strip()), plain))
        elif text.startswith("编号") or text.startswith(data.fields.get("number", "\0")):
            story.append(Paragraph(escape(text), ParagraphStyle("no", parent=plain, alignment=1)))
            story.append(Spacer(1, 4))
        else:
            story.append(Paragraph(escape(text), styles.body))
    return build_pdf(story, title=title, author=data.fields.get("agency", ""))
