"""Running the pre-publication scanner: over files (the `scan` command, no database needed),
over an item's body and attachment texts, and the per-unit sensitive-keyword lists.

What cannot be read as text is never "clean": an image, a PDF page without a text layer, or an
office file this machine cannot read becomes a blocking finding (no_text_layer / unreadable) that
only a reviewer's recorded manual check (reviews.set_override) clears.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from disclosure_desk.domain.errors import DeskError, InputError, NotFound, PermissionDenied
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.scanner import (
    DEFAULT_SEVERITY,
    VALID_SEVERITIES,
    Finding,
    Keyword,
    Scanner,
)
from disclosure_desk.files.extract import (
    Extracted,
    Notice,
    decode_text,
    extract,
    stored_location,
    stored_notices,
)
from disclosure_desk.i18n import tr
from disclosure_desk.services.common.context import Changes, change, row_dict
from disclosure_desk.store.models import JOIN, Attachment, Item, ScanKeyword, Unit

BODY = "body"
STDIN = "-"
MANUAL_CHECK_KINDS = frozenset({"no_text_layer", "unreadable"})


@dataclass(frozen=True)
class FileScan:
    """The scan of one file: ``error`` is set (and findings empty) when it could not be read."""

    path: str
    error: str | None
    findings: tuple[Finding, ...]
    bad_input: bool = False


def scan_paths(paths: Sequence[str | Path], keywords: Iterable[Keyword] = ()) -> list[FileScan]:
    """Scan each file on its own; one unreadable file never stops the others. ``-`` reads
    text (UTF-8, GB18030 or UTF-16 with BOM) from standard input."""
    scanner = Scanner(keywords)
    out: list[FileScan] = []
    for path in paths:
        try:
            if str(path) == STDIN:
                extracted = Extracted(decode_text(sys.stdin.buffer.read(), tr("标准输入")))
            else:
                extracted = extract(path)
        except InputError as exc:
            out.append(FileScan(str(path), exc.message, (), bad_input=True))
            continue
        except DeskError as exc:
            out.append(FileScan(str(path), exc.message, ()))
            continue
        out.append(FileScan(str(path), None, tuple(scan_extracted(scanner, extracted))))
    return out


def notice_finding(notice: Notice) -> Finding:
    """A blocking finding for what a person must check (no text could be read there)."""
    return Finding(
        notice.kind,
        DEFAULT_SEVERITY[notice.kind],
        notice.offset,
        notice.offset,
        "",
        "",
        notice.message,
        notice.location,
    )


def scan_extracted(scanner: Scanner, extracted: Extracted) -> list[Finding]:
    """Findings in an extracted file, each located (page, sheet!cell, 页眉 …), plus one blocking
    finding per notice; sorted by offset."""
    found = [
        replace(f, location=loc) if (loc := extracted.location_at(f.start)) else f
        for f in scanner.scan(extracted.text)
    ]
    found.extend(notice_finding(n) for n in extracted.notices)
    found.sort(key=lambda f: (f.start, f.end))
    return found


def finding_json(f: Finding) -> dict[str, object]:
    """The exact finding shape of PRODUCT.md §3 ``scan --json``."""
    return {
        "kind": f.kind,
        "severity": f.severity,
        "start": f.start,
        "end": f.end,
        "text": f.text,
        "masked": f.masked,
        "location": f.location or None,
    }


# --- keywords ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeywordRow:
    id: int
    unit_id: int | None  # None = applies to every unit
    unit_name: str
    word: str
    severity: str


def keywords_for_unit(unit_id: int | None) -> list[Keyword]:
    """The unit's own keywords plus the global ones (unit NULL)."""
    cond = ScanKeyword.unit.is_null()
    if unit_id is not None:
        cond = cond | (ScanKeyword.unit == unit_id)
    return [Keyword(k.word, k.severity) for k in ScanKeyword.select().where(cond)]


def unit_id_by_code(code: str) -> int:
    unit = Unit.get_or_none(Unit.code == code)
    if unit is None:
        raise InputError(tr("没有代码为“{code}”的单位。").format(code=code))
    return unit.id


def all_keywords() -> list[Keyword]:
    return [Keyword(k.word, k.severity) for k in ScanKeyword.select()]


