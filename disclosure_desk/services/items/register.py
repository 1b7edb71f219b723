"""Information register (信息登记): list, search, read, create, edit and repeal items.

Every change runs in one ``change()`` transaction with its audit entry; the item's search text
(item_search) is rewritten in that same transaction so search never lags behind the register.
索引号 are drawn from store/counters.py inside the transaction, so concurrent registrations on
one database never share or skip a number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from disclosure_desk.domain import catalogs, index_numbers, vocabulary
from disclosure_desk.domain import review_workflow as wf
from disclosure_desk.domain.clocks import proactive_due
from disclosure_desk.domain.errors import ConflictError, InputError, NotFound, UnknownCalendarYear
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.i18n import N_, tr
from disclosure_desk.services.common.calendar import work_calendar
from disclosure_desk.services.common.context import Changes, change, row_dict
from disclosure_desk.services.common.scope import visible
from disclosure_desk.services.items import gate as items_gate
from disclosure_desk.services.items.rules import ItemInput, require_valid, stale_cutoff
from disclosure_desk.services.reporting.year_lock_guard import guard_item
from disclosure_desk.store import counters, search
from disclosure_desk.store.models import Attachment, AuditEntry, Coordination, Item, Unit, fn

CONFLICT_MESSAGE = N_("该信息已被他人修改，请关闭后重新打开再修改。")


# ---------------------------------------------------------------- list rows and filters


@dataclass(frozen=True)
class ItemFilter:
    """SQL-side filters of the items list; empty values mean "any"."""

    unit_id: int | None = None
    year: int | None = None
    topic: str = ""
    genre: str = ""
    disclosure: str = ""
    status: str = ""
    validity: str = ""
    overdue: bool = False
    stale: bool = False
    text: str = ""


@dataclass(frozen=True)
class ItemRow:
    id: int
    index_no: str
    title: str
    unit_name: str
    disclosure: str
    topic: str
    genre: str
    formed_on: dt.date | None
    published_on: dt.date | None
    status: str
    validity: str
    due_on: dt.date | None
    overdue: bool

    @property
    def status_label(self) -> str:
        return vocabulary.status_label(self.status)

    @property
    def disclosure_label(self) -> str:
        return vocabulary.disclosure_label(self.disclosure)

    def as_json(self) -> dict:
        return {
            "id": self.id,
            "index_no": self.index_no,
            "title": self.title,
            "unit": self.unit_name,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "formed_on": self.formed_on.isoformat() if self.formed_on else None,
            # Labels as the CLI has always shown them (§3), the stored codes beside them.
            "disclosure": self.disclosure_label,
            "disclosure_code": self.disclosure,
            "topic": self.topic,
            "genre": self.genre,
            "status": self.status_label,
            "status_code": self.status,
            "validity": self.validity,
        }


SORT_FIELDS = {
    "index_no": Item.index_no,
    "title": Item.title,
    "unit": Unit.name,
    "disclosure": Item.disclosure,
    "topic": Item.topic,
    "genre": Item.genre,
    "formed_on": Item.formed_on,
    "published_on": Item.published_on,
    "status": Item.status,
    "validity": Item.validity,
    "id": Item.id,
}


def _calendar():
    # Provisional (Mon–Fri) for years with no holiday data, so a list never fails to open.
    return work_calendar(provisional=True)


def due_date(formed_on: dt.date | None, changed_on: dt.date | None) -> dt.date | None:
    """Art. 26: 20th working day after forming or the last change."""
    start = max(d for d in (formed_on, changed_on) if d) if (formed_on or changed_on) else None
    if start is None:
        return None
    try:
        return proactive_due(_calendar(), start)
    except UnknownCalendarYear:
        return None


def overdue_start_cutoff(today: dt.date) -> dt.date:
    """Latest clock start whose Art. 26 due date is already past (due is monotonic in the start)."""
    cal = _calendar()
    d = today
    while proactive_due(cal, d) >= today:
        d -= dt.timedelta(days=1)
    return d


def _where(actor: Actor, f: ItemFilter, today: dt.date):
    cond = visible(actor, Item.unit)
    if f.unit_id:
        cond &= Item.unit == f.unit_id
    if f.year:
        lo, hi = dt.date(f.year, 1, 1), dt.date(f.year, 12, 31)
        cond &= Item.published_on.between(lo, hi) | (
            Item.published_on.is_null() & Item.formed_on.between(lo, hi)
        )
    for value, column in (
        (f.genre, Item.genre),
        (f.disclosure and vocabulary.code_of("disclosure", f.disclosure), Item.disclosure),
        (f.status and vocabulary.code_of("item_status", f.status), Item.status),
        (f.validity, Item.validity),
    ):
        if value:
            cond &= column == value
    if f.topic:  # a class matches itself and its sub-classes
        cond &= (Item.topic == f.topic) | Item.topic.startswith(f.topic + "\\")
    if f.overdue:
        cutoff = overdue_start_cutoff(today)
        cond &= (
            (Item.disclosure == vocabulary.PROACTIVE)
            # Not published means not 已发布, whatever 发布日期 says (§4.1).
            & Item.status.not_in([wf.PUBLISHED, wf.WITHDRAWN])
            & (fn.COALESCE(Item.changed_on, Item.formed_on) <= cutoff)
        )
    if f.stale:
        cond &= (Item.validity == catalogs.VALID) & (
            fn.COALESCE(Item.validity_reviewed_on, Item.formed_on) < stale_cutoff(today)
        )
    if search.normalize_query(f.text):
        # The other conditions keep the items of these units only: the search starts there.
        units = {f.unit_id} if f.unit_id else actor.unit_ids
        cond &= search.item_matches(f.text, units)
    return cond


def _row(values: tuple, today: dt.date) -> ItemRow:
    (
        id_,
        index_no,
        title,
        unit_name,
        disclosure,
        topic,
        genre,
        formed,
        published,
        status,
        validity,
        changed,
    ) = values
    due = due_date(formed, changed) if disclosure == vocabulary.PROACTIVE else None
    overdue = bool(due and status not in (wf.PUBLISHED, wf.WITHDRAWN) and due < today)
    return ItemRow(
        id_,
        index_no,
        title,
        unit_name,
        disclosure,
        topic,
        genre,
        formed,
        published,
        status,
        validity,
        due,
        overdue,
    )


def list_items(
    actor: Actor,
    filters: ItemFilter = ItemFilter(),
    offset: int = 0,
    limit: int = 200,
    sort: str = "id",
    descending: bool = True,
    today: dt.date | None = None,
) -> list[ItemRow]:
    """One page of the register, filtered and sorted in SQL."""
    actor.require("record.view")
    today = today or dt.date.today()
    if _text_only(filters) and sort == "id" and descending and offset + limit <= INDEX_PAGE_MAX:
        # A search typed into the register: the newest matches straight from the search index
        # (as search_items), not through item.id IN (every match).
        ids = search.search_ids(filters.text, offset + limit, actor.unit_ids)[1][offset:]
        return _rows_by_id(ids, today)
    return _page(_where(actor, filters, today), sort, descending, offset, limit, today)


def _page(cond, sort: str, descending: bool, offset: int, limit: int, today: dt.date) -> list:
    column = SORT_FIELDS.get(sort, Item.id)
    order = [column.desc() if descending else column.asc()]
    if column is not Item.id:
        order.append(Item.id.desc() if descending else Item.id.asc())
    q = (
        Item.select(*_row_columns())
        .join(Unit)
        .where(cond)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    return [_row(v, today) for v in q.tuples()]


def first_page(
    actor: Actor,
    filters: ItemFilter = ItemFilter(),
    limit: int = 200,
    sort: str = "id",
    descending: bool = True,
    today: dt.date | None = None,
) -> tuple[list[ItemRow], int]:
    """The register's first page and how many items match in all (what the view shows on every
    refresh), with the search done once — ``list_items`` and ``count_items`` each search."""
    actor.require("record.view")
    today = today or dt.date.today()
    if _text_only(filters) and sort == "id" and descending and limit <= INDEX_PAGE_MAX:
        total, ids = search.search_ids(filters.text, limit, actor.unit_ids)
        return _rows_by_id(ids, today), total
    cond = _where(actor, filters, today)
    rows = _page(cond, sort, descending, 0, limit, today)
    return rows, len(rows) if len(rows) < limit else Item.select().where(cond).count()


def count_items(
    actor: Actor, filters: ItemFilter = ItemFilter(), today: dt.date | None = None
) -> int:
    actor.require("record.view")
    if _text_only(filters):
        return search.search_ids(filters.text, 1, actor.unit_ids)[0]
    return Item.select().where(_where(actor, filters, today or dt.date.today())).count()


# The register's first pages of a search come from the index; deeper pages use SQL.
INDEX_PAGE_MAX = 2000


def _text_only(f: ItemFilter) -> bool:
    """A search with no other filter: counted and paged from the search index alone."""
    return bool(search.normalize_query(f.text)) and f == ItemFilter(text=f.text)


def _rows_by_id(ids: list[int], today: dt.date) -> list[ItemRow]:
    if not ids:
        return []
    q = Item.select(*_row_columns()).join(Unit).where(Item.id.in_(ids)).order_by(Item.id.desc())
    return [_row(v, today) for v in q.tuples()]


def search_items(actor: Actor, text: str, limit: int = 50) -> tuple[int, list[ItemRow]]:
    """Items whose title, 文号, keywords, summary, body or attachments contain ``text``; newest first.

    ``limit`` 0 returns every match."""
    if not search.normalize_query(text):
        raise InputError(tr("搜索内容不能为空。"))
    actor.require("record.view")
    # Count and page straight from the search index (see store.search.search_ids), then read
    # the page's rows by id.
    total, ids = search.search_ids(text, max(limit, 0), actor.unit_ids)
    if not ids:
        return total, []
    if limit <= 0:  # every match: too many ids for an IN list, filter in SQL instead
        q = Item.select(*_row_columns()).join(Unit)
        q = q.where(_where(actor, ItemFilter(text=text), dt.date.today())).order_by(Item.id.desc())
        return total, [_row(v, dt.date.today()) for v in q.tuples()]
    return total, _rows_by_id(ids, dt.date.today())


def _row_columns() -> tuple:
    """The columns ``_row`` reads, in its order (as list_items selects them)."""
    return (
        Item.id,
        Item.index_no,
        Item.title,
        Unit.name,
        Item.disclosure,
        Item.topic,
        Item.genre,
        Item.formed_on,
        Item.published_on,
        Item.status,
        Item.validity,
        Item.changed_on,
    )


# ---------------------------------------------------------------- one item


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    filename: str
    size: int
    added_at: dt.datetime
    text_chars: int


@dataclass(frozen=True)
class CoordinationInfo:
    id: int
    body_name: str
    requested_on: dt.date | None
    answered_on: dt.date | None
    answer: str
    note: str


@dataclass(frozen=True)
class LinkedItem:
    id: int
    index_no: str
    title: str


@dataclass(frozen=True)
class HistoryEntry:
    ts: str
    user: str
    action: str
    before: str
    after: str


@dataclass(frozen=True)
class ItemDetail:
    id: int
    index_no: str
    version: int
    status: str
    unit_name: str
    data: ItemInput
    created_at: dt.datetime
    updated_at: dt.datetime
    due_on: dt.date | None
    overdue: bool
    attachments: tuple[AttachmentInfo, ...]
    coordinations: tuple[CoordinationInfo, ...]
    related: LinkedItem | None
    interpretations: tuple[LinkedItem, ...]

    @property
    def status_label(self) -> str:
        return vocabulary.status_label(self.status)


def _load(item_id: int) -> Item:
    item = Item.get_or_none(Item.id == item_id)
    if item is None:
        raise NotFound(tr("找不到编号为 {item_id} 的信息。").format(item_id=item_id))
    return item


def _input_of(item: Item) -> ItemInput:
    return ItemInput(
        title=item.title,
        unit_id=item.unit_id,
        doc_no=item.doc_no,
        publisher=item.publisher,
        formed_on=item.formed_on,
        published_on=item.published_on,
        disclosure=item.disclosure,
        withhold_ground=item.withhold_ground,
        withhold_reason=item.withhold_reason,
        topic=item.topic,
        genre=item.genre,
        secrecy=item.secrecy,
        validity=item.validity,
        repealed_on=item.repealed_on,
        repealed_by=item.repealed_by,
        validity_reviewed_on=item.validity_reviewed_on,
        changed_on=item.changed_on,
        keywords=item.keywords,
        summary=item.summary,
        body=item.body,
        channels=tuple(c for c in item.channels.split(",") if c),
        related_id=item.related_id,
        index_no=item.index_no,
    )


def get_item(actor: Actor, item_id: int, today: dt.date | None = None) -> ItemDetail:
    actor.require("record.view")
    item = _load(item_id)
    if not actor.can_access_unit(item.unit_id):
        raise NotFound(tr("找不到编号为 {item_id} 的信息。").format(item_id=item_id))
    today = today or dt.date.today()
    due = (
        due_date(item.formed_on, item.changed_on)
        if item.disclosure == vocabulary.PROACTIVE
        else None
    )
    atts = tuple(
        AttachmentInfo(a.id, a.filename, a.size, a.added_at, len(a.text))
        for a in Attachment.select(
            Attachment.id,
            Attachment.filename,
            Attachment.size,
            Attachment.added_at,
            Attachment.text,
        )
        .where(Attachment.item == item.id)
        .order_by(Attachment.id)
    )
    coords = tuple(
        CoordinationInfo(c.id, c.body_name, c.requested_on, c.answered_on, c.answer, c.note)
        for c in Coordination.select().where(Coordination.item == item.id).order_by(Coordination.id)
    )
    related = None
    if item.related_id:
        r = Item.get_or_none(Item.id == item.related_id)
        related = LinkedItem(r.id, r.index_no, r.title) if r else None
    interp = tuple(
        LinkedItem(i.id, i.index_no, i.title)
        for i in Item.select(Item.id, Item.index_no, Item.title).where(Item.related == item.id)
    )
    return ItemDetail(
        id=item.id,
        index_no=item.index_no,
        version=item.version,
        status=item.status,
        unit_name=item.unit.name,
        data=_input_of(item),
        created_at=item.created_at,
        updated_at=item.updated_at,
        due_on=due,
        overdue=bool(due and item.status not in (wf.PUBLISHED, wf.WITHDRAWN) and due < today),
        attachments=atts,
        coordinations=coords,
        related=related,
        interpretations=interp,
    )


def history(actor: Actor, item_id: int) -> list[HistoryEntry]:
    """The audit entries about one item, oldest first."""
    actor.require("record.view")
    item = _load(item_id)
    if not actor.can_access_unit(item.unit_id):
        raise NotFound(tr("找不到编号为 {item_id} 的信息。").format(item_id=item_id))
    q = (
        AuditEntry.select()
        .where((AuditEntry.table_name == "item") & (AuditEntry.record_id == str(item_id)))
        .order_by(AuditEntry.id)
    )
    return [HistoryEntry(e.ts, e.user_login, e.action, e.before, e.after) for e in q]


def find_by_index_no(index_no: str) -> int | None:
    row = Item.select(Item.id).where(Item.index_no == index_no.strip()).first()
    return row.id if row else None


# ---------------------------------------------------------------- 索引号


def _root_prefix() -> str:
    root = Unit.select().where(Unit.parent.is_null()).order_by(Unit.id).first()
    return root.index_prefix if root else ""


def index_key(unit: Unit, data: ItemInput, today: dt.date) -> tuple[str, int, int]:
    """(prefix, year, month): year of 发布日期, or of registration while unpublished."""
    prefix = unit.index_prefix or _root_prefix() or unit.code
    when = data.published_on or today
    return prefix, when.year, when.month


def allocate_index(unit: Unit, data: ItemInput, today: dt.date) -> str:
    """Draw the next free 索引号 for the unit's pattern (skipping numbers a legacy import took)."""
    prefix, year, month = index_key(unit, data, today)
    pattern = unit.index_pattern or index_numbers.DEFAULT_PATTERN
    category = data.topic.split("\\")[0] if data.topic else catalogs.TOPIC_OTHER
    while True:
        serial = counters.next_serial(prefix, year)
        number = index_numbers.format_index(pattern, prefix, year, month, serial, category)
        if not Item.select().where(Item.index_no == number).exists():
            return number


