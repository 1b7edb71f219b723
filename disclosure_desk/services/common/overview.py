"""Read-only queries behind the foundation views: the agency, the units an actor sees, headline counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from disclosure_desk.domain import vocabulary
from disclosure_desk.domain.permissions import Actor
from disclosure_desk.services.common.scope import visible
from disclosure_desk.store.models import (
    Application,
    Item,
    ItemReview,
    Unit,
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
class Summary:
    agency: str
    items: int
    items_published: int
    items_draft: int
    reviews_waiting: int
    applications_open: int
    applications_year: int
    units: int


def agency_name() -> str:
    root = Unit.select().where(Unit.parent.is_null()).order_by(Unit.id).first()
    return root.name if root else ""


def units(actor: Actor) -> list[UnitRow]:
    actor.require("record.view")
    q = Unit.select().where(visible(actor, Unit.id)).order_by(Unit.id)
    return [
        UnitRow(u.id, u.code, u.name, u.short_name, u.kind, u.index_prefix, u.parent_id) for u in q
    ]


def summary(actor: Actor, today: dt.date | None = None) -> Summary:
    actor.require("record.view")
    today = today or dt.date.today()
    items = Item.select().where(visible(actor, Item.unit))
    apps = Application.select().where(visible(actor, Application.unit))
    waiting = (
        ItemReview.select()
        .join(Item)
        .where((ItemReview.decision == "") & visible(actor, Item.unit))
        .count()
    )
    return Summary(
        agency=agency_name(),
        items=items.count(),
        items_published=items.where(Item.status == vocabulary.PUBLISHED).count(),
        items_draft=items.where(Item.status == vocabulary.DRAFT).count(),
        reviews_waiting=waiting,
        applications_open=apps.where(Application.replied_on.is_null()).count(),
        applications_year=apps.where(Application.serial_year == today.year).count(),
        units=Unit.select().where(visible(actor, Unit.id)).count(),
    )
