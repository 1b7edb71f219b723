"""0004 — application details: the pause kind of an event, fee pages and the amount collected."""

from __future__ import annotations

from peewee import CharField, DecimalField, IntegerField


def up(migrator, db):
    migrator.migrate(
        # third_party / other_body for consultation pauses; "" for other events.
        migrator.add_column("application_event", "party", CharField(default="")),
        # Pages of the information provided (按量 fee) and the fee actually collected.
        migrator.add_column("application", "fee_pages", IntegerField(null=True)),
        migrator.add_column(
            "application",
            "fee_collected",
            DecimalField(max_digits=12, decimal_places=2, default=0),
        ),
    )