def note_legacy_index(unit: Unit, index_no: str) -> None:
    """If a kept legacy number follows the unit's own pattern, later draws continue after it."""
    pattern = unit.index_pattern or index_numbers.DEFAULT_PATTERN
    prefix = unit.index_prefix or _root_prefix() or unit.code
    m = index_numbers.number_regex(pattern, prefix=prefix).match(index_no)
    if m and "serial" in m.groupdict() and "year" in m.groupdict():
        counters.raise_to(prefix, int(m.group("year")), int(m.group("serial")))


# ---------------------------------------------------------------- changes


def search_text_of(item: Item) -> str:
    texts = [
        a.text
        for a in Attachment.select(Attachment.text)
        .where(Attachment.item == item.id)
        .order_by(Attachment.id)
    ]
    return search.compose((item.title, item.doc_no, item.keywords, item.summary, item.body, *texts))


def _fields(data: ItemInput) -> dict:
    return dict(
        title=data.title,
        doc_no=data.doc_no,
        publisher=data.publisher,
        unit=data.unit_id,
        formed_on=data.formed_on,
        published_on=data.published_on,
        disclosure=data.disclosure,
        withhold_ground=data.withhold_ground,
        withhold_reason=data.withhold_reason,
        topic=data.topic,
        genre=data.genre,
        secrecy=data.secrecy,
        validity=data.validity,
        repealed_on=data.repealed_on,
        repealed_by=data.repealed_by,
        validity_reviewed_on=data.validity_reviewed_on,
        changed_on=data.changed_on,
        keywords=data.keywords,
        summary=data.summary,
        body=data.body,
        channels=",".join(data.channels),
        related=data.related_id,
    )


