"""Attachments and publication coordination (发布协调, 条例 Art. 11) of an item.

Attachment text is extracted when the file is added and becomes part of the item's search text
in the same transaction; coordination rows record which bodies must confirm and their answers.
Both are audited against the item so they show in its history.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from disclosure_desk.domain import vocabulary
from disclosure_desk.domain.errors import InputError, NotFound
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.files.extract import SUPPORTED_SUFFIXES, extract_text
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.common.context import Changes, change
from disclosure_desk.services.items import gate as items_gate
from disclosure_desk.services.items.register import _load, search_text_of
from disclosure_desk.services.items.rules import COORDINATION_ANSWERS
from disclosure_desk.store import search
from disclosure_desk.store.models import Attachment, Coordination, Item

MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024


def _touch_item(item_id: int) -> None:
    Item.update(updated_at=dt.datetime.now().replace(microsecond=0)).where(
        Item.id == item_id
    ).execute()


def add_attachment(actor: Actor, item_id: int, filename: str, data: bytes) -> tuple[int, Changes]:
    """Store a file with the item; its text joins the item's search text.

    Text, Word, WPS, Excel, PDF files and images are accepted; an image or a scanned PDF page
    makes the review ask for a manual check, and a format this machine cannot read is refused
    with a request to save it as .docx/.xlsx."""
    name = Path(filename).name
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise InputError(
            tr("附件“{name}”的类型不支持：只能添加文本、Word、WPS、Excel、PDF 文件或图片。").format(
                name=name
            )
        )
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InputError(tr("附件“{name}”超过 50 MB。").format(name=name))
    text = extract_text(data, name)  # before the transaction: extraction can be slow
    with change(actor, "item.edit") as tx:
        item = _load(item_id)
        actor.require("item.edit", item.unit_id)
        items_gate.refuse_if_published(item)
        att = Attachment.create(item=item.id, filename=name, size=len(data), data=data, text=text)
        _touch_item(item.id)
        items_gate.note_contributor(item.id, actor.user_id, "edited")
        items_gate.content_changed(tx, item, N_("添加了附件“{name}”").format(name=name))
        search.set_text(item.id, search_text_of(item))
        tx.audit(
            "item.attachment_add",
            "item",
            item.id,
            None,
            {"attachment_id": att.id, "filename": name, "size": len(data)},
        )
        tx.touch("attachment")
    return att.id, tx.changes


def remove_attachment(actor: Actor, attachment_id: int) -> Changes:
    with change(actor, "item.edit") as tx:
        att = Attachment.get_or_none(Attachment.id == attachment_id)
        if att is None:
            raise NotFound(tr("附件不存在或已删除。"))
        item = _load(att.item_id)
        actor.require("item.edit", item.unit_id)
        items_gate.refuse_if_published(item)
        att.delete_instance()
        _touch_item(item.id)
        items_gate.note_contributor(item.id, actor.user_id, "edited")
        items_gate.content_changed(tx, item, N_("删除了附件“{name}”").format(name=att.filename))
        search.set_text(item.id, search_text_of(item))
        tx.audit(
            "item.attachment_remove",
            "item",
            item.id,
            {"attachment_id": attachment_id, "filename": att.filename},
            None,
        )
        tx.touch("attachment")
    return tx.changes


def attachment_data(actor: Actor, attachment_id: int) -> tuple[str, bytes]:
    actor.require("record.view")
    att = Attachment.get_or_none(Attachment.id == attachment_id)
    if att is None or not actor.can_access_unit(att.item.unit_id):
        raise NotFound(tr("附件不存在或已删除。"))
    return att.filename, bytes(att.data or b"")


def _check_coordination(body_name: str, answer: str, requested_on, answered_on) -> None:
    if not body_name.strip():
        raise InputError(tr("请填写需要协调确认的机关名称。"))
    if answer not in COORDINATION_ANSWERS:
        raise InputError(
            tr("协调结果应为：{value}。").format(value="、".join(COORDINATION_ANSWERS))
        )
    if answer != vocabulary.ANSWER_PENDING and answered_on is None:
        raise InputError(tr("已答复的协调事项请填写答复日期。"))
    if requested_on and answered_on and answered_on < requested_on:
        raise InputError(tr("答复日期早于发函日期。"))


def add_coordination(
    actor: Actor,
    item_id: int,
    body_name: str,
    requested_on: dt.date | None,
    answer: str = vocabulary.ANSWER_PENDING,
    answered_on: dt.date | None = None,
    note: str = "",
) -> tuple[int, Changes]:
    _check_coordination(body_name, answer, requested_on, answered_on)
    with change(actor, "item.edit") as tx:
        item = _load(item_id)
        actor.require("item.edit", item.unit_id)
        row = Coordination.create(
            item=item.id,
            body_name=body_name.strip(),
            requested_on=requested_on,
            answer=answer,
            answered_on=answered_on,
            note=note.strip(),
        )
        tx.audit(
            "item.coordination_add",
            "item",
            item.id,
            None,
            {"coordination_id": row.id, "body_name": row.body_name, "answer": answer},
        )
        tx.touch("coordination")
    return row.id, tx.changes


def update_coordination(
    actor: Actor,
    coordination_id: int,
    body_name: str,
    requested_on: dt.date | None,
    answer: str,
    answered_on: dt.date | None,
    note: str = "",
) -> Changes:
    _check_coordination(body_name, answer, requested_on, answered_on)
    with change(actor, "item.edit") as tx:
        row = Coordination.get_or_none(Coordination.id == coordination_id)
        if row is None:
            raise NotFound(tr("协调记录不存在。"))
        item = _load(row.item_id)
        actor.require("item.edit", item.unit_id)
        before = {"body_name": row.body_name, "answer": row.answer, "answered_on": row.answered_on}
        Coordination.update(
            body_name=body_name.strip(),
            requested_on=requested_on,
            answer=answer,
            answered_on=answered_on,
            note=note.strip(),
        ).where(Coordination.id == coordination_id).execute()
        tx.audit(
            "item.coordination_edit",
            "item",
            item.id,
            before,
            {"body_name": body_name.strip(), "answer": answer, "answered_on": answered_on},
        )
        tx.touch("coordination")
    return tx.changes


def remove_coordination(actor: Actor, coordination_id: int) -> Changes:
    with change(actor, "item.edit") as tx:
        row = Coordination.get_or_none(Coordination.id == coordination_id)
        if row is None:
            raise NotFound(tr("协调记录不存在。"))
        item = _load(row.item_id)
        actor.require("item.edit", item.unit_id)
        row.delete_instance()
        tx.audit("item.coordination_remove", "item", item.id, {"body_name": row.body_name}, None)
        tx.touch("coordination")
    return tx.changes
