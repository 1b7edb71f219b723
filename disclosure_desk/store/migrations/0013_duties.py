"""0013 — the body's own disclosure duties: rules as data, Art. 44 proposals, hand-overs, training."""

from __future__ import annotations

import datetime as dt

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def up(migrator, db):
    class Base(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class Unit(Base):  # frozen stubs: only the keys the new tables point at
        class Meta:
            table_name = "unit"

    class User(Base):
        class Meta:
            table_name = "user"

    class Item(Base):
        class Meta:
            table_name = "item"

    class DutyRule(Base):
        code = CharField(unique=True)
        name = CharField()
        kind = CharField()
        source = TextField(default="")
        config = TextField(default="{}")
        active = BooleanField(default=True)
        version = IntegerField(default=1)
        updated_by = CharField(default="")
        updated_at = DateTimeField(default=_now)

    class DisclosureProposal(Base):
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        key = CharField()
        content = TextField(default="")
        case_ids = TextField(default="")
        applicants = IntegerField(default=0)
        decision = CharField(default="")
        reason = TextField(default="")
        item = ForeignKeyField(Item, null=True, on_delete="SET NULL")
        decided_by = CharField(default="")
        decided_on = DateField(null=True)

        class Meta:
            indexes = ((("unit", "key"), True),)

    class Handover(Base):
        unit = ForeignKeyField(Unit, null=True, on_delete="RESTRICT")
        year = IntegerField()
        recipient = CharField()
        handed_on = DateField()
        items = IntegerField(default=0)
        files = IntegerField(default=0)
        package_name = CharField(default="")
        package_sha256 = CharField(default="")
        note = TextField(default="")
        recorded_by = CharField(default="")
        created_at = DateTimeField(default=_now)

    class TrainingSession(Base):
        unit = ForeignKeyField(Unit, on_delete="RESTRICT")
        kind = CharField(default="session")
        title = CharField()
        held_on = DateField()
        hours = DecimalField(max_digits=6, decimal_places=1, default=0)
        attendees = IntegerField(default=0)
        attendee_names = TextField(default="")
        note = TextField(default="")
        created_by = ForeignKeyField(User, null=True, on_delete="SET NULL")

        class Meta:
            indexes = ((("held_on",), False),)

    db.create_tables([DutyRule, DisclosureProposal, Handover, TrainingSession])