def _unit(unit_id: int) -> Unit:
    unit = Unit.get_or_none(Unit.id == unit_id)
    if unit is None:
        raise InputError(tr("请选择所属单位。"))
    return unit


def insert_item(
    tx,
    actor: Actor,
    data: ItemInput,
    today: dt.date,
    unit: Unit,
    action: str = "item.create",
    batch: str | None = None,
    status: str = wf.DRAFT,
) -> Item:
    """Write one validated item inside an open change (shared by the form and the importer).

    Every new item is a 草稿, whatever its 发布日期 says (PRODUCT.md §4.1): only ``publish``
    after an approved review makes it 已发布. The historical import alone passes 已发布, and
    records the review itself."""
    if data.index_no:
        if Item.select().where(Item.index_no == data.index_no).exists():
            raise InputError(tr("索引号“{index_no}”已被使用。").format(index_no=data.index_no))
        index_no = data.index_no
        note_legacy_index(unit, index_no)
    else:
        index_no = allocate_index(unit, data, today)
    item = Item.create(
        index_no=index_no,
        status=status,
        created_by=actor.user_id,
        import_batch=batch,
        **_fields(data),
    )
    guard_item(None, item)  # a 规章 / 行政规范性文件 in a locked year is refused
    items_gate.note_contributor(item.id, actor.user_id, "created")
    search.set_text(
        item.id, search.compose((item.title, item.doc_no, item.keywords, item.summary, item.body))
    )
    tx.audit(action, "item", item.id, None, row_dict(item))
    return item


