"""The catalogue (政府信息公开目录): every published, proactively disclosed item of a scope,
with the catalogue fields, for the PDF and .xlsx exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from disclosure_desk.domain.catalogue import Catalogue, CatalogueRow
from disclosure_desk.domain.errors import InputError
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.domain.vocabulary import PROACTIVE, PUBLISHED
from disclosure_desk.i18n import tr
from disclosure_desk.services.common.scope import resolve_scope
from disclosure_desk.store.models import Item, Unit
from disclosure_desk.store.report_sql import raw_rows


def catalogue(
    actor: Actor,
    year: int | None = None,
    unit_code: str | None = None,
    today: dt.date | None = None,
) -> Catalogue:
    """Published 主动公开 items (of ``year`` by 发布日期 when given), oldest first."""
    actor.require("record.view")
    if year is not None and not 1990 <= year <= 2200:
        raise InputError(tr("年度 {year} 不在有效范围内。").format(year=year))
    scope = resolve_scope(actor, unit_code)
    cond = (Item.status == PUBLISHED) & (Item.disclosure == PROACTIVE) & scope.where(Item.unit)
    if year is not None:
        cond &= (Item.published_on >= dt.date(year, 1, 1)) & (
            Item.published_on <= dt.date(year, 12, 31)
        )
    q = (
        Item.select(
            Item.id,
            Item.related,
            Item.index_no,
            Item.title,
            Item.doc_no,
            Item.publisher,
            Unit.name,
            Item.formed_on,
            Item.published_on,
            Item.topic,
            Item.genre,
            Item.summary,
        )
        .join(Unit)
        .where(cond)
        .order_by(Item.published_on, Item.index_no)
    )
    raw = list(raw_rows(q, (7, 8)))
    links = _interpretation_links([(r[0], r[1], r[10]) for r in raw])
    rows = [
        CatalogueRow(
            idx,
            title,
            doc or "",
            publisher or unit,
            formed,
            published,
            topic or "",
            genre or "",
            summary or "",
            links.get(item_id, ""),
        )
        for item_id, _rel, idx, title, doc, publisher, unit, formed, published, topic, genre, summary in raw
    ]
    span = f"{year}年" if year else ""
    title = f"{scope.unit_name}{span}政府信息公开目录"
    return Catalogue(
        title, scope.agency_name, scope.unit_name, year, today or dt.date.today(), rows
    )


def catalogue_pdf(actor: Actor, year: int | None = None, unit_code: str | None = None) -> bytes:
    from disclosure_desk.reports.catalogue_pdf import render_catalogue

    return render_catalogue(catalogue(actor, year, unit_code))


def catalogue_html(actor: Actor, year: int | None = None, unit_code: str | None = None) -> bytes:
    """The catalogue as a self-contained web page (UTF-8 bytes)."""
    from disclosure_desk.reports.catalogue_html import render_catalogue_html

    return render_catalogue_html(catalogue(actor, year, unit_code)).encode("utf-8")


def catalogue_xlsx(
    actor: Actor, path: Path, year: int | None = None, unit_code: str | None = None
) -> int:
    """Write the catalogue workbook; returns the number of rows."""
    from disclosure_desk.files.catalogue_xlsx import write_catalogue_xlsx

    cat = catalogue(actor, year, unit_code)
    try:
        write_catalogue_xlsx(cat, path)
    except OSError as exc:
        raise InputError(
            tr("无法写入文件 {path}：{value}").format(path=path, value=exc.strerror or exc)
        ) from None
    from disclosure_desk.services.admin.audit import record_export

    record_export(actor, "catalogue", len(cat.rows), path, year=year, unit=unit_code or "")
    return len(cat.rows)


def _interpretation_links(rows: list[tuple[int, int | None, str]]) -> dict[int, str]:
    """同步解读 in the catalogue, from (item id, related id, genre) of the listed rows:
    "解读对象：<policy>" on a 解读, "解读：<解读>" on the policy it explains."""
    out: dict[int, list[str]] = {}
    chunk = 900  # stay under SQLite's bound-parameter limit
    ids = sorted({r[0] for r in rows})
    for i in range(0, len(ids), chunk):
        q = (
            Item.select(Item.related, Item.index_no)
            .where(
                Item.related.in_(ids[i : i + chunk]), Item.status == PUBLISHED, Item.genre == "解读"
            )
            .order_by(Item.index_no)
        )
        for policy, index_no in q.tuples():
            out.setdefault(policy, []).append("解读：" + index_no)
    wanted = sorted({rel for _i, rel, _g in rows if rel})
    index_of: dict[int, str] = {}
    for i in range(0, len(wanted), chunk):
        index_of.update(
            Item.select(Item.id, Item.index_no).where(Item.id.in_(wanted[i : i + chunk])).tuples()
        )
    for item_id, rel, genre in rows:
        if rel in index_of:
            label = "解读对象：" if genre == "解读" else "关联："
            out.setdefault(item_id, []).insert(0, label + index_of[rel])
    return {k: "；".join(v) for k, v in out.items()}
