"""Read-only queries behind the foundation views: units, users, counts, first pages of lists."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from disclosure_desk.domain import vocabulary
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.store.models import (
    Application,
    Item,
    ItemReview,
    StatEntry,
    Unit,
    User,
    fn,
)


@dataclass(frozen=True)
class UnitRow:
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    index_prefix: str
    parent_id: int | None


@dataclass(frozen=True)
class UserRow:
    id: int
    login: str
    name: str
    unit_name: str
    roles: str
    active: bool
    locked: bool


@dataclass(frozen=True)
class Summary:
    agency: str
    items: int
    items_published: int
    items_draft: int
    reviews_waiting: int
    applications_open: int
    applications_year: int
    units: int


def _unit_filter(actor: Actor, field):
    return True if actor.unit_ids is None else field.in_(list(actor.unit_ids))


def agency_name() -> str:
    root = Unit.select().where(Unit.parent.is_null()).order_by(Unit.id).first()
    return root.name if root else ""


def units(actor: Actor) -> list[UnitRow]:
    actor.require("record.view")
    q = Unit.select().where(_unit_filter(actor, Unit.id)).order_by(Unit.id)
    return [UnitRow(u.id, u.code, u.name, u.short_name, u.kind, u.index_prefix, u.parent_id) for u in q]


def users(actor: Actor) -> list[UserRow]:
    actor.require("user.manage")
    now = dt.datetime.now()
    q = User.select(User, Unit.name.alias("unit_name")).join(Unit).order_by(User.id)
    return [UserRow(u.id, u.login, u.name, u.unit.name, u.roles, u.active,
                    bool(u.locked_until and u.locked_until > now)) for u in q]


def summary(actor: Actor, today: dt.date | None = None) -> Summary:
    actor.require("record.view")
    today = today or dt.date.today()
    items = Item.select().where(_unit_filter(actor, Item.unit))
    apps = Application.select().where(_unit_filter(actor, Application.unit))
    waiting = (ItemReview.select().join(Item)
               .where((ItemReview.decision == "") & _unit_filter(actor, Item.unit)).count())
    return Summary(
        agency=agency_name(),
        items=items.count(),
        items_published=items.where(Item.status == vocabulary.PUBLISHED).count(),
        items_draft=items.where(Item.status == vocabulary.DRAFT).count(),
        reviews_waiting=waiting,
        applications_open=apps.where(Application.replied_on.is_null()).count(),
        applications_year=apps.where(Application.serial_year == today.year).count(),
        units=Unit.select().where(_unit_filter(actor, Unit.id)).count(),
    )


def stats_totals(actor: Actor, year: int) -> dict[str, float]:
    actor.require("report.view")
    row = (StatEntry.select(fn.SUM(StatEntry.licensing), fn.SUM(StatEntry.penalty),
                            fn.SUM(StatEntry.coercion), fn.SUM(StatEntry.fees_yuan))
           .where((StatEntry.year == year) & _unit_filter(actor, StatEntry.unit)).tuples().first())
    keys = ("licensing", "penalty", "coercion", "fees_yuan")
    return {k: float(v or 0) for k, v in zip(keys, row or (0, 0, 0, 0), strict=True)}


@dataclass(frozen=True)
class ItemListRow:
    id: int
    index_no: str
    title: str
    unit_name: str
    disclosure: str
    published_on: dt.date | None
    status: str
    validity: str


def item_page(actor: Actor, offset: int, limit: int) -> list[ItemListRow]:
    actor.require("record.view")
    q = (Item.select(Item.id, Item.index_no, Item.title, Unit.name, Item.disclosure, Item.published_on,
                     Item.status, Item.validity)
         .join(Unit).where(_unit_filter(actor, Item.unit))
         .order_by(Item.id.desc()).offset(offset).limit(limit).tuples())
    return [ItemListRow(*row) for row in q]


@dataclass(frozen=True)
class ReviewRow:
    review_id: int
    item_id: int
    index_no: str
    title: str
    unit_name: str
    submitted_at: dt.datetime


def review_queue(actor: Actor) -> list[ReviewRow]:
    actor.require("record.view")
    q = (ItemReview.select(ItemReview.id, Item.id, Item.index_no, Item.title, Unit.name, ItemReview.submitted_at)
         .join(Item).join(Unit)
         .where((ItemReview.decision == "") & _unit_filter(actor, Item.unit))
         .order_by(ItemReview.submitted_at).tuples())
    return [ReviewRow(*row) for row in q]


@dataclass(frozen=True)
class ApplicationListRow:
    id: int
    reg_no: str
    unit_name: str
    received_on: dt.date
    applicant_name: str
    applicant_type: str
    channel: str
    outcome_code: str
    replied_on: dt.date | None
    extended: bool
    correction_received_on: dt.date | None


def application_page(actor: Actor, offset: int, limit: int, open_only: bool = False) -> list[ApplicationListRow]:
    actor.require("record.view")
    q = (Application.select(Application.id, Application.reg_no, Unit.name, Application.received_on,
                            Application.applicant_name, Application.applicant_type, Application.channel,
                            Application.outcome_code, Application.replied_on, Application.extended,
                            Application.correction_received_on)
         .join(Unit).where(_unit_filter(actor, Application.unit)))
    if open_only:
        q = q.where(Application.replied_on.is_null())
    q = q.order_by(Application.received_on.desc(), Application.id.desc()).offset(offset).limit(limit)
    return [ApplicationListRow(*row) for row in q.tuples()]
