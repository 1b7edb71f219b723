"""Migration 0006: the report indexes exist in a migrated database and match the models' Meta."""

from __future__ import annotations

from disclosure_desk.store.models import ALL_MODELS, Appeal, Application, Item, database_proxy

REPORT_INDEXES = {
    "item": {("genre",), ("published_on",), ("created_at",)},
    "application": {("serial_year",)},
    "appeal": {("filed_on",)},
}


def _index_columns(table: str) -> set[tuple[str, ...]]:
    return {tuple(ix.columns) for ix in database_proxy.obj.get_indexes(table)}


def test_report_indexes_exist_after_migration(db):
    for table, wanted in REPORT_INDEXES.items():
        assert wanted <= _index_columns(table), table
    names = {
        ix.name
        for m in (Item, Application, Appeal)
        for ix in database_proxy.obj.get_indexes(m._meta.table_name)
    }
    assert {"item_genre", "application_serial_year", "appeal_filed_on"} <= names


def test_every_declared_index_is_in_the_database(db):
    for model in ALL_MODELS:
        have = _index_columns(model._meta.table_name)
        for columns, _unique in model._meta.indexes:
            cols = tuple(model._meta.fields[c].column_name for c in columns)
            assert cols in have, f"{model._meta.table_name} index {cols}"