def create_item(actor: Actor, data: ItemInput, today: dt.date | None = None) -> tuple[int, Changes]:
    """Register a new item; returns its id. 索引号 is generated unless a legacy one is given."""
    data = require_valid(data)
    unit = _unit(data.unit_id)
    with change(actor, "item.edit", unit.id) as tx:
        item = insert_item(tx, actor, data, today or dt.date.today(), unit)
    return item.id, tx.changes


def _locked_for_edit(actor: Actor, item_id: int, version: int) -> Item:
    item = _load(item_id)
    actor.require("item.edit", item.unit_id)
    if item.version != version:
        raise ConflictError(tr(CONFLICT_MESSAGE))
    return item


def _bump(item: Item, version: int, **fields) -> None:
    """Write fields only if nobody saved in between (optimistic lock on ``version``)."""
    now = dt.datetime.now().replace(microsecond=0)
    n = (
        Item.update(version=Item.version + 1, updated_at=now, **fields)
        .where((Item.id == item.id) & (Item.version == version))
        .execute()
    )
    if n != 1:
        raise ConflictError(tr(CONFLICT_MESSAGE))


def update_item(actor: Actor, item_id: int, data: ItemInput, version: int) -> Changes:
    """Save the form; the 索引号 never changes. ConflictError when someone saved first."""
    data = require_valid(data)
    with change(actor, "item.edit") as tx:
        item = _locked_for_edit(actor, item_id, version)
        actor.require("item.edit", data.unit_id)
        if data.related_id == item.id:
            raise InputError(tr("信息不能关联自身。"))
        apply_update(tx, actor, item, data, version)
    return tx.changes