def list_keywords(actor: Actor, unit_id: int | None = None) -> list[KeywordRow]:
    """Keywords that apply to ``unit_id`` (its own and the global ones); all when None."""
    actor.require("record.view")
    q = ScanKeyword.select(ScanKeyword, Unit).join(
        Unit, on=(ScanKeyword.unit == Unit.id), join_type=JOIN.LEFT_OUTER
    )
    if unit_id is not None:
        q = q.where(ScanKeyword.unit.is_null() | (ScanKeyword.unit == unit_id))
    elif actor.unit_ids is not None:
        q = q.where(ScanKeyword.unit.is_null() | ScanKeyword.unit.in_(list(actor.unit_ids)))
    rows = []
    for k in q.order_by(ScanKeyword.word, ScanKeyword.id):
        unit = k.unit if k.unit_id is not None else None
        rows.append(
            KeywordRow(k.id, k.unit_id, unit.name if unit else tr("全部单位"), k.word, k.severity)
        )
    return rows


def _check_keyword(word: str, severity: str) -> str:
    word = (word or "").strip()
    if not word:
        raise InputError(tr("敏感词不能为空。"))
    if len(word) > 100:
        raise InputError(tr("敏感词不能超过 100 个字。"))
    if severity not in VALID_SEVERITIES:
        raise InputError(
            tr("敏感词级别“{severity}”无效，应为 block、warn 或 info。").format(severity=severity)
        )
    return word


def add_keyword(
    actor: Actor, unit_id: int | None, word: str, severity: str = "warn"
) -> tuple[KeywordRow, Changes]:
    """Add (or re-grade, when the word is already listed for that unit) one keyword."""
    actor.require("keyword.edit", unit_id)
    # A global keyword concerns every unit, so only a spanning role may set one.
    if unit_id is None and not actor.spans_units:
        raise PermissionDenied(
            tr("只有主管领导或系统管理员可以维护适用于全部单位的敏感词；请选择本单位。")
        )
    word = _check_keyword(word, severity)
    with change(actor, "keyword.edit", unit_id) as tx:
        unit = None
        if unit_id is not None:
            unit = Unit.get_or_none(Unit.id == unit_id)
            if unit is None:
                raise NotFound(tr("找不到该单位。"))
        cond = ScanKeyword.unit.is_null() if unit_id is None else ScanKeyword.unit == unit_id
        existing = ScanKeyword.get_or_none(cond & (ScanKeyword.word == word))
        if existing is not None:
            before = row_dict(existing)
            existing.severity = severity
            existing.save()
            kw = existing
        else:
            before = None
            kw = ScanKeyword.create(unit=unit_id, word=word, severity=severity)
        tx.audit("keyword.set", "scan_keyword", kw.id, before, row_dict(kw))
    row = KeywordRow(kw.id, unit_id, unit.name if unit else tr("全部单位"), word, severity)
    return row, tx.changes


def remove_keyword(actor: Actor, keyword_id: int) -> Changes:
    kw = ScanKeyword.get_or_none(ScanKeyword.id == keyword_id)
    if kw is None:
        raise NotFound(tr("找不到该敏感词。"))
    actor.require("keyword.edit", kw.unit_id)
    if kw.unit_id is None and not actor.spans_units:
        raise PermissionDenied(tr("只有主管领导或系统管理员可以删除适用于全部单位的敏感词。"))
    with change(actor, "keyword.edit", kw.unit_id) as tx:
        before = row_dict(kw)
        kw.delete_instance()
        tx.audit("keyword.remove", "scan_keyword", keyword_id, before, None)
    return tx.changes


# --- items --------------------------------------------------------------------------------------


def item_texts(item: Item) -> list[tuple[str, str]]:
    """(source, text) pairs scanned for an item: the body, then each attachment's text."""
    texts = [(BODY, item.body or "")]
    for att in (
        Attachment.select(Attachment.filename, Attachment.text)
        .where(Attachment.item == item.id)
        .order_by(Attachment.id)
    ):
        texts.append((att.filename, att.text or ""))
    return texts


def scan_item(item: Item) -> list[tuple[str, Finding]]:
    """Fresh findings over the item's current texts with its unit's keyword list.

    Attachments gate publishing exactly like the body: their findings carry the attachment's
    file name as source, and an image or a scanned PDF page adds a blocking no_text_layer
    finding (rebuilt from the stored text, see files.extract.stored_notices)."""
    scanner = Scanner(keywords_for_unit(item.unit_id))
    out: list[tuple[str, Finding]] = []
    for source, text in item_texts(item):
        found = scanner.scan(text)
        if source != BODY:
            found = [replace(f, location=stored_location(source, text, f.start)) for f in found]
        out.extend((source, f) for f in found)
        if source != BODY:
            out.extend((source, notice_finding(n)) for n in stored_notices(source, text))
    return out
