"""Attachments gate publishing the same way the body does, and what has no text layer (an image,
a scanned PDF page) blocks until a reviewer records a manual check (runs on PostgreSQL too)."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest

from disclosure_desk.domain.errors import ConflictError
from disclosure_desk.services.items import extras as items_extras
from disclosure_desk.services.reviews import decisions as reviews
from disclosure_desk.services.reviews import query as reviews_query
from disclosure_desk.store.models import Item, Unit

_serial = itertools.count(1)
CLEAN = "根据有关规定，现将2025年度城乡低保标准调整情况公示如下：城市低保标准每人每月800元。"


def _item(officer) -> Item:
    return Item.create(
        index_no=f"000014349/2025-{next(_serial):05d}-att",
        title="关于2025年第三批低保对象的公示",
        publisher="青山区民政局",
        unit=Unit.get(Unit.code == "ROOT"),
        body=CLEAN,
        status="draft",
        secrecy="非密",
        created_by=officer.user_id,
    )


@pytest.fixture
def people(db):
    return db.user("officer_a", "officer"), db.user("reviewer_a", "reviewer")


def _xlsx_with_ids() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号"])
    book.active.append(["王某", "１１０１０５１９４９１２３１００２Ｘ"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_id_number_in_an_attachment_blocks_like_one_in_the_body(people):
    officer, reviewer = people
    item = _item(officer)
    items_extras.add_attachment(officer, item.id, "名单.xlsx", _xlsx_with_ids())
    result, _ = reviews.submit(officer, item.id)
    assert result.blocks == 1
    (row,) = [f for f in reviews_query.detail(reviewer, item.id).findings if f.kind == "id_card"]
    assert (row.source, row.location) == ("名单.xlsx", "Sheet!B2")
    with pytest.raises(ConflictError, match="禁止发布"):
        reviews.approve(reviewer, item.id)
    reviews.set_override(
        reviewer,
        item.id,
        "名单.xlsx",
        "id_card",
        "１１０１０５１９４９１２３１００２Ｘ",
        "本人书面同意公开",
    )
    reviews.approve(reviewer, item.id)
    reviews.publish(officer, item.id, ["政府网站"], dt.date(2026, 1, 5))
    assert Item.get_by_id(item.id).status == "published"


def _scanned_pdf() -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    buffer = io.BytesIO()
    c = Canvas(buffer)
    c.rect(50, 400, 400, 300, fill=1)
    c.showPage()
    c.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [("扫描件.png", b"\x89PNG\r\n\x1a\n image bytes"), ("扫描件.pdf", None)],
)
def test_no_text_layer_blocks_until_a_manual_check_is_recorded(people, name, data):
    officer, reviewer = people
    item = _item(officer)
    items_extras.add_attachment(officer, item.id, name, data if data else _scanned_pdf())
    result, _ = reviews.submit(officer, item.id)
    assert result.blocks == 1
    detail = reviews_query.detail(reviewer, item.id)
    (finding,) = [f for f in detail.findings if f.source == name]
    assert (finding.kind, finding.severity) == ("no_text_layer", "block")
    with pytest.raises(ConflictError, match="禁止发布"):
        reviews.approve(reviewer, item.id)
    reviews.set_override(reviewer, item.id, name, "no_text_layer", "", "已人工逐页核对，无个人信息")
    reviews.approve(reviewer, item.id)
    reviews.publish(officer, item.id, ["政府网站"], dt.date(2026, 1, 5))
    assert Item.get_by_id(item.id).status == "published"