def content_differs(item: Item, data: ItemInput) -> bool:
    """Whether saving ``data`` changes what a review approves (title and body; attachments
    change through their own functions)."""
    return (item.title or "") != (data.title or "") or (item.body or "") != (data.body or "")


def apply_update(
    tx, actor: Actor, item: Item, data: ItemInput, version: int, action: str = "item.edit"
) -> Item:
    """Write validated ``data`` over ``item`` inside an open change (the form and
    ``items import --update``): a published item's content is refused, an approved item whose
    content changes loses its approval, and the editor becomes one of its drafters."""
    changed = content_differs(item, data)
    if changed:
        items_gate.refuse_if_published(item)
    before = row_dict(item)
    _bump(item, version, **_fields(data))
    fresh = _load(item.id)
    guard_item(item, fresh)
    items_gate.note_contributor(item.id, actor.user_id, "edited")
    if changed:
        items_gate.content_changed(tx, fresh, N_("标题或正文在审查通过后被修改"))
        fresh = _load(item.id)
    search.set_text(item.id, search_text_of(fresh))
    tx.audit(action, "item", item.id, before, row_dict(fresh))
    return fresh


def repeal_item(
    actor: Actor, item_id: int, repealed_on: dt.date, repealed_by: str, version: int
) -> Changes:
    """废止: record the date and the repealing document; the item stays in the register."""
    if not (repealed_by or "").strip():
        raise InputError(tr("请填写废止依据（废止文件的名称或文号）。"))
    with change(actor, "item.edit") as tx:
        item = _locked_for_edit(actor, item_id, version)
        if item.formed_on and repealed_on < item.formed_on:
            raise InputError(tr("废止日期早于成文日期。"))
        before = row_dict(item)
        _bump(
            item,
            version,
            validity=catalogs.REPEALED,
            repealed_on=repealed_on,
            repealed_by=repealed_by.strip(),
            validity_reviewed_on=repealed_on,
        )
        fresh = _load(item_id)
        guard_item(item, fresh)  # 废止 counts in the repeal year and ends 现行有效 after it
        tx.audit("item.repeal", "item", item_id, before, row_dict(fresh))
    return tx.changes


def mark_validity_reviewed(actor: Actor, item_id: int, on: dt.date, version: int) -> Changes:
    """Record that 有效性 was checked on ``on`` (clears the stale flag)."""
    with change(actor, "item.edit") as tx:
        item = _locked_for_edit(actor, item_id, version)
        _bump(item, version, validity_reviewed_on=on)
        tx.audit(
            "item.validity_reviewed",
            "item",
            item_id,
            {"validity_reviewed_on": item.validity_reviewed_on},
            {"validity_reviewed_on": on},
        )
    return tx.changes
